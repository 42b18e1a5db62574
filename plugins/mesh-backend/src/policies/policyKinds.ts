import {
  meshSecurityPolicyWritePermission,
  meshTrafficPolicyWritePermission,
} from '@meshfleet/plugin-mesh-common';

/*
 * The Istio configuration kinds Meshfleet manages as a mesh's policies, and
 * the permission that writing each takes. All are namespaced and live in the
 * mesh's config cluster only: that is the cluster istiod reads them from.
 */

/** One kind of Istio policy. */
export interface PolicyKind {
  apiVersion: string;
  kind: string;
  /** Traffic kinds take `mesh.policy.traffic.write`, security kinds `mesh.policy.security.write`. */
  area: 'traffic' | 'security';
}

const NETWORKING = 'networking.istio.io/v1';
const SECURITY = 'security.istio.io/v1';
const TELEMETRY = 'telemetry.istio.io/v1';

/** Every kind Meshfleet lists, validates and writes, in the order lists show them. */
export const POLICY_KINDS: readonly PolicyKind[] = [
  { apiVersion: NETWORKING, kind: 'VirtualService', area: 'traffic' },
  { apiVersion: NETWORKING, kind: 'DestinationRule', area: 'traffic' },
  { apiVersion: NETWORKING, kind: 'Gateway', area: 'traffic' },
  { apiVersion: NETWORKING, kind: 'ServiceEntry', area: 'traffic' },
  { apiVersion: NETWORKING, kind: 'Sidecar', area: 'traffic' },
  { apiVersion: NETWORKING, kind: 'WorkloadEntry', area: 'traffic' },
  { apiVersion: SECURITY, kind: 'PeerAuthentication', area: 'security' },
  { apiVersion: SECURITY, kind: 'RequestAuthentication', area: 'security' },
  { apiVersion: SECURITY, kind: 'AuthorizationPolicy', area: 'security' },
  // Telemetry changes what the proxies report, not who may call whom: a traffic concern.
  { apiVersion: TELEMETRY, kind: 'Telemetry', area: 'traffic' },
];

/** The kind named by a kind name (`VirtualService`), or undefined. */
export function policyKindNamed(kind: string): PolicyKind | undefined {
  return POLICY_KINDS.find(k => k.kind === kind);
}

/** The permission a write of policies of this area takes. */
export function writePermissionOf(area: PolicyKind['area']) {
  return area === 'security' ? meshSecurityPolicyWritePermission : meshTrafficPolicyWritePermission;
}
