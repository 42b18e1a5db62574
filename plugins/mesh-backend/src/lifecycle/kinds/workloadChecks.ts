import { InputError, NotFoundError } from '@backstage/errors';
import type { V1Deployment, V1MutatingWebhookConfiguration } from '@kubernetes/client-node';
import type { MeshView } from '@meshfleet/plugin-mesh-common';
import type { ClusterClient } from '../clusters/ClusterClient';
import type { LifecycleServices } from '../services';
import { reachableCluster } from './common';
import { ISTIO_NAMESPACE } from './names';

/*
 * Refusals shared by `injection.set` and `workload.restart`, before anything
 * changes, each naming the field. They read the mesh model (managed and
 * discovered meshes alike: injection is how workloads join any mesh whose
 * installation Meshfleet knows) and the clusters themselves (fresh, not the
 * model's cache).
 */

/** The mesh as the model shows it; a hosted or dedicated one (an external mesh is not changed). */
export async function workloadMesh(services: LifecycleServices, meshId: string): Promise<MeshView> {
  const { meshes } = await services.model.getModel();
  const mesh = meshes.find(m => m.id === meshId);
  if (!mesh) {
    throw new NotFoundError(`meshId: no mesh with id '${meshId}' (neither managed nor discovered)`);
  }
  if (mesh.type === 'external') {
    throw new InputError(
      `meshId: mesh '${meshId}' is external: Meshfleet observes it and does not change its clusters; manage its injection with Istio's own tools`,
    );
  }
  return mesh;
}

/** A client for `cluster`, which must be the control plane or a member of the mesh, and reachable. */
export async function meshCluster(services: LifecycleServices, mesh: MeshView, cluster: string): Promise<ClusterClient> {
  if (!mesh.clusters.some(c => c.cluster === cluster)) {
    const clusters = mesh.clusters.map(c => c.cluster).join(', ');
    throw new NotFoundError(`cluster: '${cluster}' is not a cluster of mesh '${mesh.id}' (its clusters: ${clusters})`);
  }
  return reachableCluster(services, cluster, mesh.controlPlaneCluster === cluster ? 'control-plane' : 'member');
}

/** Refuses a namespace the cluster does not have. */
export async function assertNamespaceExists(client: ClusterClient, namespace: string): Promise<void> {
  if (!(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace }))) {
    throw new NotFoundError(`namespace: no namespace '${namespace}' in cluster '${client.cluster}'`);
  }
}

/** Refuses a Deployment the namespace does not have, naming the field (`workload`, `workloads[1]`). */
export async function assertDeploymentExists(client: ClusterClient, namespace: string, name: string, field: string): Promise<void> {
  if (!(await client.get<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name }))) {
    throw new NotFoundError(`${field}: no Deployment '${name}' in namespace '${namespace}' of cluster '${client.cluster}'`);
  }
}

/** The istiod revisions running in the control-plane cluster (the `istio.io/rev` of istiod's Deployments). */
export async function istiodRevisions(controlPlane: ClusterClient): Promise<string[]> {
  const deployments = await controlPlane.list<V1Deployment>('apps/v1', 'Deployment', {
    namespace: ISTIO_NAMESPACE,
    labelSelector: 'app=istiod',
  });
  const revisions = deployments.map(d => d.metadata?.labels?.['istio.io/rev'] ?? 'default');
  return [...new Set(revisions)].sort();
}

/** Istio's webhook for a revision tag (`istioctl tag set`, the istiod chart's `revisionTags`). */
export function revisionTagWebhookName(tag: string): string {
  return `istio-revision-tag-${tag}`;
}

/** Whether the cluster has the mutating webhook configuration. */
export async function hasMutatingWebhook(client: ClusterClient, name: string): Promise<boolean> {
  const webhook = await client.get<V1MutatingWebhookConfiguration>({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    name,
  });
  return !!webhook;
}
