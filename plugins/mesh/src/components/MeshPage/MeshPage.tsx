import { Content, ContentHeader, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ControlPlaneHealthCard } from '../ControlPlaneCard';
import { MeshOperationsPanel } from '../MeshOperations';
import { MeshPoliciesTab } from '../MeshPolicies';
import { MeshTemplateLinks } from '../MeshTemplates';
import { MeshWorkloadsTab } from '../WorkloadSidecars';
import { isNotFoundError, RefreshButton, useMeshLinks } from '../shared';
import { DriftPanel } from './DriftPanel';
import { MeshAboutCard } from './MeshAboutCard';
import { MeshClustersTable } from './MeshClustersTable';
import { MeshGatewaysTable } from './MeshGatewaysTable';
import { MeshNetworksCard } from './MeshNetworksCard';
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
        <MeshGatewaysTable gateways={mesh.gateways ?? []} />
      </Grid>
      <Grid item xs={12}>
        <MeshNetworksCard mesh={mesh} />
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

type MeshPageTab = 'overview' | 'policies' | 'workloads';

/** The tab in the URL (`?tab=policies`, `?tab=workloads`), so a tab can be linked to and survives a reload. */
function useMeshPageTab(): [MeshPageTab, (tab: MeshPageTab) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: MeshPageTab = asked === 'policies' || asked === 'workloads' ? asked : 'overview';
  const setTab = (next: MeshPageTab) =>
    setParams(
      current => {
        const updated = new URLSearchParams(current);
        if (next === 'overview') {
          updated.delete('tab');
        } else {
          updated.set('tab', next);
        }
        return updated;
      },
      { replace: true },
    );
  return [tab, setTab];
}

function MeshTabs(props: { mesh: MeshDetail }) {
  const [tab, setTab] = useMeshPageTab();
  return (
    <>
      <Box mb={2}>
        <Tabs value={tab} onChange={(_event, value: MeshPageTab) => setTab(value)} indicatorColor="primary">
          <Tab value="overview" label="Overview" />
          <Tab value="policies" label="Policies" />
          <Tab value="workloads" label="Workloads" />
        </Tabs>
      </Box>
      {tab === 'policies' && <MeshPoliciesTab meshId={props.mesh.id} />}
      {tab === 'workloads' && <MeshWorkloadsTab mesh={props.mesh} />}
      {tab === 'overview' && <MeshOverview mesh={props.mesh} />}
    </>
  );
}

function backendMessage(error: Error): string | undefined {
  return (error as { cause?: { message?: string } }).cause?.message;
}

/**
 * One mesh: what it is, its drift, clusters, services and discovery warnings;
 * on the Policies tab (`?tab=policies`) its Istio policies, their drift and history;
 * on the Workloads tab (`?tab=workloads`) its workloads' sidecars per cluster.
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
    body = <MeshTabs mesh={mesh} />;
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
