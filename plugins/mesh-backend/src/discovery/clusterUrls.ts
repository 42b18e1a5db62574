import type { DiscoveryWarning } from '@meshfleet/plugin-mesh-common';
import { someNames } from './objectNames';
import type { KnownCluster } from './types';

/**
 * Normalises an API server URL so that the same server written two ways
 * (`https://h`, `https://H:443/`) compares equal. Unparseable input is returned
 * trimmed, so it can still match itself.
 */
export function normalizeServerUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    const defaultPort = parsed.protocol === 'http:' ? '80' : '443';
    const port = parsed.port || defaultPort;
    const path = parsed.pathname.replace(/\/+$/, '');
    return `${
      parsed.protocol
    }//${parsed.hostname.toLowerCase()}:${port}${path}`;
  } catch {
    return url.trim();
  }
}

/**
 * Looks up Backstage cluster names by API server URL.
 */
export class ClusterUrlIndex {
  private readonly namesByUrl = new Map<string, string[]>();

  constructor(clusters: KnownCluster[]) {
    for (const cluster of clusters) {
      const key = normalizeServerUrl(cluster.url);
      const names = this.namesByUrl.get(key) ?? [];
      names.push(cluster.name);
      this.namesByUrl.set(key, names.sort());
    }
  }

  /** Backstage cluster names served at the URL (usually zero or one). */
  namesFor(url: string): string[] {
    return this.namesByUrl.get(normalizeServerUrl(url)) ?? [];
  }
}

/**
 * One warning per cluster whose API server is configured under other names
 * too (e.g. one server listed once per team): each name is read on its own,
 * and remote secrets that name the server count for one of them only.
 */
export function sharedServerWarnings(
  clusters: KnownCluster[],
): DiscoveryWarning[] {
  const byUrl = new Map<string, string[]>();
  for (const cluster of clusters) {
    const key = normalizeServerUrl(cluster.url);
    byUrl.set(key, [...(byUrl.get(key) ?? []), cluster.name]);
  }
  return clusters.flatMap(cluster => {
    const others = (byUrl.get(normalizeServerUrl(cluster.url)) ?? [])
      .filter(name => name !== cluster.name)
      .sort();
    if (others.length === 0) return [];
    return [
      {
        cluster: cluster.name,
        message: `its API server ${
          cluster.url
        } is also configured as ${someNames(
          others,
        )}; each name is read separately`,
      },
    ];
  });
}
