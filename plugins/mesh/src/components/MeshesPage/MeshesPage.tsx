import { Content, ContentHeader, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { CreateMeshLink } from '../MeshTemplates';
import { RefreshButton } from '../shared';
import { MeshesEmptyState } from './MeshesEmptyState';
import { MeshesTable } from './MeshesTable';

/**
 * Lists every mesh, managed or discovered, or explains how to get the first one.
 * Reads once on mount; the Refresh button reads again.
 *
 * @public
 */
export function MeshesPage() {
  const meshApi = useApi(meshApiRef);
  const { value: meshes, loading, error, retry } = useAsyncRetry(() => meshApi.listMeshes(), [meshApi]);

  let body;
  if (loading && !meshes) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel title="Could not list the meshes" error={error} />;
  } else if (!meshes?.length) {
    body = <MeshesEmptyState />;
  } else {
    body = <MeshesTable meshes={meshes} />;
  }
  return (
    <Content>
      <ContentHeader title="Istio meshes" description="Meshes Meshfleet manages, and those it found in your clusters">
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <CreateMeshLink />
          <RefreshButton onClick={retry} disabled={loading} />
        </Box>
      </ContentHeader>
      {body}
    </Content>
  );
}
