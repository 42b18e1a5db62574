import type { MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';
import { ClusterRequestError } from '../../lifecycle/clusters/ClusterRequestError';

/*
 * Layer 3: the config cluster's server-side dry run (the CRD's schema with
 * its CEL rules, and istiod's validating webhook). A refusal becomes
 * messages about the object: one per cause the API server's Status names
 * (`details.causes[].field`), else one with its reason.
 */

/** The object refused, as the request named it. */
export interface RefusedObject {
  kind: string;
  metadata: { namespace: string; name: string };
}

/** The messages for one object the dry run refused. */
export function dryRunRefusal(object: RefusedObject, objectIndex: number, cluster: string, error: unknown): MeshPolicyMessage[] {
  const base = {
    level: 'error' as const,
    layer: 'dry-run' as const,
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
    objectIndex,
  };
  const reason = error instanceof ClusterRequestError ? error.reason : (error as Error).message;
  const fix = `Correct the object as ${cluster}'s API server or istiod's webhook says, and validate again.`;
  const causes = (error instanceof ClusterRequestError ? error.causes : []).filter(c => c.field || c.message);
  if (causes.length === 0) {
    return [{ ...base, message: `${cluster} refused it in a dry run: ${reason}`, fix }];
  }
  return causes.map(c => ({
    ...base,
    ...(c.field ? { field: c.field.replace(/^\./, '') } : {}),
    message: `${cluster} refused it in a dry run: ${c.message ?? reason}`,
    fix,
  }));
}
