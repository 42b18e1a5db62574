import type { MeshPolicy, MeshPolicyKind } from '@meshfleet/plugin-mesh-common';
import { stringify } from 'yaml';

/** The kinds the policies API manages, with their apiVersion, in the order the create menu lists them. */
export const POLICY_KINDS: ReadonlyArray<{ kind: MeshPolicyKind; apiVersion: string }> = [
  { kind: 'VirtualService', apiVersion: 'networking.istio.io/v1' },
  { kind: 'DestinationRule', apiVersion: 'networking.istio.io/v1' },
  { kind: 'Gateway', apiVersion: 'networking.istio.io/v1' },
  { kind: 'ServiceEntry', apiVersion: 'networking.istio.io/v1' },
  { kind: 'Sidecar', apiVersion: 'networking.istio.io/v1' },
  { kind: 'WorkloadEntry', apiVersion: 'networking.istio.io/v1' },
  { kind: 'PeerAuthentication', apiVersion: 'security.istio.io/v1' },
  { kind: 'RequestAuthentication', apiVersion: 'security.istio.io/v1' },
  { kind: 'AuthorizationPolicy', apiVersion: 'security.istio.io/v1' },
  { kind: 'Telemetry', apiVersion: 'telemetry.istio.io/v1' },
];

/**
 * The smallest spec of each kind that says what to fill in: the fields a user
 * has to decide, with placeholder values the validation flags until changed.
 */
const EMPTY_SPECS: Record<MeshPolicyKind, Record<string, unknown>> = {
  VirtualService: { hosts: ['my-service'], http: [{ route: [{ destination: { host: 'my-service' } }] }] },
  DestinationRule: { host: 'my-service', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
  Gateway: {
    selector: { istio: 'ingressgateway' },
    servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['my-service.example.com'] }],
  },
  ServiceEntry: {
    hosts: ['api.example.com'],
    location: 'MESH_EXTERNAL',
    ports: [{ number: 443, name: 'https', protocol: 'TLS' }],
    resolution: 'DNS',
  },
  Sidecar: { egress: [{ hosts: ['./*', 'istio-system/*'] }] },
  WorkloadEntry: { address: '10.0.0.1', labels: { app: 'my-service' } },
  PeerAuthentication: { mtls: { mode: 'STRICT' } },
  RequestAuthentication: {
    selector: { matchLabels: { app: 'my-service' } },
    jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/.well-known/jwks.json' }],
  },
  AuthorizationPolicy: {
    selector: { matchLabels: { app: 'my-service' } },
    action: 'ALLOW',
    rules: [{ from: [{ source: { principals: ['cluster.local/ns/my-namespace/sa/my-caller'] } }] }],
  },
  Telemetry: { accessLogging: [{ providers: [{ name: 'envoy' }] }] },
};

/** YAML for a new policy of a kind, in `namespace`, for the editor to start from. */
export function policyTemplate(kind: MeshPolicyKind, namespace = 'default'): string {
  const { apiVersion } = POLICY_KINDS.find(k => k.kind === kind)!;
  const name = `my-${kind.toLocaleLowerCase('en-US')}`;
  return stringify({ apiVersion, kind, metadata: { name, namespace }, spec: EMPTY_SPECS[kind] });
}

/**
 * YAML of a policy as the editor shows it for a change: what a user writes
 * (apiVersion, kind, name, namespace, labels, annotations, spec) and the
 * `resourceVersion`, so that a change of an object changed since is refused
 * (409) instead of overwriting someone else's change.
 */
export function policyToYaml(policy: MeshPolicy): string {
  const { name, namespace, resourceVersion, labels, annotations } = policy.metadata;
  return stringify({
    apiVersion: policy.apiVersion,
    kind: policy.kind,
    metadata: { name, namespace, resourceVersion, labels, annotations },
    spec: policy.spec,
  });
}

/** `namespace/name` of a policy, as the lists show it. */
export function policyRef(policy: { metadata: { namespace: string; name: string } }): string {
  return `${policy.metadata.namespace}/${policy.metadata.name}`;
}
