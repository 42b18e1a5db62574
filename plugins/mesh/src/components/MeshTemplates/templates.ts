import { MeshView } from '@meshfleet/plugin-mesh-common';

/*
 * Meshfleet's templates (plugins/scaffolder-backend-module-mesh/templates) and
 * the form values a link to them carries. Pure.
 */

/** The templates' names (namespace `default`). */
export const MESH_TEMPLATES = {
  createMesh: 'create-service-mesh',
  onboardCluster: 'onboard-cluster-into-mesh',
  removeCluster: 'remove-cluster-from-mesh',
  deleteMesh: 'delete-service-mesh',
} as const;

export type MeshTemplateName = (typeof MESH_TEMPLATES)[keyof typeof MESH_TEMPLATES];

/** A catalog entity name: what the catalog module names a mesh's Resource when its id already is one. */
const ENTITY_NAME = /^[a-z0-9]([-_.a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The entity ref of the mesh's catalog Resource (what the templates' mesh
 * EntityPicker holds), or undefined when the id is not an entity name as is
 * (the catalog module then names it with a hash; the form is left empty).
 */
export function meshEntityRef(meshId: string): string | undefined {
  return ENTITY_NAME.test(meshId) ? `resource:default/${meshId}` : undefined;
}

/** `?formData=<json>` that fills in the template's form (the scaffolder reads it). */
export function formDataQuery(formData: Record<string, string> | undefined): string {
  return formData ? `?formData=${encodeURIComponent(JSON.stringify(formData))}` : '';
}

/** Which of the templates apply to this mesh: only Meshfleet's hosted meshes get members. */
export function templatesFor(mesh: Pick<MeshView, 'type' | 'managed' | 'clusters'>): MeshTemplateName[] {
  if (!mesh.managed) {
    return [];
  }
  const hasMembers = mesh.clusters.some(c => c.role === 'remote');
  if (mesh.type !== 'hosted') {
    return [MESH_TEMPLATES.deleteMesh];
  }
  return hasMembers
    ? [MESH_TEMPLATES.onboardCluster, MESH_TEMPLATES.removeCluster]
    : [MESH_TEMPLATES.onboardCluster, MESH_TEMPLATES.deleteMesh];
}
