import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { V1Deployment } from '@kubernetes/client-node';
import type { MeshRecord, MeshType, MeshView } from '@meshfleet/plugin-mesh-common';
import type { ClusterClient } from '../clusters/ClusterClient';
import type { LifecycleConfig } from '../config';
import type { HelmCallOptions, HelmRunner } from '../helm/HelmRunner';
import type { LifecycleServices } from '../services';
import { gatewayLabelOf, gatewayMeshOf } from './gatewayValues';

/*
 * What the gateway kinds read about a mesh and a gateway: a gateway goes into
 * any cluster of a managed or discovered mesh (not an adopted external one),
 * by one of the istiod revisions running for it; a name is Meshfleet's for
 * the mesh only when its Helm release says so.
 */

/** A mesh as the gateway kinds see it: stored and discovered state merged. */
export interface GatewayMesh {
  id: string;
  type: MeshType;
  /** Every cluster of the mesh with its Istio network, if known. */
  clusters: Array<{ cluster: string; network?: string }>;
  /** The istiod revisions a gateway may use. */
  revisions: string[];
  /** The revision a gateway gets when none is asked for (undefined: several run, none recorded). */
  defaultRevision?: string;
  /** The Istio version of the mesh's charts (stored or discovered), if known. */
  istioVersion?: string;
}

function clustersOf(record: MeshRecord | undefined, view: MeshView | undefined): GatewayMesh['clusters'] {
  const byName = new Map<string, string | undefined>();
  for (const c of view?.clusters ?? []) byName.set(c.cluster, c.network);
  if (record) {
    byName.set(record.controlPlaneCluster, record.controlPlaneNetwork ?? byName.get(record.controlPlaneCluster));
    for (const m of record.members) byName.set(m.cluster, m.network);
  }
  return [...byName].map(([cluster, network]) => ({ cluster, ...(network ? { network } : {}) }));
}

function defaultRevisionOf(record: MeshRecord | undefined, revisions: string[]): string | undefined {
  if (record) return record.revision;
  if (revisions.length === 1) return revisions[0];
  return revisions.includes('default') ? 'default' : undefined;
}

/** The mesh, or NotFoundError naming `meshId`; InputError for an external mesh. */
export async function gatewayMesh(services: LifecycleServices, meshId: string): Promise<GatewayMesh> {
  const [record, model] = await Promise.all([services.store.getMesh(meshId), services.model.getModel()]);
  const view = model.meshes.find(m => m.id === meshId);
  if (!record && !view) throw new NotFoundError(`meshId: no mesh with id '${meshId}'`);
  const type = record?.type ?? view!.type;
  if (type === 'external') {
    throw new InputError(`meshId: mesh '${meshId}' is external: Meshfleet adopted it and does not install gateways in it`);
  }
  const revisions = [...new Set([...(record ? [record.revision] : []), ...(view?.revisions ?? [])])];
  const istioVersion = record?.istioVersion ?? view?.istioVersion;
  return {
    id: meshId,
    type,
    clusters: clustersOf(record, view),
    revisions,
    ...(defaultRevisionOf(record, revisions) ? { defaultRevision: defaultRevisionOf(record, revisions) } : {}),
    ...(istioVersion ? { istioVersion } : {}),
  };
}

/** The cluster's entry in the mesh, or NotFoundError naming it. */
export function gatewayCluster(mesh: GatewayMesh, cluster: string): { cluster: string; network?: string } {
  const found = mesh.clusters.find(c => c.cluster === cluster);
  if (!found) {
    throw new NotFoundError(
      `cluster: '${cluster}' is not a cluster of mesh '${mesh.id}'; expected one of ${mesh.clusters.map(c => c.cluster).join(', ')}`,
    );
  }
  return found;
}

/** The revision the gateway uses: the one asked for, which must run for the mesh, or the mesh's. */
export function gatewayRevision(mesh: GatewayMesh, asked: string | undefined): string {
  if (asked) {
    if (!mesh.revisions.includes(asked)) {
      throw new InputError(
        `revision: '${asked}' is not an istiod revision of mesh '${mesh.id}'; expected one of ${mesh.revisions.join(', ') || '(none runs)'}`,
      );
    }
    return asked;
  }
  if (!mesh.defaultRevision) {
    throw new ConflictError(
      `revision: mesh '${mesh.id}' runs several istiod revisions (${mesh.revisions.join(', ') || 'none'}) and records none as its own; choose one`,
    );
  }
  return mesh.defaultRevision;
}

/**
 * The chart version of the mesh's Istio: a configured version whose number
 * or image tag is the mesh's (discovery reads the tag from istiod's image),
 * else the configured default.
 */
export function gatewayChartVersion(mesh: GatewayMesh, config: LifecycleConfig): string {
  const known = config.istio.versions.find(v => v.version === mesh.istioVersion || (v.tag ?? v.version) === mesh.istioVersion);
  const version = known?.version ?? config.istio.defaultVersion;
  if (!version) {
    throw new InputError(
      `meshId: mesh '${mesh.id}' runs Istio ${mesh.istioVersion ?? '(unknown)'}, which no meshfleet.istio.versions entry names, and no meshfleet.istio.defaultVersion is configured`,
    );
  }
  return version;
}

/** Which gateway: the release and the objects the chart names after it. */
export interface GatewayRef {
  meshId: string;
  cluster: string;
  namespace: string;
  name: string;
}

/** Helm's annotation naming the release an object belongs to. */
const RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';

/** What holds a gateway name now: nothing, this mesh's gateway release, or something else (described). */
export type GatewayNameHolder =
  | { holder: 'none' }
  | { holder: 'mesh'; istioLabel?: string }
  | { holder: 'other'; what: string };

/**
 * Who holds the gateway's name in its namespace: the Helm release of that
 * name (a `gateway` chart release labelled with this mesh's id is the
 * mesh's), or a Deployment of that name that no release of that name made.
 * Reads only.
 */
export async function gatewayNameHolder(
  helm: HelmRunner,
  client: ClusterClient,
  ref: GatewayRef,
  options?: HelmCallOptions,
): Promise<GatewayNameHolder> {
  const where = `in namespace ${ref.namespace} of ${ref.cluster}`;
  const target = { cluster: ref.cluster, release: ref.name, namespace: ref.namespace };
  const status = await helm.status(target, options);
  if (status) {
    const values = await helm.getValues(target, options);
    if (!status.chart.startsWith('gateway-') || gatewayMeshOf(values) !== ref.meshId) {
      return { holder: 'other', what: `Helm release '${ref.name}' (chart ${status.chart}) ${where}, not a gateway Meshfleet made for mesh '${ref.meshId}'` };
    }
    const istioLabel = gatewayLabelOf(values);
    return { holder: 'mesh', ...(istioLabel ? { istioLabel } : {}) };
  }
  const deployment = await client.get<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ref.namespace, name: ref.name });
  if (deployment) {
    const release = deployment.metadata?.annotations?.[RELEASE_NAME_ANNOTATION];
    return { holder: 'other', what: `Deployment '${ref.name}' ${where}${release ? ` (of Helm release '${release}')` : ''}, which no gateway release of that name made` };
  }
  return { holder: 'none' };
}

/** Whether an object belongs to the gateway's release (Helm's annotation, or the chart's instance label). */
export function ofRelease(object: { metadata?: { annotations?: Record<string, string>; labels?: Record<string, string> } }, release: string): boolean {
  return (
    object.metadata?.annotations?.[RELEASE_NAME_ANNOTATION] === release ||
    object.metadata?.labels?.['app.kubernetes.io/instance'] === release
  );
}
