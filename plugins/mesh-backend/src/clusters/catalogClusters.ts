import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import { MESHFLEET_ENTITY_LOCATION_TYPE } from '@meshfleet/plugin-mesh-common';
import type { MeshCluster } from './types';

/** Options of the catalog locator method, as the Kubernetes plugin reads them. */
export interface CatalogLocatorOptions {
  dangerouslyAllowSkipTLSVerify?: boolean;
  /** Hostnames allowed to use plain HTTP (local development). */
  dangerouslyAllowClusterUrls?: string[];
}

/** A catalog entity as a cluster, or why it is ignored. */
export type CatalogClusterResult =
  | { cluster: MeshCluster }
  | { ignored: string };

/** The catalog filter of kubernetes-cluster Resources with the annotations discovery needs. */
export const CATALOG_CLUSTER_FILTER = {
  kind: 'Resource',
  'spec.type': 'kubernetes-cluster',
};

function checkUrl(
  url: string | undefined,
  options: CatalogLocatorOptions,
): string | undefined {
  if (!url) return `has no ${ANNOTATION_KUBERNETES_API_SERVER} annotation`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `has an ${ANNOTATION_KUBERNETES_API_SERVER} that is not a URL`;
  }
  if (parsed.username || parsed.password)
    return 'has credentials in its API server URL';
  const allowed =
    options.dangerouslyAllowClusterUrls?.includes(parsed.hostname) ?? false;
  if (parsed.protocol !== 'https:' && !allowed)
    return 'has an API server URL that is not HTTPS';
  return undefined;
}

/**
 * Whether Meshfleet's catalog module emitted the entity: its managed-by
 * location (or origin location) has Meshfleet's location type.
 */
export function isEmittedByMeshfleet(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return [ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION].some(key =>
    annotations[key]?.startsWith(`${MESHFLEET_ENTITY_LOCATION_TYPE}:`),
  );
}

/**
 * Turns a `kubernetes-cluster` Resource into a cluster, as the Kubernetes
 * plugin's catalog locator does. Entities with the `serviceAccount` auth
 * provider are ignored, like there: anyone who can register an entity could
 * otherwise make Backstage send its own token to any URL.
 *
 * Entities Meshfleet itself emitted are ignored too: they describe clusters
 * Meshfleet already reads from another source, and reading them back would
 * list every such cluster twice, once under its entity name.
 */
export function catalogEntityToCluster(
  entity: Entity,
  options: CatalogLocatorOptions = {},
): CatalogClusterResult {
  if (isEmittedByMeshfleet(entity)) {
    return {
      ignored: `is emitted by Meshfleet's catalog module (managed by ${
        entity.metadata.annotations?.[ANNOTATION_LOCATION]
      }) for a cluster it reads from another source`,
    };
  }
  const annotations = entity.metadata.annotations ?? {};
  const authProvider = annotations[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
  if (!authProvider)
    return {
      ignored: `has no ${ANNOTATION_KUBERNETES_AUTH_PROVIDER} annotation`,
    };
  if (authProvider === 'serviceAccount') {
    return {
      ignored:
        'uses the serviceAccount auth provider, which catalog clusters may not use',
    };
  }
  const url = annotations[ANNOTATION_KUBERNETES_API_SERVER];
  const urlProblem = checkUrl(url, options);
  if (urlProblem) return { ignored: urlProblem };
  const authMetadata = Object.fromEntries(
    Object.entries(annotations).filter(
      ([key]) =>
        key.startsWith('kubernetes.io/') && key !== 'serviceAccountToken',
    ),
  );
  return {
    cluster: {
      name: entity.metadata.name,
      ...(entity.metadata.title && { title: entity.metadata.title }),
      url: url!,
      source: 'catalog',
      caData: annotations[ANNOTATION_KUBERNETES_API_SERVER_CA],
      skipTLSVerify:
        (options.dangerouslyAllowSkipTLSVerify ?? false) &&
        annotations[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true',
      ...(annotations[ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP] === 'true' && { skipMetricsLookup: true }),
      authMetadata,
    },
  };
}
