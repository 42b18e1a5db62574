import type { MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';

/*
 * The level of each code Meshfleet reports. The rule: an error when the
 * policy, or a part of it, cannot work as written (it refers to nothing,
 * conflicts with another, is never used, or splits traffic wrongly), since
 * applying it would change nothing or something unintended; a warning when
 * it works but is risky. Istio's own levels differ for a few codes (noted);
 * the README's Validation table is this table.
 */
export const LEVELS: Record<string, MeshPolicyMessage['level']> = {
  IST0101: 'error', // ReferencedResourceNotFound
  IST0106: 'error', // SchemaValidationError
  IST0109: 'error', // ConflictingMeshGatewayVirtualServiceHosts
  IST0110: 'error', // ConflictingSidecarWorkloadSelectors
  IST0111: 'error', // MultipleSidecarsWithoutWorkloadSelectors
  IST0112: 'error', // VirtualServiceDestinationPortSelectorRequired
  IST0127: 'error', // NoMatchingWorkloadsFound (Istio: warning; the policy applies to nothing)
  IST0128: 'error', // NoServerCertificateVerificationDestinationLevel (Istio: warning; TLS that trusts any server)
  IST0129: 'error', // NoServerCertificateVerificationPortLevel (Istio: warning; the same per port)
  IST0130: 'error', // VirtualServiceUnreachableRule (Istio: warning; the rule is never used)
  IST0131: 'warning', // VirtualServiceIneffectiveMatch (Istio: info; an earlier rule serves the match)
  IST0133: 'warning', // SchemaWarning (a DENY rule of HTTP attributes only denies all TCP traffic)
  IST0132: 'error', // VirtualServiceHostNotFoundInGateway (Istio: warning; the gateway never serves the route)
  IST0145: 'error', // ConflictingGateways
  IST0162: 'error', // GatewayPortNotDefinedOnService (Istio: warning; the port cannot be reached)
  IST0173: 'error', // DestinationRuleSubsetNotSelectPods
  IST0174: 'error', // UnknownDestinationRuleHost (Istio: warning; the rule applies to nothing)
  MSH0001: 'error', // route weights do not sum to 100
  MSH0002: 'error', // STRICT mTLS for a workload that callers without a sidecar reach
  MSH0003: 'error', // AuthorizationPolicy denying all traffic by accident
  MSH0004: 'info', // a check skipped (a cluster unreadable, no traffic data)
};

/** The level of a code; an unknown code is an error (better refused than applied unchecked). */
export function levelOf(code: string): MeshPolicyMessage['level'] {
  return LEVELS[code] ?? 'error';
}
