import { ConflictError } from '@backstage/errors';
import type { V1Deployment } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { ClusterClient } from '../clusters/ClusterClient';
import { ISTIO_NAMESPACE } from './names';

/*
 * A canary revision left beside the mesh's own (an upgrade not confirmed
 * with removeOld, a rollback without removeNew) has Helm releases the steps
 * of cluster.leave and mesh.delete do not know: they remove the mesh's
 * recorded revision. Leaving or deleting then would strand a running istiod
 * (or a member's remote profile pointing at it), so both are refused until
 * the upgrade is finished or rolled back.
 */

/** The istiod revisions installed in the control plane other than the mesh's recorded one, sorted. */
export async function otherIstiodRevisions(controlPlane: ClusterClient, record: MeshRecord): Promise<string[]> {
  const deployments = await controlPlane.list<V1Deployment>('apps/v1', 'Deployment', {
    namespace: ISTIO_NAMESPACE,
    labelSelector: 'app=istiod',
  });
  // The istiod chart labels its Deployment `istio.io/rev: <revision>`, `default` when none is set.
  const revisions = deployments.map(d => d.metadata?.labels?.['istio.io/rev'] ?? 'default');
  return [...new Set(revisions)].filter(r => r !== record.revision).sort();
}

/**
 * ConflictError naming the canary revisions and the two ways out, when one
 * runs beside the mesh's revision; `operation` is the refused kind.
 */
export async function assertNoUnfinishedUpgrade(
  controlPlane: ClusterClient,
  record: MeshRecord,
  operation: 'cluster.leave' | 'mesh.delete',
): Promise<void> {
  const others = await otherIstiodRevisions(controlPlane, record);
  if (others.length === 0) return;
  const listed = others.join(', ');
  throw new ConflictError(
    `meshId: mesh '${record.id}' runs istiod revision ${listed} beside its revision ${record.revision} in '${record.controlPlaneCluster}' ` +
      `(an upgrade not finished); ${operation} would leave it installed. Finish the upgrade (mesh.upgrade to ${others[0]} with removeOld: true) ` +
      `or roll it back (mesh.rollback with fromRevision: ${others[0]} and removeNew: true), then run ${operation} again`,
  );
}
