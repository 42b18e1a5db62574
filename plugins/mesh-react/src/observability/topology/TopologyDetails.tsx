import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Divider from '@material-ui/core/Divider';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { TopologyEdge, TopologyGraph, TopologyNode, TrafficFigures } from '@meshfleet/plugin-mesh-common';
import { ReactNode } from 'react';
import { errorShare, formatBytesPerSecond, formatMs, formatRate, formatShare } from '../format';
import { TrafficHealthStatus } from '../HealthStatus';
import { ViewGroup } from './view';

/** What is selected in the graph. */
export type TopologySelection =
  | { kind: 'edge'; edgeIds: string[]; clusters?: { source: string; destination: string } }
  | { kind: 'node'; nodeId: string }
  | { kind: 'group'; group: ViewGroup };

function Figure(props: { label: string; children: ReactNode }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" style={{ paddingLeft: 0 }}>
        {props.label}
      </TableCell>
      <TableCell align="right" style={{ paddingRight: 0 }}>
        {props.children}
      </TableCell>
    </TableRow>
  );
}

/** Request, error, latency, mTLS and TCP figures of some traffic. */
export function TrafficTable(props: { traffic: TrafficFigures }) {
  const t = props.traffic;
  return (
    <Table size="small" aria-label="traffic figures">
      <TableBody>
        <Figure label="Request rate">{formatRate(t.requestRate)}</Figure>
        <Figure label="Error rate">
          {formatRate(t.errorRate)} ({formatShare(errorShare(t))})
        </Figure>
        <Figure label="4xx">{formatRate(t.errors.http4xx)}</Figure>
        <Figure label="5xx">{formatRate(t.errors.http5xx)}</Figure>
        <Figure label="gRPC errors">{formatRate(t.errors.grpc)}</Figure>
        <Figure label="No response">{formatRate(t.errors.noResponse)}</Figure>
        <Figure label="Latency p50">{formatMs(t.latencyMs?.p50)}</Figure>
        <Figure label="Latency p95">{formatMs(t.latencyMs?.p95)}</Figure>
        <Figure label="Latency p99">{formatMs(t.latencyMs?.p99)}</Figure>
        <Figure label="mTLS share">{formatShare(t.mtlsShare)}</Figure>
        {t.tcp && (
          <>
            <Figure label="TCP sent">{formatBytesPerSecond(t.tcp.sentBytesPerSecond)}</Figure>
            <Figure label="TCP received">{formatBytesPerSecond(t.tcp.receivedBytesPerSecond)}</Figure>
          </>
        )}
      </TableBody>
    </Table>
  );
}

function nodeName(node: TopologyNode | undefined, id: string): string {
  if (!node) return id;
  return node.namespace ? `${node.namespace}/${node.name}` : node.name;
}

function EdgeDetails(props: { edge: TopologyEdge; nodes: Map<string, TopologyNode>; clusters?: { source: string; destination: string } }) {
  const { edge, nodes, clusters } = props;
  const part = clusters
    ? edge.parts.find(p => p.sourceCluster === clusters.source && p.destinationCluster === clusters.destination)
    : undefined;
  return (
    <Box mb={2} data-testid="edge-details">
      <Typography variant="subtitle1">
        {nodeName(nodes.get(edge.source), edge.source)} → {nodeName(nodes.get(edge.target), edge.target)}
      </Typography>
      <Box display="flex" style={{ gap: 8 }} flexWrap="wrap" my={1}>
        <Chip size="small" label={edge.protocol.toUpperCase()} />
        {edge.crossCluster && <Chip size="small" color="secondary" label="Cross-cluster" />}
        <TrafficHealthStatus health={edge.health} />
      </Box>
      <Typography variant="body2" color="textSecondary">
        {edge.health.reason}
      </Typography>
      {part && (
        <Typography variant="body2">
          This part: {part.sourceCluster} → {part.destinationCluster}
        </Typography>
      )}
      <TrafficTable traffic={part?.traffic ?? edge.traffic} />
      <Typography variant="subtitle2" style={{ marginTop: 12 }}>
        Per cluster pair
      </Typography>
      <Table size="small" aria-label="per-cluster parts">
        <TableHead>
          <TableRow>
            <TableCell style={{ paddingLeft: 0 }}>From → to</TableCell>
            <TableCell align="right">Rate</TableCell>
            <TableCell align="right">Errors</TableCell>
            <TableCell align="right">p99</TableCell>
            <TableCell align="right" style={{ paddingRight: 0 }}>
              mTLS
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {edge.parts.map(p => (
            <TableRow key={`${p.sourceCluster}->${p.destinationCluster}`}>
              <TableCell style={{ paddingLeft: 0 }}>
                {p.sourceCluster} → {p.destinationCluster}
                {p.crossCluster && ' (cross-cluster)'}
              </TableCell>
              <TableCell align="right">{formatRate(p.traffic.requestRate)}</TableCell>
              <TableCell align="right">{formatShare(errorShare(p.traffic))}</TableCell>
              <TableCell align="right">{formatMs(p.traffic.latencyMs?.p99)}</TableCell>
              <TableCell align="right" style={{ paddingRight: 0 }}>
                {formatShare(p.traffic.mtlsShare)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function NodeDetails(props: {
  node: TopologyNode;
  graph: TopologyGraph;
  nodes: Map<string, TopologyNode>;
  onSelect(selection: TopologySelection): void;
}) {
  const { node, graph, nodes, onSelect } = props;
  const edges = graph.edges.filter(e => e.source === node.id || e.target === node.id);
  return (
    <Box data-testid="node-details">
      <Typography variant="subtitle1">{nodeName(node, node.id)}</Typography>
      <Box display="flex" style={{ gap: 8 }} my={1} alignItems="center">
        <Chip size="small" label={node.kind} />
        <TrafficHealthStatus health={node.health} />
      </Box>
      <Typography variant="body2" color="textSecondary">
        {node.health.reason}
      </Typography>
      <Typography variant="body2">Clusters: {node.clusters.join(', ') || '—'}</Typography>
      <Typography variant="subtitle2" style={{ marginTop: 12 }}>
        Inbound
      </Typography>
      <TrafficTable traffic={node.inbound} />
      {node.parts.length > 0 && (
        <>
          <Typography variant="subtitle2" style={{ marginTop: 12 }}>
            Per cluster
          </Typography>
          {node.parts.map(p => (
            <Box key={p.cluster} display="flex" justifyContent="space-between" alignItems="center">
              <Typography variant="body2">
                {p.cluster}: {p.workloads.map(w => w.name).join(', ') || 'no workload seen'}
              </Typography>
              <TrafficHealthStatus health={p.health} />
            </Box>
          ))}
        </>
      )}
      <Typography variant="subtitle2" style={{ marginTop: 12 }}>
        Edges
      </Typography>
      {edges.length === 0 && <Typography variant="body2">None in this graph.</Typography>}
      {edges.map(e => (
        <Button
          key={e.id}
          size="small"
          onClick={() => onSelect({ kind: 'edge', edgeIds: [e.id] })}
          style={{ textTransform: 'none', display: 'block', textAlign: 'left' }}
        >
          {nodeName(nodes.get(e.source), e.source)} → {nodeName(nodes.get(e.target), e.target)} ({e.protocol},{' '}
          {formatRate(e.traffic.requestRate)})
        </Button>
      ))}
    </Box>
  );
}

/**
 * Props of {@link TopologyDetails}.
 *
 * @public
 */
export interface TopologyDetailsProps {
  graph: TopologyGraph;
  selection?: TopologySelection;
  onSelect(selection: TopologySelection): void;
  onToggleGroup?(groupId: string): void;
}

/**
 * The side panel of the graph: the selected edge's figures (rates, 4xx/5xx,
 * p50/p95/p99, protocol, mTLS share, per-cluster parts, cross-cluster
 * marking), the selected node's health and inbound figures, or a group.
 *
 * @public
 */
export function TopologyDetails(props: TopologyDetailsProps) {
  const { graph, selection } = props;
  const nodes = new Map(graph.nodes.map(n => [n.id, n]));
  if (!selection) {
    return (
      <Typography variant="body2" color="textSecondary">
        Select an edge or a node to see its figures. Double-click a namespace or cluster box to collapse or expand it.
      </Typography>
    );
  }
  if (selection.kind === 'group') {
    const { group } = selection;
    return (
      <Box data-testid="group-details">
        <Typography variant="subtitle1">{group.label}</Typography>
        <Typography variant="body2">
          {group.size} nodes, {group.collapsed ? 'collapsed' : 'expanded'}; worst health: {group.health}
        </Typography>
        {props.onToggleGroup && (
          <Button variant="outlined" size="small" onClick={() => props.onToggleGroup!(group.id)} style={{ marginTop: 8 }}>
            {group.collapsed ? 'Expand' : 'Collapse'} {group.label}
          </Button>
        )}
      </Box>
    );
  }
  if (selection.kind === 'node') {
    const node = nodes.get(selection.nodeId);
    return node ? <NodeDetails node={node} graph={graph} nodes={nodes} onSelect={props.onSelect} /> : null;
  }
  const edges = graph.edges.filter(e => selection.edgeIds.includes(e.id));
  return (
    <Box>
      {edges.length > 1 && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {edges.length} edges drawn as one (into or out of a collapsed group):
        </Typography>
      )}
      {edges.map((e, i) => (
        <Box key={e.id}>
          {i > 0 && <Divider style={{ margin: '12px 0' }} />}
          <EdgeDetails edge={e} nodes={nodes} clusters={selection.clusters} />
        </Box>
      ))}
    </Box>
  );
}
