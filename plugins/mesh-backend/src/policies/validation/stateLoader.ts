import type { KubernetesObject } from '@kubernetes/client-node';
import type { MeshView } from '@meshfleet/plugin-mesh-common';
import type { ClusterConnector } from '../../lifecycle/clusters/ClusterConnector';
import { ClusterRequestError } from '../../lifecycle/clusters/ClusterRequestError';
import { POLICY_KINDS } from '../policyKinds';
import type { AnalyzedObject, MeshState, RecentTraffic, StateNamespace, StatePod, StateService } from './types';

/*
 * The mesh's state for the analysis layer, read from its clusters: Services,
 * Pods and Namespaces of every cluster (in parallel), and the Istio objects
 * of the config cluster. The discovery model has no ports, selectors or pod
 * labels, so the clusters are read directly, and that part is kept a few
 * seconds (a form validating as the user types asks often); the config
 * cluster's policies are read every time, so a batch applied a moment ago is
 * seen by the next one. A cluster that cannot be read is named in
 * `unreadable`; the others are still checked.
 */

/** How long a mesh's state is reused unless configured (`meshfleet.policies.clusterStateTtl`). */
export const DEFAULT_STATE_TTL_MS = 10_000;

/** Where the mesh's recent traffic comes from (the observability topology), for MSH0002. */
export interface TrafficSource {
  recentTraffic(mesh: MeshView): Promise<RecentTraffic>;
}

interface PodObject extends KubernetesObject {
  spec?: { containers?: { name?: string }[]; initContainers?: { name?: string }[] };
}

interface ServiceObject extends KubernetesObject {
  spec?: { ports?: { name?: string; port: number; targetPort?: number | string; protocol?: string }[]; selector?: Record<string, string> };
}

const SIDECAR_STATUS = 'sidecar.istio.io/status';

function serviceOf(o: ServiceObject, cluster: string): StateService {
  const exportTo = o.metadata?.annotations?.['networking.istio.io/exportTo'];
  return {
    cluster,
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    ...(exportTo ? { exportTo } : {}),
    ports: (o.spec?.ports ?? []).map(p => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol ?? 'TCP' })),
    ...(o.spec?.selector ? { selector: o.spec.selector } : {}),
  };
}

/** A pod as the analysis sees it: injected pods carry an istio-proxy container and the injector's status annotation. */
function podOf(o: PodObject, cluster: string): StatePod {
  const containers = [...(o.spec?.containers ?? []), ...(o.spec?.initContainers ?? [])];
  return {
    cluster,
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    labels: o.metadata?.labels ?? {},
    sidecar: containers.some(c => c.name === 'istio-proxy') || !!o.metadata?.annotations?.[SIDECAR_STATUS],
    ambient: o.metadata?.annotations?.['ambient.istio.io/redirection'] === 'enabled',
  };
}

interface ClusterState {
  services: StateService[];
  pods: StatePod[];
  namespaces: StateNamespace[];
}

/** The part of a state kept between validations. */
type KeptState = Omit<MeshState, 'existing' | 'traffic'>;

/** A value read at `at`, kept for a while. */
interface Kept<T> {
  at: number;
  value: Promise<T>;
}

/** Reads meshes' states (the clusters' part and the traffic cached briefly). */
export class MeshStateLoader {
  private readonly cache = new Map<string, Kept<KeptState>>();
  private readonly trafficCache = new Map<string, Kept<RecentTraffic>>();

  constructor(
    private readonly clusters: ClusterConnector,
    private readonly traffic?: TrafficSource,
    private readonly now: () => number = Date.now,
    private readonly ttlMs: number = DEFAULT_STATE_TTL_MS,
  ) {}

  /**
   * The mesh's state: its clusters as read at most a few seconds ago, the
   * config cluster's policies now, and its recent traffic only when asked
   * (a batch with a PeerAuthentication): the topology costs Prometheus queries.
   */
  async stateOf(mesh: MeshView, configCluster: string, options: { traffic: boolean }): Promise<MeshState> {
    const key = `${mesh.id}|${configCluster}|${mesh.clusters.map(c => c.cluster).join(',')}`;
    const [kept, existing, traffic] = await Promise.all([
      this.kept(this.cache, key, () => this.read(mesh, configCluster)),
      this.readPolicies(configCluster),
      options.traffic ? this.kept(this.trafficCache, key, () => this.readTraffic(mesh)) : { skipped: 'not needed for this batch' },
    ]);
    return { ...kept, existing, traffic };
  }

  private kept<T>(cache: Map<string, Kept<T>>, key: string, read: () => Promise<T>): Promise<T> {
    const cached = cache.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.value;
    const value = read();
    cache.set(key, { at: this.now(), value });
    // A failed read is not kept: the next validation tries again.
    value.catch(() => cache.delete(key));
    return value;
  }

  private async readTraffic(mesh: MeshView): Promise<RecentTraffic> {
    if (!this.traffic) return { skipped: 'no observability is configured for this backend' };
    try {
      return await this.traffic.recentTraffic(mesh);
    } catch (error) {
      return { skipped: `the mesh's traffic could not be read (${(error as Error).message})` };
    }
  }

  private async read(mesh: MeshView, configCluster: string): Promise<KeptState> {
    const names = [...new Set([configCluster, ...mesh.clusters.map(c => c.cluster)])];
    const unreadable: MeshState['unreadable'] = [];
    const states = await Promise.all(
      names.map(cluster =>
        this.readCluster(cluster).catch(error => {
          unreadable.push({ cluster, reason: error instanceof ClusterRequestError ? error.reason : (error as Error).message });
          return undefined;
        }),
      ),
    );
    const read = states.filter((s): s is ClusterState => !!s);
    return {
      configCluster,
      rootNamespace: 'istio-system',
      services: read.flatMap(s => s.services),
      pods: read.flatMap(s => s.pods),
      namespaces: read.flatMap(s => s.namespaces),
      unreadable,
    };
  }

  private async readCluster(cluster: string): Promise<ClusterState> {
    const client = await this.clusters.forCluster(cluster);
    const [services, pods, namespaces] = await Promise.all([
      client.list<ServiceObject>('v1', 'Service'),
      client.list<PodObject>('v1', 'Pod'),
      client.list<KubernetesObject>('v1', 'Namespace'),
    ]);
    return {
      services: services.map(s => serviceOf(s, cluster)),
      pods: pods.map(p => podOf(p, cluster)),
      namespaces: namespaces.map(n => ({ cluster, name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} })),
    };
  }

  /** The Istio objects of the config cluster (a kind whose CRD is missing has none). */
  private async readPolicies(cluster: string): Promise<AnalyzedObject[]> {
    const client = await this.clusters.forCluster(cluster);
    const lists = await Promise.all(
      POLICY_KINDS.map(kind =>
        client.list<KubernetesObject & { spec?: Record<string, unknown> }>(kind.apiVersion, kind.kind).catch(error => {
          if ((error as ClusterRequestError).status === 404) return [];
          throw error;
        }),
      ),
    );
    return lists.flat().map(o => ({
      apiVersion: o.apiVersion,
      kind: o.kind!,
      metadata: { name: o.metadata?.name ?? '', namespace: o.metadata?.namespace ?? '', labels: o.metadata?.labels, annotations: o.metadata?.annotations },
      spec: o.spec ?? {},
    }));
  }
}
