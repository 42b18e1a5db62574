import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useApi } from '@backstage/frontend-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import { ComponentService } from '@meshfleet/plugin-mesh-common';
import {
  errorShare,
  formatMs,
  formatRate,
  formatShare,
  meshApiRef,
  ObservabilityErrorPanel,
  TrafficHealthStatus,
} from '@meshfleet/plugin-mesh-react';
import useAsync from 'react-use/esm/useAsync';
import { NotInMesh, useComponentServices } from '../componentServices';
import { AboutField, MeshLink } from '../shared';

/** The path of the Service Mesh tab, as the tab's extension declares it. */
export const SERVICE_MESH_TAB_PATH = 'service-mesh';

function ServiceStatus(props: { service: ComponentService; others: number }) {
  const { service } = props;
  const meshApi = useApi(meshApiRef);
  const health = useAsync(
    () => meshApi.getServiceHealth(service.meshId, service.namespace, service.name),
    [meshApi, service.meshId, service.namespace, service.name],
  );
  return (
    <Grid container spacing={2}>
      <AboutField label="Mesh">
        <MeshLink meshId={service.meshId}>{service.meshTitle}</MeshLink>
      </AboutField>
      <AboutField label="Service">
        {service.namespace}/{service.name}
        {props.others > 0 && ` (and ${props.others} more)`}
      </AboutField>
      <AboutField label="Clusters">{service.clusters.map(c => c.cluster).join(', ')}</AboutField>
      {health.error && (
        <Grid item xs={12}>
          <ObservabilityErrorPanel what="health" error={health.error} />
        </Grid>
      )}
      {health.loading && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
      {health.value && (
        <>
          <AboutField label="Health">
            <TrafficHealthStatus health={health.value.health} />
          </AboutField>
          <AboutField label={`Inbound (${health.value.window})`}>{formatRate(health.value.inbound.requestRate)}</AboutField>
          <AboutField label="Error rate">{formatShare(errorShare(health.value.inbound))}</AboutField>
          <AboutField label="Latency p99">{formatMs(health.value.inbound.latencyMs?.p99)}</AboutField>
          <AboutField label="mTLS">{formatShare(health.value.inbound.mtlsShare)}</AboutField>
        </>
      )}
    </Grid>
  );
}

/**
 * Entity card for a Component in a mesh: its mesh, health from traffic,
 * inbound request and error rate, with a link to the Service Mesh tab.
 *
 * @public
 */
export function EntityServiceMeshCard() {
  const { entity } = useEntity();
  const state = useComponentServices(entity);
  const entityRoute = useRouteRef(entityRouteRef);
  const tab = `${entityRoute({
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace?.toLocaleLowerCase('en-US') ?? 'default',
    name: entity.metadata.name,
  })}/${SERVICE_MESH_TAB_PATH}`;
  let body;
  if (state.error) {
    body = <ResponseErrorPanel title="Could not find the Component's mesh services" error={state.error} />;
  } else if (!state.services) {
    body = <Progress />;
  } else if (!state.selected) {
    body = <NotInMesh entity={entity} />;
  } else {
    body = <ServiceStatus service={state.selected} others={state.services.length - 1} />;
  }
  return (
    <InfoCard title="Service mesh" deepLink={{ title: 'Service Mesh tab', link: tab }}>
      {body}
    </InfoCard>
  );
}
