import { Handle, NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { HEALTH_COLORS } from '../HealthStatus';
import { ViewGroup, ViewItem } from './view';

/** Data of an item node: the view item, and whether it is the focus. */
export type ItemNodeData = { item: ViewItem; focus: boolean };
/** Data of a group node. */
export type GroupNodeData = { group: ViewGroup };

const KIND_MARK: Record<ViewItem['kind'], string> = {
  service: 'svc',
  workload: 'wl',
  external: 'ext',
  unknown: '?',
};

/** A service, workload, external host or unknown caller, bordered in its health's colour. */
export const ItemNode = memo(function ItemNodeView(props: NodeProps) {
  const { item, focus } = props.data as ItemNodeData;
  const color = HEALTH_COLORS[item.health];
  return (
    <div
      title={`${item.label}${item.sublabel ? ` (${item.sublabel})` : ''}: ${item.health}`}
      data-health={item.health}
      style={{
        width: '100%',
        height: '100%',
        boxSizing: 'border-box',
        border: `${focus || props.selected ? 3 : 2}px solid ${color}`,
        borderStyle: item.inScope ? 'solid' : 'dashed',
        borderRadius: 8,
        background: focus ? '#e3f2fd' : '#fff',
        padding: '4px 8px',
        fontSize: 12,
        lineHeight: '16px',
        overflow: 'hidden',
        color: '#212121',
      }}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
        <span style={{ background: color, color: '#fff', borderRadius: 4, padding: '0 4px', fontSize: 10 }}>
          {KIND_MARK[item.kind]}
        </span>
        <strong style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{item.label}</strong>
      </div>
      <div style={{ color: '#616161', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {[item.sublabel, item.clusters.length > 0 && item.kind === 'service' ? item.clusters.join(', ') : undefined]
          .filter(Boolean)
          .join(' · ')}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

/** A namespace or cluster: a box around its items, or one node when collapsed. */
export const GroupNode = memo(function GroupNodeView(props: NodeProps) {
  const { group } = props.data as GroupNodeData;
  const color = HEALTH_COLORS[group.health];
  if (group.collapsed) {
    return (
      <div
        title={`${group.label}: ${group.size} nodes, ${group.health} (double-click to expand)`}
        data-health={group.health}
        style={{
          width: '100%',
          height: '100%',
          boxSizing: 'border-box',
          border: `${props.selected ? 3 : 2}px double ${color}`,
          borderRadius: 12,
          background: '#f5f5f5',
          padding: '6px 10px',
          fontSize: 12,
          color: '#212121',
        }}
      >
        <Handle type="target" position={Position.Left} isConnectable={false} />
        <strong>{group.label}</strong>
        <div style={{ color: '#616161' }}>{group.size} nodes · collapsed</div>
        <Handle type="source" position={Position.Right} isConnectable={false} />
      </div>
    );
  }
  return (
    <div
      style={{
        width: '100%',
        height: '100%',
        boxSizing: 'border-box',
        border: `1px solid ${color}`,
        borderRadius: 12,
        background: 'rgba(240, 244, 248, 0.6)',
        fontSize: 12,
        color: '#424242',
        padding: '6px 10px',
      }}
      title={`${group.label}: ${group.size} nodes (double-click to collapse)`}
    >
      <strong>{group.label}</strong> · {group.size} nodes
    </div>
  );
});
