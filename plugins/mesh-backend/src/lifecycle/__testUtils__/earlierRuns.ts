import type { NewMesh } from '../../database/MeshStore';
import { clusterLeaveKind } from '../kinds/clusterLeave';
import { meshDeleteKind } from '../kinds/meshDelete';
import { ISTIO_NAMESPACE, MESHFLEET_NAMESPACE, MULTICLUSTER_SECRET_LABEL } from '../kinds/names';
import type { LifecycleServices } from '../services';
import { runKind } from './fleetLifecycle';

/**
 * Removes what an interrupted earlier run of a fleet test left of its hosted
 * mesh, with the kinds themselves: the mesh is registered in `services`'
 * registry (a run's registry does not outlive it) with every member the
 * test joins, then each member leaves and the mesh is deleted, as a user
 * would clean up. Nothing happens when neither the control plane (root CA,
 * remote secrets) nor a member (cacerts) holds anything of a mesh.
 */
export async function removeEarlierRun(services: LifecycleServices, mesh: NewMesh): Promise<void> {
  const controlPlane = await services.clusters.forCluster(mesh.controlPlaneCluster);
  const root = await controlPlane.get({ apiVersion: 'v1', kind: 'Secret', namespace: MESHFLEET_NAMESPACE, name: 'meshfleet-root-ca' });
  const remotes = await controlPlane.list('v1', 'Secret', { namespace: ISTIO_NAMESPACE, labelSelector: `${MULTICLUSTER_SECRET_LABEL}=true` });
  const memberCacerts = await Promise.all(
    mesh.members.map(async m =>
      (await services.clusters.forCluster(m.cluster)).get({ apiVersion: 'v1', kind: 'Secret', namespace: ISTIO_NAMESPACE, name: 'cacerts' }),
    ),
  );
  if (!root && remotes.length === 0 && !memberCacerts.some(Boolean)) return;
  if (!(await services.store.getMesh(mesh.id))) await services.store.createMesh(mesh);
  for (const member of mesh.members) {
    await runKind(clusterLeaveKind, { kind: 'cluster.leave', meshId: mesh.id, cluster: member.cluster }, services);
  }
  await runKind(meshDeleteKind(), { kind: 'mesh.delete', meshId: mesh.id }, services);
}
