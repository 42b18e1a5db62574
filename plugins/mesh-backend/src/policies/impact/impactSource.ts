import type { MeshDetail, MeshPolicyImpact } from '@meshfleet/plugin-mesh-common';
import type { ObservabilityService } from '../../observability';
import type { TopologyGraph } from '../../observability/topology/types';
import { ImpactObject, policyImpact } from './policyImpact';

/**
 * The impact preview of an apply: the mesh model's services, and the mesh's
 * topology over the default window when a Prometheus is configured. Without
 * one, or when it cannot answer, the preview has no edges and says why.
 */
export function impactSource(observability: ObservabilityService | undefined) {
  return async (mesh: MeshDetail, objects: ImpactObject[]): Promise<MeshPolicyImpact> => {
    const notes: string[] = [];
    let topology: TopologyGraph | undefined;
    if (!observability || !observability.status(mesh).prometheus.configured) {
      notes.push(`no Prometheus configured for mesh '${mesh.id}': traffic edges not shown`);
    } else {
      try {
        topology = await observability.topology(mesh, {});
      } catch (error) {
        notes.push(`Prometheus of mesh '${mesh.id}' could not answer (${(error as Error).message}): traffic edges not shown`);
      }
    }
    return policyImpact(objects, mesh.services, topology, notes);
  };
}
