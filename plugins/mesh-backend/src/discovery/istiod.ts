import type {
  V1ConfigMap,
  V1Container,
  V1Deployment,
} from '@kubernetes/client-node';
import type {
  DiscoveryWarning,
  IstiodRevision,
} from '@meshfleet/plugin-mesh-common';
import { istioVersionFromImage } from './imageVersion';
import {
  findMeshConfigMap,
  meshConfigMapName,
  readMeshConfig,
} from './meshConfig';
import { byNamespaceAndName, describeObject, labelsOf } from './objectNames';

/** The label value Istio's charts put on istiod Deployments (`app=istiod`). */
export const ISTIOD_APP_LABEL = 'istiod';
/** The revision label of Istio objects. */
export const REVISION_LABEL = 'istio.io/rev';

/** Whether a Deployment is an istiod (label `app=istiod`). */
export function isIstiodDeployment(deployment: V1Deployment): boolean {
  return labelsOf(deployment).app === ISTIOD_APP_LABEL;
}

/** The revision of an Istio object; `default` when unlabelled. */
export function revisionOf(object: {
  metadata?: { labels?: Record<string, string> };
}): string {
  return labelsOf(object)[REVISION_LABEL] || 'default';
}

/** The pilot container: named `discovery` in Istio's chart, else the one running a pilot image. */
function pilotContainer(deployment: V1Deployment): V1Container | undefined {
  const containers = deployment.spec?.template?.spec?.containers ?? [];
  return (
    containers.find(c => c.name === 'discovery') ??
    containers.find(c => c.image?.includes('pilot')) ??
    containers[0]
  );
}

function envValue(container: V1Container, name: string): string | undefined {
  const value = container.env?.find(e => e.name === name)?.value;
  return value || undefined;
}

/** What one istiod Deployment says, or a warning when it cannot be read. */
type IstiodReadResult =
  | { revision: IstiodRevision; warnings: DiscoveryWarning[] }
  | { revision?: undefined; warnings: DiscoveryWarning[] };

function readOneIstiod(
  cluster: string,
  deployment: V1Deployment,
  configMaps: V1ConfigMap[],
): IstiodReadResult {
  const object = describeObject('Deployment', deployment);
  const container = pilotContainer(deployment);
  if (!container?.image) {
    return {
      warnings: [
        {
          cluster,
          object,
          message: 'istiod Deployment has no container with an image; ignored',
        },
      ],
    };
  }
  const namespace = deployment.metadata?.namespace ?? '';
  const revision = revisionOf(deployment);
  const warnings: DiscoveryWarning[] = [];
  const base: IstiodRevision = {
    revision,
    namespace,
    deployment: deployment.metadata?.name ?? '<unnamed>',
    image: container.image,
    version: istioVersionFromImage(container.image),
    replicas: deployment.spec?.replicas ?? 1,
    readyReplicas: deployment.status?.readyReplicas ?? 0,
    clusterId: envValue(container, 'CLUSTER_ID'),
    network: envValue(container, 'NETWORK'),
  };
  const configMap = findMeshConfigMap(configMaps, namespace, revision);
  if (!configMap) {
    warnings.push({
      cluster,
      object,
      message: `no mesh config ConfigMap ${namespace}/${meshConfigMapName(
        revision,
      )} found for revision ${revision}`,
    });
    return { revision: dropUndefined(base), warnings };
  }
  const meshConfig = readMeshConfig(configMap);
  if (!meshConfig.ok) {
    warnings.push({
      cluster,
      object: meshConfig.object,
      message: meshConfig.message,
    });
    return { revision: dropUndefined(base), warnings };
  }
  return {
    revision: dropUndefined({ ...base, ...meshConfig.config }),
    warnings,
  };
}

/** Removes undefined fields so that golden files and API bodies stay minimal. */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/**
 * Reads every istiod revision of a cluster with its mesh config. Deployments
 * that cannot be read are skipped with a warning naming them.
 */
export function readIstiodRevisions(
  cluster: string,
  deployments: V1Deployment[],
  configMaps: V1ConfigMap[],
): { revisions: IstiodRevision[]; warnings: DiscoveryWarning[] } {
  const revisions: IstiodRevision[] = [];
  const warnings: DiscoveryWarning[] = [];
  const istiods = deployments
    .filter(isIstiodDeployment)
    .sort((a, b) =>
      byNamespaceAndName(
        {
          namespace: a.metadata?.namespace ?? '',
          name: a.metadata?.name ?? '',
        },
        {
          namespace: b.metadata?.namespace ?? '',
          name: b.metadata?.name ?? '',
        },
      ),
    );
  for (const deployment of istiods) {
    const result = readOneIstiod(cluster, deployment, configMaps);
    warnings.push(...result.warnings);
    if (result.revision) {
      revisions.push(result.revision);
    }
  }
  return { revisions, warnings };
}
