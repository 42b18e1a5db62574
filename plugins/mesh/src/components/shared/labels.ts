import { IstioClusterRole, MeshClusterView, MeshType } from '@meshfleet/plugin-mesh-common';

const meshTypeLabels: Record<MeshType, string> = {
  hosted: 'Hosted (control plane + member clusters)',
  dedicated: 'Dedicated (one cluster)',
  external: 'External (existing Istio, adopted)',
};

/** A mesh type with what it means. */
export function meshTypeLabel(type: MeshType): string {
  return meshTypeLabels[type] ?? type;
}

/** A cluster's role in its mesh. */
export function meshClusterRoleLabel(role: MeshClusterView['role']): string {
  return role === 'control-plane' ? 'Control plane (istiod)' : 'Remote (member)';
}

const istioRoleLabels: Record<IstioClusterRole, string> = {
  'control-plane': 'Control plane (runs istiod)',
  remote: 'Remote (uses another cluster’s istiod)',
  none: 'No Istio found',
};

/** What discovery found about Istio in a cluster. */
export function istioRoleLabel(role: IstioClusterRole): string {
  return istioRoleLabels[role] ?? role;
}
