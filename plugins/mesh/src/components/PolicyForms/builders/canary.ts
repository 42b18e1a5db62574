import { DNS_LABEL, FieldReader, LABEL_VALUE } from './fields';
import { destinationRuleFor, virtualServiceFor } from './objects';
import { defaultRoute, ensureSubsets } from './routes';
import type { BuildContext, Parsed, PolicyObject, RawValues } from './types';

/** A canary release: a share of the service's traffic to a new version, the rest to the stable one. */
export interface CanaryValues {
  /** The pod label that tells versions apart (Istio's convention: `version`). */
  versionLabel: string;
  stableVersion: string;
  canaryVersion: string;
  /** Percent of requests to the canary; the stable version gets the rest. */
  canaryWeight: number;
}

export function parseCanary(raw: RawValues): Parsed<CanaryValues> {
  const f = new FieldReader(raw);
  const versionLabel = f.required(
    'versionLabel',
    'Version label',
    'a label key such as version',
    /^[A-Za-z0-9][-A-Za-z0-9_./]*$/,
  );
  const stableVersion = f.required(
    'stableVersion',
    'Stable version',
    'a label value such as v1',
    LABEL_VALUE,
  );
  const canaryVersion = f.required(
    'canaryVersion',
    'Canary version',
    'a label value such as v2',
    LABEL_VALUE,
  );
  if (stableVersion && stableVersion === canaryVersion)
    f.fail(
      'canaryVersion',
      'Canary version',
      'a version other than the stable one',
    );
  const canaryWeight = f.wholeNumber('canaryWeight', 'Canary weight', 0, 100);
  return f.result({
    versionLabel,
    stableVersion,
    canaryVersion,
    canaryWeight: canaryWeight!,
  });
}

/** The subset name for a version: the version when it is a valid subset name, else `version-<n>`. */
function subsetName(version: string, index: number): string {
  return DNS_LABEL.test(version) ? version : `version-${index + 1}`;
}

/**
 * A DestinationRule subset per version (selected by the version label) and
 * the VirtualService's catch-all route split by weight between them; routes
 * with a match (e.g. header-based ones) and other fields are kept.
 */
export function buildCanary(
  values: CanaryValues,
  ctx: BuildContext,
): PolicyObject[] {
  const { hostname } = ctx.target;
  const [stable, canary] = [values.stableVersion, values.canaryVersion].map(
    subsetName,
  );
  const dr = destinationRuleFor(ctx);
  ensureSubsets(dr, [
    { name: stable, labels: { [values.versionLabel]: values.stableVersion } },
    { name: canary, labels: { [values.versionLabel]: values.canaryVersion } },
  ]);
  const vs = virtualServiceFor(ctx);
  defaultRoute(vs, hostname).route = [
    {
      destination: { host: hostname, subset: stable },
      weight: 100 - values.canaryWeight,
    },
    {
      destination: { host: hostname, subset: canary },
      weight: values.canaryWeight,
    },
  ];
  return [dr, vs];
}
