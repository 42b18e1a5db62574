/** Istio's dashboards Meshfleet knows how to fill in. */
export type DashboardKind = 'service' | 'workload' | 'mesh' | 'control-plane';

/** Every dashboard kind, in the order the API lists them. */
export const DASHBOARD_KINDS: DashboardKind[] = ['service', 'workload', 'mesh', 'control-plane'];
