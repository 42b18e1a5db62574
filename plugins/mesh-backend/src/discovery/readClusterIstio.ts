import type {
  ClusterIstio,
  DiscoveryWarning,
  IstioClusterRole,
  IstiodRevision,
} from '@meshfleet/plugin-mesh-common';
import { ClusterUrlIndex } from './clusterUrls';
import { readGateways } from './gateways';
import { networkLabelOf, readInjection } from './injection';
import { dropUndefined, readIstiodRevisions } from './istiod';
import {
  findMeshConfigMap,
  MeshConfigSummary,
  readMeshConfig,
} from './meshConfig';
import { InjectorTarget, readInjectorTargets } from './remoteProfile';
import { readRemoteSecrets } from './remoteSecrets';
import type { KnownCluster, RawClusterObjects } from './types';

/** The namespace Istio installs into unless told otherwise. */
const ISTIO_SYSTEM = 'istio-system';

/**
 * Options of {@link readClusterIstio}.
 */
export interface ReadClusterIstioOptions {
  /** Every cluster Backstage knows, to name the clusters remote secrets point at. */
  knownClusters?: KnownCluster[];
  /** Which namespaces' injection labels to report (default: all). */
  includeNamespace?: (namespace: string) => boolean;
}

/** The revision that speaks for the cluster: `default` if present, else the first. */
function primaryRevision(
  revisions: IstiodRevision[],
): IstiodRevision | undefined {
  return revisions.find(r => r.revision === 'default') ?? revisions[0];
}

function roleOf(
  revisions: IstiodRevision[],
  targets: InjectorTarget[],
): IstioClusterRole {
  if (revisions.length > 0) return 'control-plane';
  // The remote profile installs the injector and mesh config but no istiod.
  return targets.length > 0 ? 'remote' : 'none';
}

/** The mesh config of a remote cluster, which has an `istio` ConfigMap but no istiod. */
function remoteMeshConfig(
  raw: RawClusterObjects,
  target: InjectorTarget,
  warnings: DiscoveryWarning[],
): MeshConfigSummary | undefined {
  const configMap = findMeshConfigMap(
    raw.configMaps,
    target.namespace ?? ISTIO_SYSTEM,
    target.revision,
  );
  if (!configMap) return undefined;
  const result = readMeshConfig(configMap);
  if (!result.ok) {
    warnings.push({
      cluster: raw.cluster,
      object: result.object,
      message: result.message,
    });
    return undefined;
  }
  return result.config;
}

/**
 * Reads Istio as it is in one cluster: its role, istiod revisions with mesh
 * config, remote profile, remote secrets, injection and gateways. Pure and
 * total: malformed objects become warnings naming them, never exceptions.
 */
export function readClusterIstio(
  raw: RawClusterObjects,
  options: ReadClusterIstioOptions = {},
): ClusterIstio {
  const cluster = raw.cluster;
  const istiods = readIstiodRevisions(cluster, raw.deployments, raw.configMaps);
  const injectors = readInjectorTargets(cluster, raw.webhooks, raw.services);
  const secrets = readRemoteSecrets(
    cluster,
    raw.remoteSecrets,
    new ClusterUrlIndex(options.knownClusters ?? []),
  );
  const warnings = [
    ...istiods.warnings,
    ...injectors.warnings,
    ...secrets.warnings,
  ];
  const role = roleOf(istiods.revisions, injectors.targets);
  const primary = primaryRevision(istiods.revisions);
  const target = role === 'remote' ? injectors.targets[0] : undefined;
  const remoteConfig = target
    ? remoteMeshConfig(raw, target, warnings)
    : undefined;
  const istioNamespace =
    primary?.namespace ?? target?.namespace ?? ISTIO_SYSTEM;

  if (role !== 'control-plane' && secrets.refs.length > 0) {
    warnings.push({
      cluster,
      message: 'remote secrets are present but no istiod runs here to use them',
    });
  }

  return dropUndefined<ClusterIstio>({
    cluster,
    role,
    revisions: istiods.revisions,
    meshId: primary?.meshId ?? remoteConfig?.meshId,
    clusterId: primary?.clusterId ?? target?.clusterId,
    network:
      networkLabelOf(raw.namespaces, istioNamespace) ??
      primary?.network ??
      target?.network,
    trustDomain: primary?.trustDomain ?? remoteConfig?.trustDomain,
    remoteControlPlaneAddress: target?.address,
    remoteSecrets: secrets.refs,
    injection: readInjection(
      raw.namespaces,
      options.includeNamespace ?? (() => true),
    ),
    gateways: readGateways(raw.deployments, raw.services),
    warnings,
  });
}
