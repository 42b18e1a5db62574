import { Content, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import useAsync from 'react-use/esm/useAsync';
import { MeshesEmptyState } from './MeshesEmptyState';
import { MeshesTable } from './MeshesTable';

/**
 * Lists the meshes Meshfleet manages, or explains how to get the first one.
 *
 * @public
 */
export function MeshesPage() {
  const meshApi = useApi(meshApiRef);
  const { value: meshes, loading, error } = useAsync(() => meshApi.listMeshes(), [meshApi]);

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!meshes?.length) {
    body = <MeshesEmptyState />;
  } else {
    body = <MeshesTable meshes={meshes} />;
  }
  return <Content>{body}</Content>;
}
