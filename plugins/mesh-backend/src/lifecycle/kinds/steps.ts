import type { KubernetesObject } from '@kubernetes/client-node';
import type { ClusterClient } from '../clusters/ClusterClient';
import { refOf } from '../clusters/objectRefs';
import { helmOptions, LifecycleContext, LifecycleStep, noChanges } from './common';
import { planUninstall } from './helmReleases';
import { applyObject, describeOutcome, planApply } from './objectChanges';

/*
 * Step shapes several kinds share: apply one object, uninstall one release.
 */

/** What an apply step applies where, and why (shown in plans). */
export interface ApplyTarget {
  client: ClusterClient;
  desired: KubernetesObject;
  reason?: string;
}

/** A step that server-side applies one object (`kept` when it is as desired already). */
export function applyStep<P>(
  id: string,
  title: string,
  target: (ctx: LifecycleContext<P>) => Promise<ApplyTarget>,
): LifecycleStep<P> {
  return {
    id,
    title,
    async plan(ctx) {
      const { client, desired, reason } = await target(ctx);
      return { ...noChanges(), changes: [await planApply(client, desired, reason)] };
    },
    async run(ctx) {
      const { client, desired } = await target(ctx);
      return { detail: describeOutcome(await applyObject(client, desired), refOf(desired), client.cluster) };
    },
  };
}

/** Which release a step uninstalls; undefined when there is nothing to uninstall (an external mesh). */
export type UninstallTarget = { cluster: string; release: string; namespace: string; chart: string } | undefined;

/** A step that uninstalls one Helm release (a release that is not there is success). */
export function uninstallStep<P>(
  id: string,
  title: string,
  target: (ctx: LifecycleContext<P>) => Promise<UninstallTarget>,
): LifecycleStep<P> {
  return {
    id,
    title,
    async plan(ctx) {
      const t = await target(ctx);
      return t ? { ...noChanges(), helmReleases: [await planUninstall(ctx.services.helm, t, helmOptions(ctx))] } : noChanges();
    },
    async run(ctx) {
      const t = await target(ctx);
      if (!t) return { detail: 'nothing to uninstall' };
      const outcome = await ctx.services.helm.uninstall(t, helmOptions(ctx));
      return { detail: `${outcome === 'absent' ? 'found no' : 'uninstalled'} Helm release ${t.release} in ${t.cluster}` };
    },
  };
}
