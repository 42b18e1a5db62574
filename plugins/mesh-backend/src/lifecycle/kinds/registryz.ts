/*
 * istiod's `/debug/registryz` (monitoring port 15014): every service istiod
 * knows, with its addresses per cluster (`clusterVIPs.Addresses`). A member
 * is "listed" when at least one service has an address in it; every cluster
 * has at least `kubernetes.default`, so a member istiod reads shows up.
 */

/** istiod's monitoring port, where its debug endpoints answer. */
export const ISTIOD_MONITORING_PORT = 15014;

/** The path of the registry dump, as the pod proxy takes it. */
export const REGISTRYZ_PATH = 'debug/registryz';

/** The clusters registryz lists services of, and how many services each. */
export function servicesPerCluster(registryz: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  if (!Array.isArray(registryz)) {
    throw new Error('istiod /debug/registryz did not answer with a list of services');
  }
  for (const service of registryz) {
    const addresses = (service as { clusterVIPs?: { Addresses?: Record<string, unknown> } })?.clusterVIPs?.Addresses;
    for (const cluster of Object.keys(addresses ?? {})) {
      counts.set(cluster, (counts.get(cluster) ?? 0) + 1);
    }
  }
  return counts;
}
