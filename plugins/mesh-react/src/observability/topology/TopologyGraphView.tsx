import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { TopologyGraph } from '@meshfleet/plugin-mesh-common';
import {
  Background,
  Controls,
  Edge,
  MarkerType,
  MiniMap,
  Node,
  NodeTypes,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { formatBytesPerSecond, formatRate } from '../format';
import { HEALTH_COLORS } from '../HealthStatus';
import { layoutTopology, NodePlacement } from './layout';
import { TopologyDetails, TopologySelection } from './TopologyDetails';
import { GroupNode, ItemNode } from './TopologyNodes';
import { buildTopologyView, groupIds, TopologyGrouping, TopologyView } from './view';

/** Above this many nodes, groups start collapsed so the first view stays readable. */
export const COLLAPSE_ABOVE = 150;
/** Above this many edges, edge labels are drawn only for the selected edge. */
const LABELS_UP_TO = 300;

const nodeTypes: NodeTypes = { item: ItemNode, group: GroupNode };

/**
 * Props of {@link TopologyGraphView}.
 *
 * @public
 */
export interface TopologyGraphViewProps {
  graph: TopologyGraph;
  /** Boxes by namespace (default), by cluster, or none. */
  grouping?: TopologyGrouping;
  /** The node the view is about (highlighted, its group never collapsed at first). */
  focusNodeId?: string;
  /** Height of the graph area (default 560 px). */
  height?: number;
}

function toFlow(
  view: TopologyView,
  placements: Map<string, NodePlacement>,
  focusNodeId: string | undefined,
  selectedEdge: string | undefined,
) {
  const nodes: Node[] = [];
  // Groups first: React Flow wants parents before their children.
  for (const group of view.groups) {
    const p = placements.get(group.id)!;
    nodes.push({
      id: group.id,
      type: 'group',
      position: { x: p.x, y: p.y },
      data: { group },
      style: { width: p.width, height: p.height },
      width: p.width,
      height: p.height,
      zIndex: group.collapsed ? 1 : 0,
      ariaLabel: `${group.label}, ${group.size} nodes, ${group.collapsed ? 'collapsed' : 'expanded'}`,
    });
  }
  for (const item of view.items) {
    const p = placements.get(item.id)!;
    nodes.push({
      id: item.id,
      type: 'item',
      position: { x: p.x, y: p.y },
      data: { item, focus: item.nodeId === focusNodeId },
      width: p.width,
      height: p.height,
      style: { width: p.width, height: p.height },
      ...(p.parent ? { parentId: p.parent, extent: 'parent' as const } : {}),
      zIndex: 2,
      ariaLabel: `${item.kind} ${item.sublabel ? `${item.sublabel}/` : ''}${item.label}: ${item.health}`,
    });
  }
  const labelled = view.edges.length <= LABELS_UP_TO;
  const edges: Edge[] = view.edges.map(e => {
    const color = HEALTH_COLORS[e.health];
    const selected = e.id === selectedEdge;
    const figure = e.requestRate > 0 ? formatRate(e.requestRate) : formatBytesPerSecond(e.tcpBytesPerSecond);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      zIndex: 3,
      label: labelled || selected ? `${figure}${e.crossCluster ? ' · cross-cluster' : ''}` : undefined,
      labelStyle: { fontSize: 10 },
      style: { stroke: color, strokeWidth: selected ? 4 : 1.5, strokeDasharray: e.crossCluster ? '6 4' : undefined },
      markerEnd: { type: MarkerType.ArrowClosed, color },
      ariaLabel: `edge ${e.source} to ${e.target}`,
      data: { edge: e },
    };
  });
  return { nodes, edges };
}

/** Fits the viewport again when groups collapse or expand, or the graph changes. */
function FitOnViewChange(props: { view: TopologyView }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const frame = requestAnimationFrame(() => fitView({ padding: 0.1 }));
    return () => cancelAnimationFrame(frame);
  }, [props.view, fitView]);
  return null;
}

function initialCollapsed(graph: TopologyGraph, grouping: TopologyGrouping, focusNodeId?: string): Set<string> {
  if (grouping === 'none' || graph.nodes.length <= COLLAPSE_ABOVE) {
    return new Set();
  }
  const focus = graph.nodes.find(n => n.id === focusNodeId);
  const keep = new Set([focus?.namespace && `ns:${focus.namespace}`, ...(focus?.clusters ?? []).map(c => `cluster:${c}`)]);
  return new Set([...groupIds(graph, grouping).keys()].filter(id => !keep.has(id)));
}

function GraphArea(props: TopologyGraphViewProps & { grouping: TopologyGrouping }) {
  const { graph, grouping, focusNodeId, height = 560 } = props;
  const [collapsed, setCollapsed] = useState(() => initialCollapsed(graph, grouping, focusNodeId));
  const [selection, setSelection] = useState<TopologySelection>();
  useEffect(() => {
    setCollapsed(initialCollapsed(graph, grouping, focusNodeId));
    setSelection(undefined);
    // A new grouping or another scope starts over; a refreshed graph of the same scope keeps the state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [grouping, focusNodeId, graph.scope.kind, graph.nodes.length > COLLAPSE_ABOVE]);

  const view = useMemo(() => buildTopologyView(graph, { grouping, collapsed }), [graph, grouping, collapsed]);
  const selectedEdge = selection?.kind === 'edge' ? view.edges.find(e => e.edgeIds.join() === selection.edgeIds.join())?.id : undefined;
  // Laid out once per view; selecting an edge only restyles it.
  const placements = useMemo(() => layoutTopology(view), [view]);
  const flow = useMemo(
    () => toFlow(view, placements, focusNodeId, selectedEdge),
    [view, placements, focusNodeId, selectedEdge],
  );

  const toggleGroup = useCallback((groupId: string) => {
    setCollapsed(current => {
      const next = new Set(current);
      if (next.has(groupId)) next.delete(groupId);
      else next.add(groupId);
      return next;
    });
    setSelection(undefined);
  }, []);

  const groupCount = view.groups.length;
  return (
    <Box display="flex" style={{ gap: 16 }} flexWrap="wrap">
      <Paper variant="outlined" style={{ flex: '1 1 560px', minWidth: 320, height, position: 'relative' }} data-testid="topology-graph">
        {groupCount > 0 && (
          <Box position="absolute" top={8} left={8} zIndex={5} display="flex" style={{ gap: 8 }}>
            <Button size="small" variant="outlined" onClick={() => setCollapsed(new Set())}>
              Expand all
            </Button>
            <Button size="small" variant="outlined" onClick={() => setCollapsed(new Set(view.groups.map(g => g.id)))}>
              Collapse all
            </Button>
          </Box>
        )}
        <ReactFlow
          nodes={flow.nodes}
          edges={flow.edges}
          nodeTypes={nodeTypes}
          fitView
          minZoom={0.05}
          maxZoom={2}
          onlyRenderVisibleElements
          nodesConnectable={false}
          nodesDraggable={false}
          elementsSelectable
          onEdgeClick={(_, edge) => {
            const e = view.edges.find(v => v.id === edge.id);
            if (e) setSelection({ kind: 'edge', edgeIds: e.edgeIds, clusters: e.clusters });
          }}
          onNodeClick={(_, node) => {
            const group = view.groups.find(g => g.id === node.id);
            if (group) setSelection({ kind: 'group', group });
            else setSelection({ kind: 'node', nodeId: view.items.find(i => i.id === node.id)!.nodeId });
          }}
          onNodeDoubleClick={(_, node) => {
            if (view.groups.some(g => g.id === node.id)) toggleGroup(node.id);
          }}
        >
          <FitOnViewChange view={view} />
          <Background />
          <Controls showInteractive={false} />
          {flow.nodes.length <= 400 && <MiniMap pannable zoomable />}
        </ReactFlow>
      </Paper>
      <Paper
        variant="outlined"
        style={{ flex: '0 1 380px', minWidth: 300, maxHeight: height, overflow: 'auto', padding: 16 }}
        aria-label="selection details"
        data-testid="topology-details"
      >
        <TopologyDetails
          graph={graph}
          selection={
            selection?.kind === 'group'
              ? { kind: 'group', group: view.groups.find(g => g.id === selection.group.id) ?? selection.group }
              : selection
          }
          onSelect={setSelection}
          onToggleGroup={toggleGroup}
        />
      </Paper>
    </Box>
  );
}

/**
 * A traffic graph drawn with React Flow and laid out with dagre: zoom, pan,
 * select (a side panel shows the selected edge's or node's figures), health
 * on nodes and edges (colour), cross-cluster edges dashed, and boxes by
 * namespace or cluster that collapse into one node (large graphs start
 * collapsed; only what is on screen is drawn).
 *
 * @public
 */
export function TopologyGraphView(props: TopologyGraphViewProps) {
  const grouping = props.grouping ?? 'namespace';
  if (props.graph.nodes.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No traffic in this window: Prometheus has no Istio request or TCP metrics for this scope.
      </Typography>
    );
  }
  return (
    <ReactFlowProvider>
      <GraphArea {...props} grouping={grouping} />
    </ReactFlowProvider>
  );
}
