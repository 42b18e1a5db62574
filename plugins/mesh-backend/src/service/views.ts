import { MeshDetail, MeshView } from '@meshfleet/plugin-mesh-common';

/** A mesh without its service list, for the list route (the count stays). */
export function toMeshView(mesh: MeshDetail): MeshView {
  const { services: _services, ...view } = mesh;
  return view;
}
