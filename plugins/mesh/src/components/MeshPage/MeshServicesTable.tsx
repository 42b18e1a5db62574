import { StatusWarning, Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { MeshService, ServiceInstance, ServicePort } from '@meshfleet/plugin-mesh-common';

function portText(port: ServicePort): string {
  return `${port.name ? `${port.name} ` : ''}${port.port}/${port.protocol}`;
}

function portsText(instance: ServiceInstance): string {
  return instance.ports.map(portText).join(', ') || 'no ports';
}

/** The ports once when every cluster agrees, else per cluster. */
function Ports(props: { service: MeshService }) {
  const distinct = new Set(props.service.instances.map(portsText));
  if (distinct.size <= 1) {
    return <>{[...distinct][0] ?? '—'}</>;
  }
  return (
    <>
      {props.service.instances.map(instance => (
        <Typography key={instance.cluster} variant="body2" component="div">
          {`${instance.cluster}: ${portsText(instance)}`}
        </Typography>
      ))}
    </>
  );
}

function Clusters(props: { service: MeshService }) {
  return (
    <>
      {props.service.instances.map(instance => (
        <Typography key={instance.cluster} variant="body2" component="div">
          {instance.injected ? instance.cluster : `${instance.cluster} (no sidecar injection)`}
        </Typography>
      ))}
    </>
  );
}

function Conflicts(props: { service: MeshService }) {
  if (props.service.conflicts.length === 0) {
    return <>—</>;
  }
  return (
    <>
      <StatusWarning>Conflict</StatusWarning>
      {props.service.conflicts.map((conflict, index) => (
        <Typography key={index} variant="body2" component="div">
          {conflict}
        </Typography>
      ))}
    </>
  );
}

const columns: TableColumn<MeshService>[] = [
  {
    title: 'Service',
    field: 'name',
    highlight: true,
    customFilterAndSearch: (term, s) => `${s.namespace}/${s.name}`.includes(term),
    render: s => `${s.namespace}/${s.name}`,
  },
  { title: 'Hostname', field: 'hostname' },
  { title: 'Clusters', render: s => <Clusters service={s} /> },
  { title: 'Ports', render: s => <Ports service={s} /> },
  { title: 'Conflicts', render: s => <Conflicts service={s} /> },
];

/**
 * The mesh's services: Services of the same name and namespace across the
 * mesh's clusters count once, as Istio treats them; disagreements between
 * the clusters are marked as conflicts.
 */
export function MeshServicesTable(props: { services: MeshService[] }) {
  const conflicts = props.services.filter(s => s.conflicts.length > 0).length;
  const title = `Services (${props.services.length})${conflicts ? `, ${conflicts} with conflicts` : ''}`;
  return (
    <Table<MeshService>
      title={title}
      options={{ paging: props.services.length > 20, pageSize: 20, search: true, padding: 'dense' }}
      columns={columns}
      data={props.services}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          No services found in this mesh's clusters yet.
        </Typography>
      }
    />
  );
}
