import { InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { V1Namespace, V1Service } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import type { OperationStepDefinition, StepContext, StepPlan } from '../../operations/types';
import type { ClusterClient } from '../clusters/ClusterClient';
import { imagesFor, LifecycleConfig } from '../config';
import type { IstioChart } from '../helm/chartSource';
import type { LifecycleServices } from '../services';
import { namespaceManifest } from './manifests';
import { CONTROL_PLANE_SERVICE, CREATED_FOR_MESH_ANNOTATION, ISTIO_NAMESPACE } from './names';
import type { MeshInstallFacts } from './values';

/** A step of one of the lifecycle's kinds. */
export type LifecycleStep<P> = OperationStepDefinition<P, LifecycleServices>;

/** What a lifecycle step gets. */
export type LifecycleContext<P> = StepContext<P, LifecycleServices>;

/** Annotation on a hosted mesh's control-plane `istio-system`: the address given at creation. */
export const CONTROL_PLANE_ADDRESS_ANNOTATION = 'meshfleet.io/control-plane-address';

/** The stored mesh, or NotFoundError naming it. */
export async function meshRecord(services: LifecycleServices, meshId: string, field = 'meshId'): Promise<MeshRecord> {
  const record = await services.store.getMesh(meshId);
  if (!record) {
    throw new NotFoundError(`${field}: no managed mesh with id '${meshId}'`);
  }
  return record;
}

/** The Istio version a mesh installs: its own, else the configured default. */
export function istioVersionOf(record: Pick<MeshRecord, 'id' | 'istioVersion'>, config: LifecycleConfig): string {
  const version = record.istioVersion ?? config.istio.defaultVersion;
  if (!version) {
    throw new InputError(
      `mesh '${record.id}' has no istioVersion and no meshfleet.istio.defaultVersion is configured; set one of them`,
    );
  }
  return version;
}

/** What every chart install of the mesh shares. */
export function installFacts(record: MeshRecord, config: LifecycleConfig): MeshInstallFacts {
  const version = istioVersionOf(record, config);
  return {
    meshId: record.id,
    revision: record.revision,
    trustDomain: record.trustDomain,
    images: imagesFor(config, version),
  };
}

/** A client for a cluster that must answer now; ServiceUnavailableError naming it otherwise. */
export async function reachableCluster(services: LifecycleServices, cluster: string, role: string): Promise<ClusterClient> {
  const client = await services.clusters.forCluster(cluster);
  try {
    await client.version();
  } catch (error) {
    throw new ServiceUnavailableError(`${role} cluster '${cluster}' is unreachable: ${(error as Error).message}`);
  }
  return client;
}

/** Refuses a chart version the chart source does not hold, naming the field, chart and source. */
export async function assertChartsAvailable(
  services: LifecycleServices,
  charts: IstioChart[],
  version: string,
  field: string,
): Promise<void> {
  for (const chart of charts) {
    if (!(await services.helm.chartAvailable(chart, version))) {
      throw new InputError(
        `${field}: Istio ${version} is not available: the ${services.helm.chartSourceDescription} has no ${chart} chart of that version`,
      );
    }
  }
}

/**
 * The namespace as Meshfleet applies it: with the given labels and
 * annotations, marked as created for the mesh when it does not exist yet
 * (or was created for it before), so that removing the mesh removes it.
 */
export async function desiredNamespace(
  client: ClusterClient,
  name: string,
  meshId: string,
  fields: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): Promise<V1Namespace> {
  const existing = await client.get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name });
  const createdForMesh = !existing || existing.metadata?.annotations?.[CREATED_FOR_MESH_ANNOTATION] === meshId;
  return namespaceManifest(name, { ...fields, ...(createdForMesh ? { createdForMesh: meshId } : {}) });
}

/** The address of a LoadBalancer Service (IP or hostname), once it has one. */
export function loadBalancerAddress(service: V1Service | undefined): string | undefined {
  const ingress = service?.status?.loadBalancer?.ingress?.[0];
  return ingress?.ip ?? ingress?.hostname ?? undefined;
}

/**
 * Where a hosted mesh's members reach istiod: the address given when the
 * mesh was created, else the address of the `istiod-meshfleet` Service.
 */
export async function controlPlaneAddressOf(controlPlane: ClusterClient): Promise<string | undefined> {
  const namespace = await controlPlane.get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name: ISTIO_NAMESPACE });
  const given = namespace?.metadata?.annotations?.[CONTROL_PLANE_ADDRESS_ANNOTATION];
  if (given) return given;
  const service = await controlPlane.get<V1Service>({
    apiVersion: 'v1',
    kind: 'Service',
    namespace: ISTIO_NAMESPACE,
    name: CONTROL_PLANE_SERVICE,
  });
  return loadBalancerAddress(service);
}

/** The Helm call options of a step: its signal, and its log for Helm's action lines. */
export function helmOptions<P>(ctx: LifecycleContext<P>) {
  return { signal: ctx.signal, log: ctx.log };
}

/** How a step waits: the configured timeout, stopped by the step's signal. */
export function waitOptions<P>(ctx: LifecycleContext<P>) {
  return { timeoutMs: ctx.services.config.waitTimeoutMs, signal: ctx.signal };
}

/** A plan that changes nothing (a fresh object: callers may extend it). */
export function noChanges(): StepPlan {
  return { changes: [], helmReleases: [], warnings: [] };
}

/** The plan of a step that only waits or checks. */
export async function nothingToPlan(): Promise<StepPlan> {
  return noChanges();
}

/** A hosted mesh's record with clients for its control plane and one member. */
export async function meshAndMember(services: LifecycleServices, meshId: string, member: string) {
  const record = await meshRecord(services, meshId);
  return {
    record,
    controlPlane: await services.clusters.forCluster(record.controlPlaneCluster),
    member: await services.clusters.forCluster(member),
  };
}
