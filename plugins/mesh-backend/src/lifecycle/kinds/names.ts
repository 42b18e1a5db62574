/*
 * Names Meshfleet's mesh operations give objects and releases, and the Istio
 * names they must match. Istio's own names are those of its charts and of
 * `istioctl create-remote-secret`, so that Istio's tools and docs apply.
 */

/** Where istiod, its charts and the plug-in CA live. */
export const ISTIO_NAMESPACE = 'istio-system';

/** Meshfleet's own namespace in a control-plane cluster (the mesh's root CA). */
export const MESHFLEET_NAMESPACE = 'meshfleet-system';

/** Label on what Meshfleet creates for a mesh: the mesh's id. */
export const MESH_ID_LABEL = 'meshfleet.io/mesh-id';

/**
 * Annotation on a namespace Meshfleet created for a mesh (it did not exist
 * before): leaving or deleting the mesh deletes such a namespace, and only
 * such a namespace.
 */
export const CREATED_FOR_MESH_ANNOTATION = 'meshfleet.io/created-for-mesh';

/** Istio's network label on the istiod namespace and gateways. */
export const NETWORK_LABEL = 'topology.istio.io/network';

/** Istio's annotation naming the clusters whose istiod leads a remote cluster. */
export const CONTROL_PLANE_CLUSTERS_ANNOTATION = 'topology.istio.io/controlPlaneClusters';

/** Label of the Secrets istiod reads remote clusters from. */
export const MULTICLUSTER_SECRET_LABEL = 'istio/multiCluster';

/** Annotation naming the cluster a remote secret is for. */
export const REMOTE_SECRET_CLUSTER_ANNOTATION = 'networking.istio.io/cluster';

/** The ServiceAccount Istio's base chart creates for remote secrets. */
export const READER_SERVICE_ACCOUNT = 'istio-reader-service-account';

/** Its token Secret, named as `istioctl create-remote-secret` names it. */
export const READER_TOKEN_SECRET = `${READER_SERVICE_ACCOUNT}-istio-remote-secret-token`;

/** The Service exposing a hosted mesh's istiod to its members (xDS 15012, webhooks 15017). */
export const CONTROL_PLANE_SERVICE = 'istiod-meshfleet';

/** Label istiod puts on the ConfigMaps it writes into every namespace (root cert, CRL). */
export const ISTIO_CONFIG_LABEL = 'istio.io/config';

/** The Helm release of Istio's `base` chart (Istio's docs name it so). */
export const BASE_RELEASE = 'istio-base';

/** `remote-secret` name in the control plane for a member, as istioctl names it. */
export function remoteSecretName(cluster: string): string {
  return `istio-remote-secret-${cluster}`;
}

/** The chart's `revision` value: empty for the default revision. */
export function chartRevision(revision: string): string {
  return revision === 'default' ? '' : revision;
}

/** istiod's Helm release in the control plane: `istiod`, or `istiod-<revision>`. */
export function istiodRelease(revision: string): string {
  return revision === 'default' ? 'istiod' : `istiod-${revision}`;
}

/** The remote profile's Helm release in a member: `istiod-remote`, or `istiod-remote-<revision>`. */
export function remoteRelease(revision: string): string {
  return revision === 'default' ? 'istiod-remote' : `istiod-remote-${revision}`;
}

/** istiod's Deployment (and Service) name for a revision, as the istiod chart names it. */
export function istiodName(revision: string): string {
  return istiodRelease(revision);
}

/** The injector webhook configuration the remote profile installs in a member. */
export function injectorWebhookName(revision: string): string {
  return revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`;
}

/** Istio's injection path for a remote cluster (`/` in names becomes `--slash--`, as Istio documents). */
export function injectionPath(cluster: string, network: string): string {
  const escape = (s: string) => s.split('/').join('--slash--');
  return `/inject/cluster/${escape(cluster)}/net/${escape(network)}`;
}
