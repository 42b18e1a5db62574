import type { V1MutatingWebhookConfiguration } from '@kubernetes/client-node';

/** The label that names a revision on Istio's objects (webhooks, namespaces, pods). */
export const REVISION_LABEL = 'istio.io/rev';
/** Istio names the webhook of revision tag `<tag>` like this (`istioctl tag`, the chart's `revisionTags`). */
const TAG_WEBHOOK_PREFIX = 'istio-revision-tag-';
/** The revision `istio-injection=enabled` and `sidecar.istio.io/inject=true` ask for. */
export const DEFAULT_REVISION = 'default';

/** The sidecar injectors of one cluster: which revisions inject, and the tags pointing at them. */
export interface Injectors {
  revisions: string[];
  tags: { tag: string; revision: string }[];
}

/**
 * The injectors a cluster's MutatingWebhookConfigurations say it has: a
 * revision's own webhook (`istio-sidecar-injector[-<rev>]`) carries
 * `istio.io/rev=<rev>`; a tag's webhook `istio-revision-tag-<tag>` carries
 * the revision the tag points to in the same label.
 */
export function readInjectors(webhooks: V1MutatingWebhookConfiguration[]): Injectors {
  const revisions = new Set<string>();
  const tags = new Map<string, string>();
  for (const webhook of webhooks) {
    const name = webhook.metadata?.name ?? '';
    const revision = webhook.metadata?.labels?.[REVISION_LABEL];
    if (!revision) continue;
    if (name.startsWith(TAG_WEBHOOK_PREFIX)) {
      tags.set(name.slice(TAG_WEBHOOK_PREFIX.length), revision);
    } else {
      revisions.add(revision);
    }
  }
  return {
    revisions: [...revisions].sort(),
    tags: [...tags].map(([tag, revision]) => ({ tag, revision })).sort((a, b) => a.tag.localeCompare(b.tag)),
  };
}

/**
 * The revision that injects pods asking for `name` (a revision or a tag), or
 * undefined when no injector answers to it. A tag wins over a revision of
 * the same name, as its webhook is the one that matches; `default` is the
 * `default` tag when there is one, else the revision installed as `default`.
 */
export function resolveRevision(injectors: Injectors, name: string): string | undefined {
  const tag = injectors.tags.find(t => t.tag === name);
  if (tag) return tag.revision;
  return injectors.revisions.includes(name) ? name : undefined;
}
