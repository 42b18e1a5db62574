import type { V1Secret } from '@kubernetes/client-node';
import type {
  DiscoveryWarning,
  RemoteSecretRef,
} from '@meshfleet/plugin-mesh-common';
import { parse as parseYaml } from 'yaml';
import { ClusterUrlIndex } from './clusterUrls';
import { byNamespaceAndName, describeObject, someNames } from './objectNames';
import type { RemoteSecretSummary } from './types';

/** The label Istio uses to find remote secrets. */
export const REMOTE_SECRET_LABEL = 'istio/multiCluster';

/** API server URLs of a kubeconfig document, or undefined if it is not one. */
function serversOfKubeconfig(text: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch {
    return undefined;
  }
  const clusters = (parsed as { clusters?: unknown } | null)?.clusters;
  if (!Array.isArray(clusters)) {
    return undefined;
  }
  const servers = clusters
    .map(
      entry => (entry as { cluster?: { server?: unknown } })?.cluster?.server,
    )
    .filter((server): server is string => typeof server === 'string');
  return servers.length > 0 ? servers : undefined;
}

/**
 * Reduces a remote secret to the cluster ids and API server URLs it names.
 * Tokens, client keys and CA data are dropped here; problems are described
 * without quoting the Secret's content.
 */
export function summarizeRemoteSecret(secret: V1Secret): RemoteSecretSummary {
  const entries: RemoteSecretSummary['entries'] = [];
  const problems: string[] = [];
  for (const [clusterId, encoded] of Object.entries(secret.data ?? {})) {
    const text = Buffer.from(encoded ?? '', 'base64').toString('utf8');
    const servers = serversOfKubeconfig(text);
    if (servers) {
      entries.push({ clusterId, servers });
    } else {
      problems.push(
        `key "${clusterId}" is not a kubeconfig with a cluster server`,
      );
    }
  }
  if (entries.length === 0 && problems.length === 0) {
    problems.push('has no data keys (one per remote cluster expected)');
  }
  entries.sort((a, b) => a.clusterId.localeCompare(b.clusterId));
  return {
    namespace: secret.metadata?.namespace ?? '',
    name: secret.metadata?.name ?? '<unnamed>',
    entries,
    problems,
  };
}

/**
 * The Backstage clusters one entry of a remote secret names. A server URL that
 * several configured clusters share (one API server under several names) is
 * attributed to the one named like the entry's Istio cluster id; when none is,
 * to none of them, with a warning: making every such name a member would put
 * clusters into the mesh that its control plane does not read.
 */
function clustersOfEntry(
  entry: RemoteSecretSummary['entries'][number],
  urls: ClusterUrlIndex,
  warn: (message: string) => void,
): string[] {
  return entry.servers.flatMap(server => {
    const names = urls.namesFor(server);
    if (names.length === 0) {
      warn(
        `remote secret names API server ${server}, which is not a cluster Backstage knows`,
      );
      return [];
    }
    if (names.length === 1) return names;
    if (names.includes(entry.clusterId)) return [entry.clusterId];
    warn(
      `remote secret names API server ${server} for Istio cluster ${entry.clusterId}, ` +
        `but ${names.length} configured clusters share that server (${someNames(
          names,
        )}) ` +
        `and none is named ${entry.clusterId}, so it is attributed to none of them`,
    );
    return [];
  });
}

/**
 * Turns reduced remote secrets into the model's references, mapping the
 * servers they name to Backstage cluster names, and their problems into warnings.
 */
export function readRemoteSecrets(
  cluster: string,
  summaries: RemoteSecretSummary[],
  urls: ClusterUrlIndex,
): { refs: RemoteSecretRef[]; warnings: DiscoveryWarning[] } {
  const warnings: DiscoveryWarning[] = [];
  const refs = [...summaries].sort(byNamespaceAndName).map(summary => {
    const object = describeObject('Secret', { metadata: summary });
    const warn = (message: string) =>
      warnings.push({ cluster, object, message });
    for (const message of summary.problems) {
      warn(`remote secret ${message}`);
    }
    const clusters = summary.entries.flatMap(entry =>
      clustersOfEntry(entry, urls, warn),
    );
    return {
      namespace: summary.namespace,
      name: summary.name,
      clusterIds: summary.entries.map(entry => entry.clusterId),
      servers: summary.entries.flatMap(entry => entry.servers),
      clusters: [...new Set(clusters)].sort(),
    };
  });
  return { refs, warnings };
}
