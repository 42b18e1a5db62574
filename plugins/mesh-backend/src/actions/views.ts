import { ClusterView, MeshDetailResponse, MeshOperation } from '@meshfleet/plugin-mesh-common';

/*
 * What the read-only actions answer, from the model and the operations:
 * pure, and without anything an agent does not need (services, URLs, CA data).
 */

/** Drops keys whose value is undefined (the actions' output schemas leave them out). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function meshStatusOf(mesh: MeshDetailResponse) {
  return defined({
    id: mesh.id,
    title: mesh.title,
    type: mesh.type,
    managed: mesh.managed,
    owner: mesh.owner,
    health: mesh.health,
    controlPlaneCluster: mesh.controlPlaneCluster,
    revisions: mesh.revisions,
    istioVersion: mesh.istioVersion,
    trustDomain: mesh.trustDomain,
    serviceCount: mesh.serviceCount,
    clusters: mesh.clusters.map(c => defined({ cluster: c.cluster, role: c.role, network: c.network, reachability: c.reachability })),
    drift: mesh.drift.map(d => defined({ kind: d.kind, cluster: d.cluster, message: d.message })),
    warnings: mesh.warnings.map(w => defined({ cluster: w.cluster, object: w.object, message: w.message })),
  });
}

/** The mesh's clusters (control plane first, each once) with what Meshfleet knows of each. */
export function meshClustersOf(mesh: MeshDetailResponse, clusters: ClusterView[]) {
  const byName = new Map(clusters.map(c => [c.name, c]));
  const seen = new Set<string>();
  const controlPlaneFirst = (role: string) => (role === 'control-plane' ? 0 : 1);
  const ordered = [...mesh.clusters].sort(
    (a, b) => controlPlaneFirst(a.role) - controlPlaneFirst(b.role) || a.cluster.localeCompare(b.cluster),
  );
  return ordered
    .filter(c => !seen.has(c.cluster) && seen.add(c.cluster))
    .map(c => {
      const view = byName.get(c.cluster);
      return defined({
        name: c.cluster,
        role: c.role,
        network: c.network ?? view?.network,
        reachability: view?.reachability ?? c.reachability,
        error: view?.error,
        kubernetesVersion: view?.kubernetesVersion,
        revisions: view?.revisions ?? [],
        warnings: (view?.warnings ?? []).map(w => (w.object ? `${w.object}: ${w.message}` : w.message)),
      });
    });
}

export function operationSummaryOf(operation: MeshOperation) {
  return defined({
    id: operation.id,
    meshId: operation.meshId,
    kind: operation.kind,
    status: operation.status,
    requestedBy: operation.requestedBy,
    createdAt: operation.createdAt,
    startedAt: operation.startedAt,
    finishedAt: operation.finishedAt,
    steps: operation.steps.map(s => defined({ id: s.id, title: s.title, status: s.status, attempts: s.attempts, detail: s.detail })),
    outputs: operation.outputs,
    error: operation.error && defined({ ...operation.error }),
  });
}
