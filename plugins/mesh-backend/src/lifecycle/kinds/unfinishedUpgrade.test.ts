import type { V1Deployment } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { ClusterClient } from '../clusters/ClusterClient';
import { assertNoUnfinishedUpgrade, otherIstiodRevisions } from './unfinishedUpgrade';

/*
 * cluster.leave and mesh.delete are refused while a canary revision runs
 * beside the mesh's: read from the control plane's istiod Deployments.
 */

function istiod(revision?: string): V1Deployment {
  const labels: Record<string, string> = { app: 'istiod' };
  if (revision) labels['istio.io/rev'] = revision;
  return { metadata: { name: revision && revision !== 'default' ? `istiod-${revision}` : 'istiod', namespace: 'istio-system', labels } };
}

function controlPlane(deployments: V1Deployment[], asked: unknown[]): ClusterClient {
  return {
    cluster: 'mesh-cp',
    list: async (...args: unknown[]) => {
      asked.push(args);
      return deployments as never[];
    },
  } as unknown as ClusterClient;
}

const record = { id: 'payments', revision: 'stable', controlPlaneCluster: 'mesh-cp' } as MeshRecord;

describe('otherIstiodRevisions', () => {
  it("lists the control plane's istiod revisions other than the mesh's, reading only istio-system's istiod Deployments", async () => {
    const asked: unknown[] = [];
    const revisions = await otherIstiodRevisions(controlPlane([istiod('stable'), istiod('canary'), istiod('canary'), istiod()], asked), record);
    expect(revisions).toEqual(['canary', 'default']);
    expect(asked).toEqual([['apps/v1', 'Deployment', { namespace: 'istio-system', labelSelector: 'app=istiod' }]]);
  });
});

describe('assertNoUnfinishedUpgrade', () => {
  it('passes when only the mesh revision runs', async () => {
    await expect(assertNoUnfinishedUpgrade(controlPlane([istiod('stable')], []), record, 'mesh.delete')).resolves.toBeUndefined();
  });

  it('refuses with a 409 that names the canary and both ways out', async () => {
    const refusal = assertNoUnfinishedUpgrade(controlPlane([istiod('stable'), istiod('canary')], []), record, 'cluster.leave');
    await expect(refusal).rejects.toMatchObject({
      name: 'ConflictError',
      message:
        "meshId: mesh 'payments' runs istiod revision canary beside its revision stable in 'mesh-cp' (an upgrade not finished); " +
        'cluster.leave would leave it installed. Finish the upgrade (mesh.upgrade to canary with removeOld: true) ' +
        'or roll it back (mesh.rollback with fromRevision: canary and removeNew: true), then run cluster.leave again',
    });
  });
});
