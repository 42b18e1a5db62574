import { Content, ContentHeader, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { RefreshButton } from '../shared';
import { ClustersEmptyState } from './ClustersEmptyState';
import { ClustersTable } from './ClustersTable';

/**
 * Every cluster Meshfleet reads: reachability (with the error for unreachable
 * ones), last sync, Istio role, mesh and discovery warnings. Reads once on
 * mount; the Refresh button reads again (the backend watches the clusters).
 *
 * @public
 */
export function ClustersPage() {
  const meshApi = useApi(meshApiRef);
  const { value: clusters, loading, error, retry } = useAsyncRetry(() => meshApi.listClusters(), [meshApi]);

  let body;
  if (loading && !clusters) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel title="Could not list the clusters" error={error} />;
  } else if (!clusters?.length) {
    body = <ClustersEmptyState />;
  } else {
    body = <ClustersTable clusters={clusters} />;
  }
  return (
    <Content>
      <ContentHeader title="Kubernetes clusters" description="The clusters Meshfleet reads, and what it found in them">
        <RefreshButton onClick={retry} disabled={loading} />
      </ContentHeader>
      {body}
    </Content>
  );
}
