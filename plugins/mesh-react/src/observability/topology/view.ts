import { HealthStatus, TopologyEdge, TopologyGraph, TopologyNode } from '@meshfleet/plugin-mesh-common';

/*
 * From a topology graph to what the graph view draws: items (nodes, or a
 * service's part in one cluster when grouping by cluster), groups (namespace
 * or cluster boxes, which can be collapsed into one node), and edges between
 * what is visible, aggregated where they run into a collapsed group. Pure, so
 * it is tested without a browser.
 */

/**
 * How the graph view boxes nodes: by namespace, by cluster (a service running
 * in several clusters is drawn once per cluster, and its edges per cluster
 * pair), or not at all.
 *
 * @public
 */
export type TopologyGrouping = 'none' | 'namespace' | 'cluster';

/** A drawable node: one graph node (or one cluster's part of it). */
export interface ViewItem {
  id: string;
  /** The graph node it stands for. */
  nodeId: string;
  label: string;
  sublabel?: string;
  kind: TopologyNode['kind'];
  health: HealthStatus;
  /** Clusters it runs in (when not split by cluster). */
  clusters: string[];
  inScope: boolean;
  group?: string;
}

/** A namespace or cluster box. */
export interface ViewGroup {
  id: string;
  label: string;
  collapsed: boolean;
  health: HealthStatus;
  /** How many items are inside. */
  size: number;
}

/** A drawable edge, standing for one or more graph edges (or edge parts). */
export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  protocols: Array<TopologyEdge['protocol']>;
  crossCluster: boolean;
  requestRate: number;
  errorRate: number;
  tcpBytesPerSecond: number;
  health: HealthStatus;
  /** The graph edges behind it. */
  edgeIds: string[];
  /** When split by cluster: the part's clusters. */
  clusters?: { source: string; destination: string };
}

/** What the view draws. */
export interface TopologyView {
  items: ViewItem[];
  groups: ViewGroup[];
  edges: ViewEdge[];
}

const HEALTH_ORDER: HealthStatus[] = ['unknown', 'healthy', 'degraded', 'failing'];

/** The worse of two health states (`unknown` only when nothing is known). */
export function worseHealth(a: HealthStatus, b: HealthStatus): HealthStatus {
  return HEALTH_ORDER.indexOf(a) >= HEALTH_ORDER.indexOf(b) ? a : b;
}

/**
 * Which nodes and edges to keep: nodes by health (a kept node keeps its
 * edges' other ends, so a failing service is shown with its callers), edges
 * by protocol.
 *
 * @public
 */
export interface TopologyFilter {
  health?: HealthStatus[];
  protocols?: Array<TopologyEdge['protocol']>;
}

/**
 * The graph without the nodes and edges a filter leaves out. Neighbours of a
 * kept node stay, so that its traffic remains visible.
 *
 * @public
 */
export function filterTopology(graph: TopologyGraph, filter: TopologyFilter): TopologyGraph {
  let edges = graph.edges;
  if (filter.protocols && filter.protocols.length > 0) {
    const protocols = new Set(filter.protocols);
    edges = edges.filter(e => protocols.has(e.protocol));
  }
  let nodes = graph.nodes;
  if (filter.health && filter.health.length > 0) {
    const health = new Set(filter.health);
    const kept = new Set(nodes.filter(n => health.has(n.health.status)).map(n => n.id));
    edges = edges.filter(e => kept.has(e.source) || kept.has(e.target));
    for (const e of edges) {
      kept.add(e.source);
      kept.add(e.target);
    }
    nodes = nodes.filter(n => kept.has(n.id));
  } else if (filter.protocols && filter.protocols.length > 0) {
    // Without a health filter, nodes left without any edge of the protocols go too.
    const touched = new Set(edges.flatMap(e => [e.source, e.target]));
    nodes = nodes.filter(n => touched.has(n.id));
  }
  return { ...graph, nodes, edges };
}

function itemLabel(node: TopologyNode): { label: string; sublabel?: string } {
  switch (node.kind) {
    case 'service':
      return { label: node.name, sublabel: node.namespace };
    case 'workload':
      return { label: node.name, sublabel: `workload · ${node.namespace ?? ''} · ${node.cluster ?? ''}` };
    case 'external':
      return { label: node.name, sublabel: 'outside the mesh' };
    default:
      return { label: 'unknown', sublabel: 'callers without a sidecar' };
  }
}

/** Ids of the groups the view would draw, with the number of items in each. */
export function groupIds(graph: TopologyGraph, grouping: TopologyGrouping): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of splitItems(graph, grouping).values()) {
    if (item.group) counts.set(item.group, (counts.get(item.group) ?? 0) + 1);
  }
  return counts;
}

function groupOf(grouping: TopologyGrouping, namespace: string | undefined, cluster: string | undefined) {
  if (grouping === 'namespace' && namespace) return `ns:${namespace}`;
  if (grouping === 'cluster' && cluster) return `cluster:${cluster}`;
  return undefined;
}

/** The items before collapsing: one per node, or per node and cluster when grouping by cluster. */
function splitItems(graph: TopologyGraph, grouping: TopologyGrouping): Map<string, ViewItem> {
  const items = new Map<string, ViewItem>();
  for (const node of graph.nodes) {
    const base = {
      nodeId: node.id,
      kind: node.kind,
      inScope: node.inScope,
      ...itemLabel(node),
    };
    if (grouping === 'cluster' && node.kind === 'service' && node.parts.length > 0) {
      for (const part of node.parts) {
        items.set(`${node.id}@${part.cluster}`, {
          ...base,
          id: `${node.id}@${part.cluster}`,
          health: part.health.status,
          clusters: [part.cluster],
          group: groupOf(grouping, node.namespace, part.cluster),
        });
      }
    } else {
      const cluster = node.cluster ?? (node.clusters.length === 1 ? node.clusters[0] : undefined);
      items.set(node.id, {
        ...base,
        id: node.id,
        health: node.health.status,
        clusters: node.clusters,
        group: groupOf(grouping, node.namespace, cluster),
      });
    }
  }
  return items;
}

/** The item an edge end in a cluster is drawn at (created for a cluster the node has no part in). */
function endItem(items: Map<string, ViewItem>, graph: Map<string, TopologyNode>, nodeId: string, cluster: string, grouping: TopologyGrouping): string {
  if (items.has(nodeId)) return nodeId;
  const id = `${nodeId}@${cluster}`;
  if (!items.has(id)) {
    const node = graph.get(nodeId)!;
    items.set(id, {
      id,
      nodeId,
      kind: node.kind,
      inScope: node.inScope,
      ...itemLabel(node),
      health: 'unknown',
      clusters: [cluster],
      group: groupOf(grouping, node.namespace, cluster),
    });
  }
  return id;
}

/**
 * What to draw for a graph: items in groups, groups collapsed as asked, and
 * edges between the visible ends (summed where several run between the same
 * two, e.g. into a collapsed group; traffic inside a collapsed group is not drawn).
 *
 * @public
 */
export function buildTopologyView(
  graph: TopologyGraph,
  options: { grouping: TopologyGrouping; collapsed: ReadonlySet<string> },
): TopologyView {
  const { grouping, collapsed } = options;
  const items = splitItems(graph, grouping);
  const nodes = new Map(graph.nodes.map(n => [n.id, n]));

  // Edge ends at item level first (items may be added for clusters without a part).
  type Raw = { source: string; target: string; edge: TopologyEdge; traffic: TopologyEdge['traffic']; crossCluster: boolean; clusters?: ViewEdge['clusters'] };
  const raw: Raw[] = [];
  for (const edge of graph.edges) {
    if (grouping === 'cluster' && edge.parts.length > 0) {
      for (const part of edge.parts) {
        raw.push({
          source: endItem(items, nodes, edge.source, part.sourceCluster, grouping),
          target: endItem(items, nodes, edge.target, part.destinationCluster, grouping),
          edge,
          traffic: part.traffic,
          crossCluster: part.crossCluster,
          clusters: { source: part.sourceCluster, destination: part.destinationCluster },
        });
      }
    } else {
      raw.push({ source: edge.source, target: edge.target, edge, traffic: edge.traffic, crossCluster: edge.crossCluster });
    }
  }

  const groups = new Map<string, ViewGroup>();
  for (const item of items.values()) {
    if (!item.group) continue;
    const group = groups.get(item.group) ?? {
      id: item.group,
      label: item.group.replace(/^ns:/, 'namespace ').replace(/^cluster:/, 'cluster '),
      collapsed: collapsed.has(item.group),
      health: 'unknown' as HealthStatus,
      size: 0,
    };
    group.size++;
    group.health = worseHealth(group.health, item.health);
    groups.set(item.group, group);
  }

  // Where an item is drawn: itself, or its collapsed group.
  const drawnAt = (itemId: string) => {
    const group = items.get(itemId)?.group;
    return group && collapsed.has(group) ? group : itemId;
  };
  const edges = new Map<string, ViewEdge>();
  for (const r of raw) {
    const source = drawnAt(r.source);
    const target = drawnAt(r.target);
    if (source === target && source.startsWith(grouping === 'cluster' ? 'cluster:' : 'ns:')) {
      continue;
    }
    const id = `${source}->${target}`;
    const existing = edges.get(id);
    const tcp = r.traffic.tcp ? r.traffic.tcp.sentBytesPerSecond + r.traffic.tcp.receivedBytesPerSecond : 0;
    if (existing) {
      existing.requestRate += r.traffic.requestRate;
      existing.errorRate += r.traffic.errorRate;
      existing.tcpBytesPerSecond += tcp;
      existing.crossCluster ||= r.crossCluster;
      existing.health = worseHealth(existing.health, r.edge.health.status);
      if (!existing.protocols.includes(r.edge.protocol)) existing.protocols.push(r.edge.protocol);
      if (!existing.edgeIds.includes(r.edge.id)) existing.edgeIds.push(r.edge.id);
      if (existing.clusters && (existing.clusters.source !== r.clusters?.source || existing.clusters.destination !== r.clusters?.destination)) {
        existing.clusters = undefined;
      }
    } else {
      edges.set(id, {
        id,
        source,
        target,
        protocols: [r.edge.protocol],
        crossCluster: r.crossCluster,
        requestRate: r.traffic.requestRate,
        errorRate: r.traffic.errorRate,
        tcpBytesPerSecond: tcp,
        health: r.edge.health.status,
        edgeIds: [r.edge.id],
        clusters: r.clusters,
      });
    }
  }
  const visibleItems = [...items.values()].filter(i => !(i.group && collapsed.has(i.group)));
  return {
    items: visibleItems.sort((a, b) => a.id.localeCompare(b.id)),
    groups: [...groups.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...edges.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}
