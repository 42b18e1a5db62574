import { MeshDetail, MeshRecord, MeshView } from '@meshfleet/plugin-mesh-common';

/** A mesh without its service list, for the list route (the count stays). */
export function toMeshView(mesh: MeshDetail): MeshView {
  const { services: _services, ...view } = mesh;
  return view;
}

/** The mesh with its stored owner, when Meshfleet manages it. */
export function withOwner<T extends MeshView>(mesh: T, record: MeshRecord | undefined): T {
  return record?.owner ? { ...mesh, owner: record.owner } : mesh;
}
