import { InfoCard, StatusOK, StatusWarning } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { isMultiNetwork, MeshNetwork, meshNetworks, NetworkCluster, NetworkGateway, NO_NETWORK } from './meshNetworks';

function clusterNames(clusters: NetworkCluster[]): string {
  return clusters.map(c => (c.controlPlane ? `${c.name} (control plane)` : c.name)).join(', ');
}

/** The one line of a mesh whose clusters share a network (or set none): nothing crosses networks. */
function singleNetworkText(networks: MeshNetwork[]): string {
  const named = networks.find(n => n.network !== NO_NETWORK);
  const unnamed = networks.find(n => n.network === NO_NETWORK);
  if (!named) {
    return 'No cluster sets an Istio network, so all are on one: cross-network gateways are not needed.';
  }
  const verb = unnamed?.clusters.length === 1 ? 'sets' : 'set';
  const without = unnamed ? ` (${clusterNames(unnamed.clusters)} ${verb} none, which Istio treats as on every network)` : '';
  return `One network, ${named.network}${without}: cross-network gateways are not needed.`;
}

function GatewayLine(props: { gateway: NetworkGateway }) {
  const { cluster, gateway, ready, addresses } = props.gateway;
  const where = addresses.length > 0 ? addresses.join(', ') : 'no address yet';
  return <Typography variant="body2">{`${cluster}: ${gateway}, ${ready} ready, ${where}`}</Typography>;
}

function NetworkRow(props: { network: MeshNetwork }) {
  const { network, clusters, eastWestGateways, problem } = props.network;
  return (
    <TableRow>
      <TableCell>
        <Typography variant="subtitle2">{network}</Typography>
      </TableCell>
      <TableCell>{clusterNames(clusters)}</TableCell>
      <TableCell>
        {eastWestGateways.map(g => (
          <GatewayLine key={`${g.cluster}/${g.gateway}`} gateway={g} />
        ))}
        {eastWestGateways.length === 0 && <Typography variant="body2">none</Typography>}
        {problem ? <StatusWarning>{problem}</StatusWarning> : <StatusOK>a ready east-west gateway has an address</StatusOK>}
      </TableCell>
    </TableRow>
  );
}

/**
 * The mesh's Istio networks: each with its clusters and the east-west gateways
 * through which the other networks reach it, and a warning where none can.
 */
export function MeshNetworksCard(props: { mesh: MeshDetail }) {
  const networks = meshNetworks(props.mesh);
  let body;
  if (networks.length === 0) {
    body = <Typography variant="body2">This mesh lists no clusters.</Typography>;
  } else if (!isMultiNetwork(networks)) {
    body = <Typography variant="body2">{singleNetworkText(networks)}</Typography>;
  } else {
    body = (
      <Table size="small" aria-label="Networks">
        <TableHead>
          <TableRow>
            <TableCell>Network</TableCell>
            <TableCell>Clusters</TableCell>
            <TableCell>East-west gateways</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {networks.map(n => (
            <NetworkRow key={n.network} network={n} />
          ))}
        </TableBody>
      </Table>
    );
  }
  return <InfoCard title="Networks">{body}</InfoCard>;
}
