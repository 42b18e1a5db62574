import { LinkButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { MeshView } from '@meshfleet/plugin-mesh-common';
import { MESH_TEMPLATES, MeshTemplateName, meshEntityRef, TemplateMesh, templatesFor } from './templates';
import { useTemplateLink } from './useTemplateLink';

const LABELS: Record<MeshTemplateName, string> = {
  [MESH_TEMPLATES.createMesh]: 'Create a mesh',
  [MESH_TEMPLATES.onboardCluster]: 'Add a cluster',
  [MESH_TEMPLATES.removeCluster]: 'Remove a cluster',
  [MESH_TEMPLATES.deleteMesh]: 'Delete the mesh',
  [MESH_TEMPLATES.canaryRelease]: 'Canary release',
  [MESH_TEMPLATES.requireMtls]: 'Require mTLS',
  [MESH_TEMPLATES.createGateway]: 'Create a gateway',
  [MESH_TEMPLATES.enableMesh]: 'Enable the mesh for a service',
  [MESH_TEMPLATES.upgradeMesh]: 'Upgrade the mesh',
  [MESH_TEMPLATES.rollbackUpgrade]: 'Roll back an upgrade',
};

/**
 * Links to the templates that change this mesh ("Add a cluster", "Remove a
 * cluster", "Delete the mesh", "Upgrade the mesh" and, while a second istiod
 * revision runs, "Roll back an upgrade" for Meshfleet's meshes; "Create a gateway" and
 * "Enable the mesh for a service" for every mesh but an external one;
 * "Canary release" and "Require mTLS" for
 * every mesh), each with the mesh filled in.
 *
 * @public
 */
export function MeshTemplateLinks(props: { mesh: TemplateMesh & Pick<MeshView, 'id'> }) {
  const link = useTemplateLink();
  const ref = meshEntityRef(props.mesh.id);
  const links = templatesFor(props.mesh)
    .map(template => ({ template, to: link(template, ref ? { mesh: ref } : undefined) }))
    .filter((l): l is { template: MeshTemplateName; to: string } => !!l.to);
  if (links.length === 0) {
    return null;
  }
  return (
    <Box display="flex" style={{ gap: 8 }}>
      {links.map(l => (
        <LinkButton key={l.template} to={l.to} variant="outlined" color="primary" size="small">
          {LABELS[l.template]}
        </LinkButton>
      ))}
    </Box>
  );
}

/**
 * A link to the "Create a service mesh" template, or nothing when the app has
 * no scaffolder page.
 *
 * @public
 */
export function CreateMeshLink() {
  const to = useTemplateLink()(MESH_TEMPLATES.createMesh);
  if (!to) {
    return null;
  }
  return (
    <LinkButton to={to} variant="contained" color="primary" size="small">
      {LABELS[MESH_TEMPLATES.createMesh]}
    </LinkButton>
  );
}
