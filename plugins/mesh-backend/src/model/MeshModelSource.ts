import { ClusterView, MeshDetail } from '@meshfleet/plugin-mesh-common';

/**
 * The merged model the REST API serves: every mesh (managed or discovered) with
 * its services, and every cluster Meshfleet can reach or tried to.
 *
 * @public
 */
export interface MeshModel {
  meshes: MeshDetail[];
  clusters: ClusterView[];
}

/**
 * Where the API gets the model from. Discovery (cluster reads merged with the
 * stored meshes) implements it; before discovery is configured, the stored
 * meshes alone do.
 *
 * @public
 */
export interface MeshModelSource {
  getModel(): Promise<MeshModel>;
}
