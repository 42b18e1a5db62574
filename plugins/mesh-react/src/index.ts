/**
 * Web library of Meshfleet: the reference to the mesh backend's API (whose
 * client, `MeshClient`, is in `@meshfleet/plugin-mesh-common`) and shared
 * components: status chips, the topology graph (React Flow), charts
 * (recharts), refresh controls.
 *
 * @packageDocumentation
 */

export { meshApiRef } from './api/MeshApi';
export { formatIstioVersion, formatUtc, MeshHealthStatus, ReachabilityStatus, Timestamp } from './components';
export type { MeshHealthStatusProps, ReachabilityStatusProps, TimestampProps } from './components';
export {
  AUTO_REFRESH_MS,
  buildTopologyView,
  COLLAPSE_ABOVE,
  errorShare,
  filterTopology,
  formatBytesPerSecond,
  formatMs,
  formatRate,
  formatShare,
  HEALTH_COLORS,
  healthLabel,
  ObservabilityErrorPanel,
  RefreshControls,
  TimeSeriesChart,
  TopologyDetails,
  TopologyGraphView,
  TrafficHealthStatus,
  TrafficTable,
  useAutoRefresh,
} from './observability';
export type {
  ChartSeries,
  ObservabilityErrorPanelProps,
  RefreshControlsProps,
  TimeSeriesChartProps,
  TopologyDetailsProps,
  TopologyFilter,
  TopologyGraphViewProps,
  TopologyGrouping,
  TopologySelection,
  TopologyView,
  TrafficHealthStatusProps,
  ViewEdge,
  ViewGroup,
  ViewItem,
} from './observability';
