import type { MeshModel } from '@meshfleet/plugin-mesh-common';

/**
 * Where the API gets the model from: discovery (cluster reads merged with the
 * stored meshes) in the plugin, fixed models in tests.
 *
 * @public
 */
export interface MeshModelSource {
  getModel(): Promise<MeshModel>;
}
