import { CodeSnippet, EmptyState, InfoCard, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ComponentService, GrafanaLinks, ObservabilityStatus } from '@meshfleet/plugin-mesh-common';
import { meshApiRef, ObservabilityErrorPanel, RefreshControls } from '@meshfleet/plugin-mesh-react';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ChoiceSelect, ComponentServiceContent, RANGE_CHOICES } from '../componentServices';
import { RenderedPanels } from './RenderedPanels';

const CONFIG_EXAMPLE = `meshfleet:
  prometheus:
    url: https://prometheus.example.com
  grafana:
    url: https://grafana.example.com        # embeds Istio's dashboards
    token: \${GRAFANA_TOKEN}
    dashboardsDirectory: /opt/istio-dashboards   # or only Istio's dashboard JSON files`;

function NothingConfigured(props: { meshId: string }) {
  return (
    <EmptyState
      missing="field"
      title={`No Prometheus or Grafana for mesh ${props.meshId}`}
      description="Meshfleet shows Istio's dashboards when the mesh has a Grafana (embedded) or a Prometheus and Istio's dashboard files (drawn here). Configure them for this mesh, or as the default of every mesh, in the backend's app-config:"
      action={<CodeSnippet language="yaml" text={CONFIG_EXAMPLE} />}
    />
  );
}

function GrafanaEmbeds(props: { links: GrafanaLinks }) {
  const { links } = props;
  return (
    <Grid container spacing={2}>
      {links.problems.length > 0 && (
        <Grid item xs={12}>
          {links.problems.map(p => (
            <Typography key={p} variant="body2" color="error">
              {p}
            </Typography>
          ))}
        </Grid>
      )}
      {links.dashboards.map(d => (
        <Grid item xs={12} key={`${d.uid}-${d.workload ?? ''}`}>
          <InfoCard
            title={d.workload ? `${d.title}: ${d.workload}` : d.title}
            deepLink={{ title: 'Open in Grafana', link: d.url }}
          >
            <iframe
              title={d.workload ? `${d.title} ${d.workload}` : d.title}
              src={d.embedUrl}
              style={{ width: '100%', height: 720, border: 0 }}
              loading="lazy"
            />
            <Typography variant="caption" color="textSecondary">
              Embedded from Grafana in kiosk mode. Empty or refused? Grafana needs{' '}
              <code>allow_embedding = true</code> and a login that works inside a frame; see the mesh plugin's README.{' '}
              <Link to={d.url}>Open the dashboard</Link>.
            </Typography>
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}

function GrafanaView(props: { service: ComponentService; status: ObservabilityStatus; picker: JSX.Element }) {
  const { service, status } = props;
  const meshApi = useApi(meshApiRef);
  const [range, setRange] = useState<(typeof RANGE_CHOICES)[number][0]>('1h');
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration(g => g + 1), []);
  const { meshId, namespace, name } = service;
  const canRender = status.prometheus.configured && (status.grafana.configured || status.grafana.dashboardsDirectory);

  const links = useAsync(async () => {
    if (!status.grafana.configured) return undefined;
    // One Workload dashboard per workload the service's traffic shows; none when Prometheus cannot say.
    const health = await meshApi.getServiceHealth(meshId, namespace, name).catch(() => undefined);
    const workloads = [...new Set(health?.clusters.flatMap(c => c.workloads.map(w => w.name)) ?? [])];
    return meshApi.getGrafanaDashboards(meshId, namespace, name, { workloads, from: `now-${range}`, to: 'now' });
  }, [meshApi, meshId, namespace, name, range, status.grafana.configured, generation]);
  const rendered = useAsync(
    async () => (canRender ? meshApi.renderDashboard(meshId, 'service', { namespace, service: name, range }) : undefined),
    [meshApi, meshId, namespace, name, range, canRender, generation],
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" flexWrap="wrap" alignItems="center" justifyContent="space-between" style={{ gap: 16 }}>
          {props.picker}
          <Box display="flex" alignItems="center" style={{ gap: 16 }}>
            <ChoiceSelect label="Range" value={range} choices={RANGE_CHOICES} onChange={setRange} />
            <RefreshControls onRefresh={refresh} loading={links.loading || rendered.loading} />
          </Box>
        </Box>
      </Grid>
      {status.grafana.configured && (
        <Grid item xs={12}>
          <Typography variant="h6" gutterBottom>
            Istio's dashboards in Grafana
          </Typography>
          {links.error && <ResponseErrorPanel title="Could not find Istio's dashboards in Grafana" error={links.error} />}
          {links.loading && !links.value && <Progress />}
          {links.value && <GrafanaEmbeds links={links.value} />}
        </Grid>
      )}
      <Grid item xs={12}>
        <Typography variant="h6" gutterBottom>
          {rendered.value ? `${rendered.value.title}, drawn by Meshfleet` : 'Istio Service Dashboard, drawn by Meshfleet'}
        </Typography>
        {!canRender && (
          <Typography variant="body2" color="textSecondary">
            Drawing the dashboard's panels here needs a Prometheus and Istio's dashboards (a Grafana or a dashboards
            directory) for this mesh.
          </Typography>
        )}
        {rendered.error && <ObservabilityErrorPanel what="dashboard panels" error={rendered.error} />}
        {rendered.loading && !rendered.value && canRender && <Progress />}
        {rendered.value && (
          <>
            <Typography variant="body2" color="textSecondary" gutterBottom>
              Panels of “{rendered.value.title}” (from the {rendered.value.source === 'grafana' ? "mesh's Grafana" : 'dashboards directory'}),
              each panel's own queries run by the backend against the mesh's Prometheus, for service{' '}
              {rendered.value.variables.service}.
            </Typography>
            <RenderedPanels dashboard={rendered.value} />
          </>
        )}
      </Grid>
    </Grid>
  );
}

function GrafanaForService(props: { service: ComponentService; picker: JSX.Element }) {
  const meshApi = useApi(meshApiRef);
  const status = useAsync(() => meshApi.getObservabilityStatus(props.service.meshId), [meshApi, props.service.meshId]);
  if (status.error) {
    return <ObservabilityErrorPanel what="dashboards" error={status.error} />;
  }
  if (!status.value) {
    return <Progress />;
  }
  const { prometheus, grafana } = status.value;
  if (!prometheus.configured && !grafana.configured) {
    return (
      <>
        {props.picker}
        <NothingConfigured meshId={props.service.meshId} />
      </>
    );
  }
  return <GrafanaView service={props.service} status={status.value} picker={props.picker} />;
}

/**
 * The Grafana tab of a Component: Istio's Service and Workload dashboards
 * embedded from the mesh's Grafana (kiosk mode, variables set, links out)
 * when one is configured, and the Service dashboard's panels drawn here from
 * the backend's rendering whether or not; an empty state when the mesh has
 * neither Prometheus nor Grafana.
 *
 * @public
 */
export function EntityGrafanaContent() {
  return (
    <ComponentServiceContent>{(service, picker) => <GrafanaForService service={service} picker={picker} />}</ComponentServiceContent>
  );
}
