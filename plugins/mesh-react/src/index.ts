/**
 * Web library of Meshfleet: the reference to the mesh backend's API (whose
 * client, `MeshClient`, is in `@meshfleet/plugin-mesh-common`) and shared
 * components.
 *
 * @packageDocumentation
 */

export { meshApiRef } from './api/MeshApi';
export { formatIstioVersion, formatUtc, MeshHealthStatus, ReachabilityStatus, Timestamp } from './components';
export type { MeshHealthStatusProps, ReachabilityStatusProps, TimestampProps } from './components';
