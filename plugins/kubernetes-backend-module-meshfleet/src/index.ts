/**
 * Kubernetes plugin module of Meshfleet: the `meshfleet` auth provider, which
 * gives the Kubernetes plugin the credentials of the cluster entities
 * Meshfleet emits from `meshfleet.clusters`, so it can find clusters only
 * through the catalog without a token ever being put into the catalog.
 *
 * @packageDocumentation
 */

export { kubernetesModuleMeshfleet as default } from './module';
export { MESHFLEET_AUTH_PROVIDER, MeshfleetClusterStrategy } from './MeshfleetClusterStrategy';
