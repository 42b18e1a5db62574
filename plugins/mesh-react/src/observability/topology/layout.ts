import dagre from '@dagrejs/dagre';
import { TopologyView } from './view';

/*
 * Positions for a topology view, laid out with dagre (left to right, callers
 * before callees). Two levels: each expanded group's items are laid out on
 * their own, then the top level (ungrouped items, collapsed groups, and each
 * expanded group as one box of its size) with the edges lifted to it. Each
 * run is small, so a 1,000-node mesh grouped by namespace lays out quickly;
 * without grouping it is one large run.
 */

/** Size of an item node. */
export const ITEM_SIZE = { width: 190, height: 54 };
/** Size of a collapsed group node. */
export const COLLAPSED_GROUP_SIZE = { width: 210, height: 64 };
const GROUP_PADDING = { x: 24, top: 44, bottom: 20 };

/** Where one node of the view goes; a child's position is relative to its group. */
export interface NodePlacement {
  x: number;
  y: number;
  width: number;
  height: number;
  parent?: string;
}

function layoutRun(
  nodes: Array<{ id: string; width: number; height: number }>,
  edges: Array<{ source: string; target: string }>,
): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 90, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of edges) {
    if (e.source !== e.target && g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  }
  dagre.layout(g);
  const positions = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const laid = g.node(n.id);
    // dagre gives centres; React Flow wants top-left corners.
    positions.set(n.id, { x: laid.x - n.width / 2, y: laid.y - n.height / 2 });
  }
  return positions;
}

/** Positions and sizes of every item and group of the view. */
export function layoutTopology(view: TopologyView): Map<string, NodePlacement> {
  const placements = new Map<string, NodePlacement>();
  const groupOfItem = new Map(view.items.map(i => [i.id, i.group]));
  const expanded = view.groups.filter(g => !g.collapsed);

  // 1. Inside each expanded group.
  const groupSizes = new Map<string, { width: number; height: number }>();
  for (const group of expanded) {
    const members = view.items.filter(i => i.group === group.id);
    const inner = view.edges.filter(e => groupOfItem.get(e.source) === group.id && groupOfItem.get(e.target) === group.id);
    const positions = layoutRun(members.map(m => ({ id: m.id, ...ITEM_SIZE })), inner);
    let width = 0;
    let height = 0;
    for (const m of members) {
      const p = positions.get(m.id)!;
      placements.set(m.id, { x: p.x + GROUP_PADDING.x, y: p.y + GROUP_PADDING.top, ...ITEM_SIZE, parent: group.id });
      width = Math.max(width, p.x + ITEM_SIZE.width);
      height = Math.max(height, p.y + ITEM_SIZE.height);
    }
    groupSizes.set(group.id, {
      width: Math.max(width + 2 * GROUP_PADDING.x, COLLAPSED_GROUP_SIZE.width),
      height: height + GROUP_PADDING.top + GROUP_PADDING.bottom,
    });
  }

  // 2. The top level, with edges lifted to the boxes they start or end in.
  const top: Array<{ id: string; width: number; height: number }> = [];
  for (const item of view.items) {
    if (!item.group) top.push({ id: item.id, ...ITEM_SIZE });
  }
  for (const group of view.groups) {
    top.push({ id: group.id, ...(group.collapsed ? COLLAPSED_GROUP_SIZE : groupSizes.get(group.id)!) });
  }
  const lift = (id: string) => groupOfItem.get(id) ?? id;
  const lifted = new Map<string, { source: string; target: string }>();
  for (const e of view.edges) {
    const source = lift(e.source);
    const target = lift(e.target);
    lifted.set(`${source}->${target}`, { source, target });
  }
  const positions = layoutRun(top, [...lifted.values()]);
  for (const n of top) {
    placements.set(n.id, { ...positions.get(n.id)!, width: n.width, height: n.height });
  }
  return placements;
}
