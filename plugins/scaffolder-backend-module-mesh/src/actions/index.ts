import { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * The scaffolder actions of Meshfleet. Mesh lifecycle actions (create mesh,
 * install istiod, join and remove clusters, injection, policies, gateways) are
 * added here as they are built; there are none yet.
 */
export function createMeshActions(): TemplateAction<any, any, any>[] {
  return [];
}
