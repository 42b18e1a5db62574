import type {
  V1MutatingWebhook,
  V1MutatingWebhookConfiguration,
} from '@kubernetes/client-node';
import { MESH_ID_LABEL } from './names';

/*
 * Istio's revision tags as Meshfleet moves them, and the known Istio bug
 * that makes a tag move risky. Pure: golden files in testdata/ pin them.
 */

/** Label on a tag's webhook configuration: the tag. */
export const TAG_LABEL = 'istio.io/tag';

/** Label on a tag's (and a revision's) webhook configuration: the revision it points at. */
export const REV_LABEL = 'istio.io/rev';

/** The webhook configuration of a revision tag, as Istio's chart and `istioctl tag set` name it. */
export function tagWebhookName(tag: string): string {
  return `istio-revision-tag-${tag}`;
}

/** The revision a tag's webhook configuration points at (its `istio.io/rev` label). */
export function tagRevision(webhook: V1MutatingWebhookConfiguration): string | undefined {
  return webhook.metadata?.labels?.[REV_LABEL];
}

/** The Helm release that owns an object, when Helm made it (Helm's own annotation). */
export function helmOwner(webhook: V1MutatingWebhookConfiguration): string | undefined {
  return webhook.metadata?.annotations?.['meta.helm.sh/release-name'];
}

const NOT_DISABLED = { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] };

function webhookOf(template: V1MutatingWebhook, name: string, selectors: Pick<V1MutatingWebhook, 'namespaceSelector' | 'objectSelector'>): V1MutatingWebhook {
  return {
    name,
    clientConfig: template.clientConfig,
    sideEffects: 'None',
    rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
    failurePolicy: 'Fail',
    ...(template.reinvocationPolicy ? { reinvocationPolicy: template.reinvocationPolicy } : {}),
    admissionReviewVersions: ['v1'],
    ...selectors,
  };
}

/** The selectors of a tag's webhooks, as Istio's chart renders them (`revision-tags-mwc.yaml`). */
function tagSelectors(tag: string): Array<[string, Pick<V1MutatingWebhook, 'namespaceSelector' | 'objectSelector'>]> {
  const selectors: Array<[string, Pick<V1MutatingWebhook, 'namespaceSelector' | 'objectSelector'>]> = [
    [
      'rev.namespace.sidecar-injector.istio.io',
      {
        namespaceSelector: {
          matchExpressions: [
            { key: REV_LABEL, operator: 'In', values: [tag] },
            { key: 'istio-injection', operator: 'DoesNotExist' },
          ],
        },
        objectSelector: { matchExpressions: [NOT_DISABLED] },
      },
    ],
    [
      'rev.object.sidecar-injector.istio.io',
      {
        namespaceSelector: {
          matchExpressions: [
            { key: REV_LABEL, operator: 'DoesNotExist' },
            { key: 'istio-injection', operator: 'DoesNotExist' },
          ],
        },
        objectSelector: { matchExpressions: [NOT_DISABLED, { key: REV_LABEL, operator: 'In', values: [tag] }] },
      },
    ],
  ];
  if (tag !== 'default') return selectors;
  // The `default` tag also injects what Istio's default revision injects (istio-injection=enabled, sidecar.istio.io/inject=true).
  return [
    ...selectors,
    [
      'namespace.sidecar-injector.istio.io',
      {
        namespaceSelector: { matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }] },
        objectSelector: { matchExpressions: [NOT_DISABLED] },
      },
    ],
    [
      'object.sidecar-injector.istio.io',
      {
        namespaceSelector: {
          matchExpressions: [
            { key: 'istio-injection', operator: 'DoesNotExist' },
            { key: REV_LABEL, operator: 'DoesNotExist' },
          ],
        },
        objectSelector: {
          matchExpressions: [
            { key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] },
            { key: REV_LABEL, operator: 'DoesNotExist' },
          ],
        },
      },
    ],
  ];
}

/**
 * The webhook configuration of `tag` pointing at `revision` in one cluster:
 * the webhooks Istio's chart renders for a revision tag, calling the
 * injector the revision's own webhook configuration (`injector`, read from
 * the same cluster) calls, with its CA. In a member that is the control
 * plane's istiod at the member's injection path; in the control plane, its
 * istiod Service. Server-side applied over the tag's old configuration, it
 * moves the tag in one write: no moment without a tag webhook.
 */
export function tagWebhookManifest(
  tag: string,
  revision: string,
  injector: V1MutatingWebhookConfiguration,
  meshId: string,
): V1MutatingWebhookConfiguration {
  const template = injector.webhooks?.find(w => w.clientConfig);
  if (!template) {
    throw new Error(`MutatingWebhookConfiguration ${injector.metadata?.name} has no webhook to copy the injector's address from`);
  }
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: {
      name: tagWebhookName(tag),
      labels: {
        [TAG_LABEL]: tag,
        [REV_LABEL]: revision,
        app: 'sidecar-injector',
        'app.kubernetes.io/name': 'istiod',
        [MESH_ID_LABEL]: meshId,
      },
    },
    webhooks: tagSelectors(tag).map(([name, selectors]) => webhookOf(template, name, selectors)),
  };
}

/** A version as major, minor, patch (a pre-release counts as its release: `1.30.1-rc.0` is 1.30.1). */
export function versionTriple(version: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compare(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The versions istio/istio#59959 affects, inclusive. */
const EMPTY_PUSH_AFFECTED: Array<[[number, number, number], [number, number, number]]> = [
  [[1, 25, 0], [1, 29, 4]],
  [[1, 30, 0], [1, 30, 1]],
];

/**
 * Why a revision-tag move away from istiod `version` is risky, or undefined
 * when it is not: Istio's gateway empty-push bug (istio/istio#59959, Istio
 * 1.25 to 1.29.4 and 1.30.0 to 1.30.1) can leave gateways of that version
 * with an empty configuration after the tag they follow moves. An
 * unreadable version is treated as affected: the risk cannot be ruled out.
 */
export function emptyPushBugRisk(version: string): string | undefined {
  const triple = versionTriple(version);
  const affected = !triple || EMPTY_PUSH_AFFECTED.some(([from, to]) => compare(triple, from) >= 0 && compare(triple, to) <= 0);
  if (!affected) return undefined;
  return (
    `istiod ${version} is affected by Istio's gateway empty-push bug (istio/istio#59959: 1.25 to 1.29.4 and 1.30.0 to 1.30.1): ` +
    `gateways following a revision tag may be pushed an empty configuration when the tag moves`
  );
}
