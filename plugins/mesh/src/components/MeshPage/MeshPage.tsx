import { Content, ContentHeader, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ControlPlaneHealthCard } from '../ControlPlaneCard';
import { MeshOperationsPanel } from '../MeshOperations';
import { MeshTemplateLinks } from '../MeshTemplates';
import { isNotFoundError, RefreshButton, useMeshLinks } from '../shared';
import { DriftPanel } from './DriftPanel';
import { MeshAboutCard } from './MeshAboutCard';
import { MeshClustersTable } from './MeshClustersTable';
import { MeshNotFound } from './MeshNotFound';
import { MeshServicesTable } from './MeshServicesTable';
import { MeshWarningsPanel } from './MeshWarningsPanel';

/** Props of {@link MeshPage}. */
export interface MeshPageProps {
  meshId: string;
}

function MeshOverview(props: { mesh: MeshDetail }) {
  const { mesh } = props;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <MeshAboutCard mesh={mesh} />
      </Grid>
      <Grid item xs={12}>
        <DriftPanel mesh={mesh} />
      </Grid>
      <Grid item xs={12}>
        <ControlPlaneHealthCard meshId={mesh.id} reloadKey={mesh} />
      </Grid>
      <Grid item xs={12}>
        <MeshClustersTable clusters={mesh.clusters} />
      </Grid>
      <Grid item xs={12}>
        <MeshOperationsPanel meshId={mesh.id} />
      </Grid>
      <Grid item xs={12}>
        <MeshServicesTable services={mesh.services} />
      </Grid>
      <Grid item xs={12}>
        <MeshWarningsPanel warnings={mesh.warnings} />
      </Grid>
    </Grid>
  );
}

function backendMessage(error: Error): string | undefined {
  return (error as { cause?: { message?: string } }).cause?.message;
}

/**
 * One mesh: what it is, its drift, clusters, services and discovery warnings.
 * Reads once on mount; the Refresh button reads again.
 *
 * @public
 */
export function MeshPage(props: MeshPageProps) {
  const meshApi = useApi(meshApiRef);
  const meshesLink = useMeshLinks().meshes();
  const topologyLink = useMeshLinks().meshTopology(props.meshId);
  const { value: mesh, loading, error, retry } = useAsyncRetry(
    () => meshApi.getMesh(props.meshId),
    [meshApi, props.meshId],
  );

  let body;
  if (loading && !mesh) {
    body = <Progress />;
  } else if (error && isNotFoundError(error)) {
    body = <MeshNotFound meshId={props.meshId} message={backendMessage(error)} />;
  } else if (error) {
    body = <ResponseErrorPanel title={`Could not read mesh "${props.meshId}"`} error={error} />;
  } else if (mesh) {
    body = <MeshOverview mesh={mesh} />;
  }
  return (
    <Content>
      <ContentHeader
        title={mesh ? `${mesh.title}` : props.meshId}
        description={mesh ? `Mesh ${mesh.id}` : undefined}
      >
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          {mesh && <MeshTemplateLinks mesh={mesh} />}
          {meshesLink && <Link to={meshesLink}>All meshes</Link>}
          {topologyLink && <Link to={topologyLink}>Topology</Link>}
          <RefreshButton onClick={retry} disabled={loading} />
        </Box>
      </ContentHeader>
      {body}
    </Content>
  );
}
