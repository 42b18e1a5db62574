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
  canaryRelease: 'canary-release',
  requireMtls: 'require-mtls-for-namespace',
  createGateway: 'create-mesh-gateway',
  enableMesh: 'enable-mesh-for-service',
  upgradeMesh: 'upgrade-mesh',
  rollbackUpgrade: 'rollback-mesh-upgrade',
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

/** The values a link fills in: a field's text, or a list field's items. */
export type TemplateFormData = Record<string, string | string[]>;

/** `?formData=<json>` that fills in the template's form (the scaffolder reads it). */
export function formDataQuery(formData: TemplateFormData | undefined): string {
  return formData ? `?formData=${encodeURIComponent(JSON.stringify(formData))}` : '';
}

/**
 * Which of the templates apply to this mesh: the policy templates to every
 * mesh (its policies live in its config cluster, managed or discovered);
 * gateways to every mesh but an adopted external one (Meshfleet does not
 * change its installation); the lifecycle ones to Meshfleet's meshes, and
 * members only to hosted ones.
 */
export function templatesFor(mesh: TemplateMesh): MeshTemplateName[] {
  const policies = [MESH_TEMPLATES.canaryRelease, MESH_TEMPLATES.requireMtls];
  // Meshfleet neither installs gateways in nor injects sidecars for an adopted external mesh.
  const gateways = mesh.type === 'external' ? [] : [MESH_TEMPLATES.createGateway, MESH_TEMPLATES.enableMesh];
  return [...lifecycleTemplatesFor(mesh), ...gateways, ...policies];
}

/** What the choice of templates reads of a mesh; `revisions` (istiod revisions running) is optional. */
export type TemplateMesh = Pick<MeshView, 'type' | 'managed' | 'clusters'> & { revisions?: string[] };

function lifecycleTemplatesFor(mesh: TemplateMesh): MeshTemplateName[] {
  if (!mesh.managed) {
    return [];
  }
  if (mesh.type === 'external') {
    return [MESH_TEMPLATES.deleteMesh];
  }
  // A second istiod revision running is an unfinished upgrade's canary, to roll back from.
  const upgrades = (mesh.revisions ?? []).length > 1 ? [MESH_TEMPLATES.upgradeMesh, MESH_TEMPLATES.rollbackUpgrade] : [MESH_TEMPLATES.upgradeMesh];
  const hasMembers = mesh.clusters.some(c => c.role === 'remote');
  if (mesh.type !== 'hosted') {
    return [MESH_TEMPLATES.deleteMesh, ...upgrades];
  }
  return hasMembers
    ? [MESH_TEMPLATES.onboardCluster, MESH_TEMPLATES.removeCluster, ...upgrades]
    : [MESH_TEMPLATES.onboardCluster, MESH_TEMPLATES.deleteMesh, ...upgrades];
}
