import { NotFoundError } from '@backstage/errors';
import type { MeshPolicyChange, MeshPolicyDriftItem, MeshPolicyRef, MeshView } from '@meshfleet/plugin-mesh-common';
import type { ClusterConnector } from '../../lifecycle/clusters/ClusterConnector';
import type { ClusterRequestError } from '../../lifecycle/clusters/ClusterRequestError';
import { PolicyConflictError } from '../errors';
import type { PolicyHistory } from '../history/PolicyHistory';
import { contentOf, PolicyContent, policyDiff } from '../history/policyDiff';
import { policyKindNamed } from '../policyKinds';
import type { PolicyService } from '../PolicyService';
import { driftOf } from './driftItems';

/** The object to write for a policy's content (server-side apply sends only what Meshfleet owns). */
function objectOf(ref: MeshPolicyRef, content: PolicyContent) {
  const kind = policyKindNamed(ref.kind)!;
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      ...(content.labels ? { labels: content.labels } : {}),
      ...(content.annotations ? { annotations: content.annotations } : {}),
    },
    spec: (content.spec ?? {}) as Record<string, unknown>,
  };
}

/**
 * Drift of a mesh's policies from what Meshfleet last wrote, and the two ways
 * out of it: adopt (what is there becomes Meshfleet's) and revert (what
 * Meshfleet wrote is put back). Both write to the config cluster only and are
 * recorded in the history, so the object is no longer drifted afterwards.
 */
export class PolicyDrift {
  constructor(
    private readonly clusters: ClusterConnector,
    private readonly policies: PolicyService,
    private readonly history: PolicyHistory,
  ) {}

  /** Every drifted policy of the mesh's config cluster. */
  async list(mesh: MeshView): Promise<MeshPolicyDriftItem[]> {
    const [{ policies }, lastWritten] = await Promise.all([this.policies.list(mesh), this.history.lastWritten(mesh.id)]);
    return driftOf(mesh.id, policies, lastWritten);
  }

  /**
   * Records the policy as it is now as Meshfleet's and takes ownership of its
   * fields (a forced server-side apply as `meshfleet`); one deleted outside is
   * recorded as deleted.
   */
  async adopt(mesh: MeshView, ref: MeshPolicyRef, actor: string): Promise<MeshPolicyChange> {
    const item = await this.driftedOne(mesh, ref);
    let after: PolicyContent | undefined;
    if (item.current) {
      const client = await this.clusters.forCluster(this.policies.configClusterOf(mesh));
      after = contentOf(await client.apply(objectOf(ref, contentOf(item.current)!)));
    }
    const [change] = await this.history.record(mesh.id, [{ ...ref, actor, action: 'adopted', diff: item.diff, after }]);
    return change;
  }

  /**
   * Puts back what Meshfleet last wrote: restores a changed policy exactly
   * (fields added outside removed; a change since the drift was read is a
   * 409), deletes one added outside, recreates one deleted outside.
   */
  async revert(mesh: MeshView, ref: MeshPolicyRef, actor: string): Promise<MeshPolicyChange> {
    const item = await this.driftedOne(mesh, ref);
    const last = (await this.history.lastWritten(mesh.id)).find(
      w => w.kind === ref.kind && w.namespace === ref.namespace && w.name === ref.name,
    )?.after;
    const client = await this.clusters.forCluster(this.policies.configClusterOf(mesh));
    const kind = policyKindNamed(ref.kind)!;
    let after: PolicyContent | undefined;
    if (last && item.current) {
      // A replace, not an apply: server-side apply would keep fields another manager added.
      const { metadata } = objectOf(ref, last);
      const exact = { ...objectOf(ref, last), metadata: { ...metadata, resourceVersion: item.current.metadata.resourceVersion } };
      after = contentOf(await client.replace(exact).catch(error => this.staleRevert(mesh, ref, error)));
    } else if (last) {
      after = contentOf(await client.apply(objectOf(ref, last)));
    } else {
      await client.delete({ apiVersion: kind.apiVersion, kind: kind.kind, namespace: ref.namespace, name: ref.name });
    }
    const diff = policyDiff(`${ref.kind}/${ref.namespace}/${ref.name}`, contentOf(item.current), after);
    const [change] = await this.history.record(mesh.id, [{ ...ref, actor, action: 'reverted', diff, after }]);
    return change;
  }

  /** A revert that lost a race with another write: the policy 409, with the object as it is now. */
  private async staleRevert(mesh: MeshView, ref: MeshPolicyRef, error: unknown): Promise<never> {
    if ((error as ClusterRequestError).status !== 409) throw error;
    const now = await this.policies.get(mesh, policyKindNamed(ref.kind)!, ref.namespace, ref.name).catch(() => undefined);
    throw new PolicyConflictError(`${ref.kind} ${ref.namespace}/${ref.name} changed again while it was being reverted; nothing was reverted`, now);
  }

  private async driftedOne(mesh: MeshView, ref: MeshPolicyRef): Promise<MeshPolicyDriftItem> {
    const item = (await this.list(mesh)).find(i => i.kind === ref.kind && i.namespace === ref.namespace && i.name === ref.name);
    if (!item) {
      throw new NotFoundError(`${ref.kind} ${ref.namespace}/${ref.name} has not drifted in mesh '${mesh.id}': it is as Meshfleet last wrote it`);
    }
    return item;
  }
}
