import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { V1Deployment, V1MutatingWebhookConfiguration, V1Namespace } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { LifecycleServices } from '../services';
import { reachableCluster } from './common';
import { emptyPushBugRisk, helmOwner, tagRevision, tagWebhookName } from './revisionTags';
import { meshClusters } from './revisionMoveSteps';
import type { RevisionMove } from './upgradeParams';

/*
 * Refusals `mesh.upgrade` and `mesh.rollback` share, before anything
 * changes; each names the field and what is wrong.
 */

/** The mesh's record, which must be hosted or dedicated (Meshfleet installed its istiod). */
export function assertInstalledByMeshfleet(record: MeshRecord): void {
  if (record.type === 'external') {
    throw new InputError(`meshId: mesh '${record.id}' is external: Meshfleet adopted it and does not change its installation`);
  }
}

function assertInMesh(record: MeshRecord, cluster: string, field: string): void {
  if (!meshClusters(record).includes(cluster)) {
    throw new InputError(`${field}: cluster '${cluster}' is not in mesh '${record.id}'; expected one of ${meshClusters(record).join(', ')}`);
  }
}

/** Checks every named tag: it exists in some cluster of the mesh, points at `from` or `to`, and no Helm release owns it. */
async function checkTags(services: LifecycleServices, record: MeshRecord, tags: string[], from: string, to: string): Promise<void> {
  for (const [i, tag] of tags.entries()) {
    let found = false;
    for (const cluster of meshClusters(record)) {
      const client = await services.clusters.forCluster(cluster);
      const webhook = await client.get<V1MutatingWebhookConfiguration>({
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'MutatingWebhookConfiguration',
        name: tagWebhookName(tag),
      });
      if (!webhook) continue;
      found = true;
      const target = tagRevision(webhook);
      if (target !== from && target !== to) {
        throw new ConflictError(`tags[${i}]: tag '${tag}' points at revision '${target}' in ${cluster}, not at '${from}'`);
      }
      const owner = helmOwner(webhook);
      if (owner) {
        throw new ConflictError(
          `tags[${i}]: tag '${tag}' in ${cluster} belongs to Helm release '${owner}' (its revisionTags); Helm would delete it again on that release's next upgrade. Remove it from the release's revisionTags after recreating it with 'istioctl tag set ${tag} --revision ${target} --overwrite', then retry`,
        );
      }
    }
    if (!found) {
      throw new NotFoundError(`tags[${i}]: tag '${tag}' points nowhere: no ${tagWebhookName(tag)} in any cluster of mesh '${record.id}'`);
    }
  }
}

async function checkNamespaces(services: LifecycleServices, record: MeshRecord, params: RevisionMove): Promise<void> {
  for (const [i, { cluster, namespace }] of params.namespaces.entries()) {
    assertInMesh(record, cluster, `namespaces[${i}].cluster`);
    const client = await services.clusters.forCluster(cluster);
    const found = await client.get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
    if (!found) throw new NotFoundError(`namespaces[${i}].namespace: no namespace '${namespace}' in ${cluster}`);
    if (found.metadata?.labels?.['istio-injection']) {
      throw new ConflictError(
        `namespaces[${i}]: namespace '${namespace}' in ${cluster} has istio-injection=${found.metadata.labels['istio-injection']}, which Istio prefers over istio.io/rev; move it with the 'default' tag, or remove that label first`,
      );
    }
  }
}

async function checkWorkloads(services: LifecycleServices, record: MeshRecord, params: RevisionMove): Promise<void> {
  for (const [i, w] of (params.restart.workloads ?? []).entries()) {
    assertInMesh(record, w.cluster, `restart.workloads[${i}].cluster`);
    const client = await services.clusters.forCluster(w.cluster);
    const found = await client.get<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: w.namespace, name: w.name });
    if (!found) throw new NotFoundError(`restart.workloads[${i}]: no Deployment ${w.namespace}/${w.name} in ${w.cluster}`);
  }
}

/**
 * Refuses a tag move away from an istiod version affected by
 * istio/istio#59959 unless the request accepts the risk.
 */
export function checkEmptyPushRisk(params: RevisionMove, movesTags: boolean, fromVersion: string): string | undefined {
  const risk = movesTags ? emptyPushBugRisk(fromVersion) : undefined;
  if (risk && !params.acceptEmptyPushRisk) {
    throw new InputError(
      `tags: ${risk}. Move namespaces instead (namespaces, with tags: []), upgrade from a fixed version, or set acceptEmptyPushRisk: true and restart the gateways right after the move`,
    );
  }
  return risk;
}

/** The tags a move would move now: those named, else those pointing at `from` in some cluster. */
async function tagsPointingAt(services: LifecycleServices, record: MeshRecord, from: string): Promise<string[]> {
  const tags = new Set<string>();
  for (const cluster of meshClusters(record)) {
    const client = await services.clusters.forCluster(cluster);
    const webhooks = await client.list<V1MutatingWebhookConfiguration>('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', {
      labelSelector: `istio.io/tag,istio.io/rev=${from}`,
    });
    webhooks.forEach(w => tags.add(w.metadata!.labels!['istio.io/tag']));
  }
  return [...tags];
}

/** Every check of a move from `from` (istiod `fromVersion`) to `to`: clusters reachable, tags, namespaces, workloads, #59959. */
export async function validateMove(
  services: LifecycleServices,
  record: MeshRecord,
  params: RevisionMove,
  move: { from: string; to: string; fromVersion: string },
): Promise<void> {
  for (const cluster of meshClusters(record)) {
    await reachableCluster(services, cluster, cluster === record.controlPlaneCluster ? 'control-plane' : 'member');
  }
  if (params.tags) await checkTags(services, record, params.tags, move.from, move.to);
  await checkNamespaces(services, record, params);
  await checkWorkloads(services, record, params);
  const movesTags = params.tags ? params.tags.length > 0 : (await tagsPointingAt(services, record, move.from)).length > 0;
  checkEmptyPushRisk(params, movesTags, move.fromVersion);
}
