import { InputError } from '@backstage/errors';
import type { ClusterWorkloads, MeshDetail, MeshService, MeshWorkloads } from '@meshfleet/plugin-mesh-common';
import { withTimeout } from '../discovery/live/interruptibleSleep';
import type { ClusterConnector } from '../lifecycle/clusters/ClusterConnector';
import { TtlCache } from '../observability/TtlCache';
import { ClusterWorkloadObjects, readClusterWorkloads } from './readClusterWorkloads';
import { summarizeWorkloads } from './summarizeWorkloads';

/** The query of `GET /meshes/{meshId}/workloads`, as it arrives. */
export interface WorkloadQuery {
  /** Comma-separated namespaces. */
  namespace?: string;
  cluster?: string;
  /** `<namespace>/<name>` of a mesh service. */
  service?: string;
}

/** Namespaces one request may read: each costs every cluster four lists. */
export const MAX_NAMESPACES = 20;
/** A cluster's read is reused this long, so a page and its refreshes cost the clusters one read. */
const DEFAULT_TTL_MS = 5_000;
/** A cluster that has not answered by then is listed with an error, so one slow cluster does not hold the others' answer. */
const DEFAULT_CLUSTER_TIMEOUT_MS = 10_000;
/** A namespace name, as Kubernetes allows it (a DNS label). */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** One cluster to read, and for the service view the selector of the service there. */
interface ClusterScope {
  cluster: string;
  role: ClusterWorkloads['role'];
  selector?: Record<string, string>;
}

/**
 * The sidecar state of a mesh's workloads, read from its clusters when asked
 * (in parallel; one that fails is listed with its error and the others
 * answer) and kept a few seconds per cluster and namespace set.
 */
export class WorkloadService {
  private readonly cache: TtlCache<ClusterWorkloadObjects>;
  private readonly clusterTimeoutMs: number;

  constructor(
    private readonly clusters: ClusterConnector,
    options: { ttlMs?: number; clusterTimeoutMs?: number } = {},
  ) {
    this.cache = new TtlCache(options.ttlMs ?? DEFAULT_TTL_MS, 200);
    this.clusterTimeoutMs = options.clusterTimeoutMs ?? DEFAULT_CLUSTER_TIMEOUT_MS;
  }

  /** The answer of `GET /meshes/{meshId}/workloads`; an InputError naming the parameter for bad input. */
  async list(mesh: MeshDetail, query: WorkloadQuery): Promise<MeshWorkloads> {
    const service = query.service ? serviceOf(mesh, query.service, query.namespace) : undefined;
    const namespaces = service ? [service.namespace] : namespacesOf(mesh, query.namespace);
    const scopes = clusterScopes(mesh, query.cluster, service);
    const answers = await Promise.all(scopes.map(scope => this.readCluster(scope, namespaces)));
    const readTimes = answers.map(a => a.readAt).filter((t): t is string => !!t).sort();
    return {
      meshId: mesh.id,
      namespaces,
      ...(service ? { service: `${service.namespace}/${service.name}` } : {}),
      readAt: readTimes[0] ?? new Date().toISOString(),
      clusters: answers.map(a => a.cluster),
    };
  }

  private async readCluster(scope: ClusterScope, namespaces: string[]): Promise<{ cluster: ClusterWorkloads; readAt?: string }> {
    const { cluster, role } = scope;
    try {
      const { value } = await this.cache.get(`${cluster}|${namespaces.join(',')}`, async () =>
        withTimeout(
          this.clusters.forCluster(cluster).then(client => readClusterWorkloads(client, namespaces)),
          this.clusterTimeoutMs,
          `${cluster}: no answer within ${this.clusterTimeoutMs / 1000} s`,
        ),
      );
      const summary = summarizeWorkloads(value.pods, value.workloads, value.namespaces, value.webhooks, {
        namespaces,
        selector: scope.selector,
      });
      return { cluster: { cluster, role, ...summary }, readAt: value.readAt };
    } catch (error) {
      return { cluster: { cluster, role, error: (error as Error).message, revisions: [], tags: [], namespaces: [], workloads: [] } };
    }
  }
}

/** The mesh service named `<namespace>/<name>`; 400 when the mesh has none of that name or `namespace` is also given. */
function serviceOf(mesh: MeshDetail, ref: string, namespace: string | undefined): MeshService {
  if (namespace) {
    throw new InputError('service: not with namespace; the service names its namespace');
  }
  const [ns, name, ...rest] = ref.split('/');
  if (!ns || !name || rest.length > 0) {
    throw new InputError(`service: '${ref}' is not <namespace>/<name>`);
  }
  const found = mesh.services.find(s => s.namespace === ns && s.name === name);
  if (!found) {
    throw new InputError(`service: mesh '${mesh.id}' has no service '${ref}'`);
  }
  return found;
}

/** The namespaces asked for, or those of the mesh's services; at most {@link MAX_NAMESPACES}. */
function namespacesOf(mesh: MeshDetail, namespace: string | undefined): string[] {
  const asked = namespace !== undefined;
  const names = asked
    ? [...new Set(namespace.split(',').map(n => n.trim()).filter(Boolean))]
    : [...new Set(mesh.services.map(s => s.namespace))].sort();
  const invalid = names.filter(n => !NAMESPACE_NAME.test(n));
  if (invalid.length > 0) {
    throw new InputError(`namespace: ${invalid.map(n => `'${n}'`).join(', ')} is not a namespace name (a DNS label: lower-case letters, digits and '-')`);
  }
  if (asked && names.length === 0) {
    throw new InputError('namespace: empty; name one or more namespaces, comma-separated, or leave the parameter out');
  }
  if (names.length > MAX_NAMESPACES) {
    throw new InputError(
      asked
        ? `namespace: ${names.length} namespaces asked for; at most ${MAX_NAMESPACES} per request`
        : `namespace: the services of mesh '${mesh.id}' are in ${names.length} namespaces; name at most ${MAX_NAMESPACES} with the namespace parameter`,
    );
  }
  return names;
}

/** The mesh's clusters to read: one when asked, for a service those it runs in. */
function clusterScopes(mesh: MeshDetail, cluster: string | undefined, service: MeshService | undefined): ClusterScope[] {
  if (cluster && !mesh.clusters.some(c => c.cluster === cluster)) {
    const known = mesh.clusters.map(c => c.cluster).join(', ');
    throw new InputError(`cluster: '${cluster}' is not a cluster of mesh '${mesh.id}'; its clusters are ${known}`);
  }
  return mesh.clusters
    .filter(c => !cluster || c.cluster === cluster)
    .flatMap(c => {
      if (!service) return [{ cluster: c.cluster, role: c.role }];
      const instance = service.instances.find(i => i.cluster === c.cluster);
      return instance ? [{ cluster: c.cluster, role: c.role, selector: instance.selector }] : [];
    });
}
