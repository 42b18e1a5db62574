export { MeshHealthStatus } from './MeshHealthStatus';
export type { MeshHealthStatusProps } from './MeshHealthStatus';
export { ReachabilityStatus } from './ReachabilityStatus';
export type { ReachabilityStatusProps } from './ReachabilityStatus';
export { Timestamp, formatUtc } from './Timestamp';
export type { TimestampProps } from './Timestamp';
export { formatIstioVersion } from './istio';
