import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { MeshGateway } from '@meshfleet/plugin-mesh-common';

const KIND_LABELS: Record<MeshGateway['kind'], string> = {
  ingress: 'Ingress',
  egress: 'Egress',
  'east-west': 'East-west',
  unknown: 'Other',
};

/** What the Addresses column says: the load balancer's addresses, or why there are none. */
export function gatewayAddressText(gateway: MeshGateway): string {
  if (gateway.addresses.length > 0) return gateway.addresses.join(', ');
  if (gateway.serviceType === 'LoadBalancer') return 'waiting for a load-balancer address';
  if (gateway.serviceType) return `none (${gateway.serviceType} Service)`;
  return 'no Service';
}

const columns: TableColumn<MeshGateway>[] = [
  { title: 'Cluster', field: 'cluster', highlight: true },
  { title: 'Gateway', field: 'name', render: g => `${g.namespace}/${g.name}` },
  { title: 'Type', field: 'kind', render: g => KIND_LABELS[g.kind] },
  // Istio's gateway chart sets no revision label for the default revision.
  { title: 'Revision', field: 'revision', render: g => g.revision ?? 'default' },
  { title: 'Ready', field: 'readyReplicas', render: g => `${g.readyReplicas}/${g.replicas}` },
  { title: 'Addresses', field: 'addresses', render: gatewayAddressText },
];

/** The gateway instances of one mesh with their cluster, type, revision and addresses. */
export function MeshGatewaysTable(props: { gateways: MeshGateway[] }) {
  const gateways = [...props.gateways].sort(
    (a, b) => a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
  return (
    <Table<MeshGateway>
      title={`Gateways (${gateways.length})`}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={gateways}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          No gateway runs in this mesh's clusters. "Create a gateway" above starts one.
        </Typography>
      }
    />
  );
}
