import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import { assertClusterFree, assertKnownCluster as assertRegistryKnows, RegistryContext } from '../../service/validation';
import type { LifecycleServices } from '../services';
import { meshRecord } from './common';

/*
 * Refusals shared by cluster.join and cluster.leave, each naming the field
 * and what is wrong.
 */

/** The mesh, which must be a hosted one (the only type with members Meshfleet onboards). */
export async function hostedMesh(services: LifecycleServices, meshId: string): Promise<MeshRecord> {
  const record = await meshRecord(services, meshId);
  if (record.type === 'dedicated') {
    throw new InputError(`meshId: mesh '${meshId}' is dedicated: its control-plane cluster is its only cluster, it takes no members`);
  }
  if (record.type === 'external') {
    throw new InputError(`meshId: mesh '${meshId}' is external: Meshfleet adopted it and does not change its installation`);
  }
  return record;
}

/** What the registry's checks compare with: the clusters Meshfleet reaches and the stored meshes. */
export async function registryContext(services: LifecycleServices): Promise<RegistryContext> {
  const [knownClusters, records] = await Promise.all([services.clusters.knownClusters(), services.store.listMeshes()]);
  return { knownClusters, records };
}

/** A cluster Meshfleet knows, with the registry's message. */
export async function assertKnownCluster(services: LifecycleServices, cluster: string, field: string): Promise<void> {
  assertRegistryKnows(field, cluster, await registryContext(services));
}

/** A cluster that belongs to no mesh but `meshId`, neither by record (the registry's check) nor by what runs in it. */
export async function assertNotInAnotherMesh(
  services: LifecycleServices,
  cluster: string,
  meshId: string,
  field: string,
): Promise<void> {
  assertClusterFree(field, cluster, meshId, await registryContext(services));
  const { clusters } = await services.model.getModel();
  const discovered = clusters.find(c => c.name === cluster)?.meshId;
  if (discovered && discovered !== meshId) {
    throw new ConflictError(`${field}: cluster '${cluster}' runs Istio of mesh '${discovered}' (discovered); a cluster belongs to one mesh`);
  }
}

/** The member entry of `cluster`, or NotFoundError naming it. */
export function memberOf(record: MeshRecord, cluster: string): { cluster: string; network: string } {
  const member = record.members.find(m => m.cluster === cluster);
  if (!member) {
    throw new NotFoundError(`cluster: '${cluster}' is not a member of mesh '${record.id}'`);
  }
  return member;
}
