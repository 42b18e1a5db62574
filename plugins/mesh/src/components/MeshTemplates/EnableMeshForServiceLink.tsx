import { Entity } from '@backstage/catalog-model';
import { LinkButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ComponentService } from '@meshfleet/plugin-mesh-common';
import { clustersWithoutInjection, enableMeshFormData } from './enableMeshFormData';
import { MESH_TEMPLATES } from './templates';
import { useTemplateLink } from './useTemplateLink';

const LABEL = 'Enable the mesh for this service';

/**
 * On a Component's Service Mesh tab: where its service's namespace has no
 * sidecar injection in some cluster, says where and links to "Enable the mesh
 * for a service" with the form filled in. Without a service (the Component is
 * in no mesh yet), the link alone, filled in from the Component's
 * annotations. Nothing when all is injected or the app has no scaffolder.
 */
export function EnableMeshForServiceLink(props: { entity: Entity; service?: ComponentService }) {
  const { entity, service } = props;
  const to = useTemplateLink()(MESH_TEMPLATES.enableMesh, enableMeshFormData(entity, service));
  const missing = service ? clustersWithoutInjection(service) : [];
  if (!to || (service && missing.length === 0)) {
    return null;
  }
  const button = (
    <LinkButton to={to} variant="contained" color="primary" size="small">
      {LABEL}
    </LinkButton>
  );
  if (!service) {
    return button;
  }
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 16 }} data-testid="enable-mesh">
      <Typography variant="body2">
        Sidecar injection is off for namespace {service.namespace} in {missing.join(', ')}: the service's pods there run
        outside the mesh.
      </Typography>
      {button}
    </Box>
  );
}
