import type { components } from './generated/openapi';

/*
 * The body of `GET /meshes/{meshId}/workloads`, named: the OpenAPI
 * document's schemas (generated into ./generated), so the backend's answers,
 * which its tests check against the document, and these types agree.
 */

type Schemas = components['schemas'];

/**
 * The body of `GET /meshes/{meshId}/workloads`: the sidecar state of the
 * mesh's workloads in each of its clusters, read from the clusters when asked.
 *
 * @public
 */
export type MeshWorkloads = Schemas['MeshWorkloads'];

/**
 * One cluster's part of {@link MeshWorkloads}: its injectors' revisions and
 * tags, the namespaces' injection and the workloads; `error` when it could not be read.
 *
 * @public
 */
export type ClusterWorkloads = Schemas['ClusterWorkloads'];

/**
 * A namespace's sidecar injection in one cluster: the revision or tag it
 * names and the revision that injects its pods.
 *
 * @public
 */
export type NamespaceSidecarInjection = Schemas['NamespaceSidecarInjection'];

/**
 * One workload's pods and their sidecars in one cluster, with the pods whose
 * sidecar is not the one new pods get.
 *
 * @public
 */
export type WorkloadSidecars = Schemas['WorkloadSidecars'];

/**
 * A pod of {@link WorkloadSidecars} whose sidecar differs from the one new pods get.
 *
 * @public
 */
export type MismatchedPod = WorkloadSidecars['mismatched'][number];
