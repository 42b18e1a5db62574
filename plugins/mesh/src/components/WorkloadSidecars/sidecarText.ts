import type { MismatchedPod, NamespaceSidecarInjection, WorkloadSidecars } from '@meshfleet/plugin-mesh-common';

/** Mismatched pods of one kind: the same reason and revisions. */
export interface MismatchGroup {
  reason: MismatchedPod['reason'];
  sidecarRevision?: string;
  expectedRevision?: string;
  pods: string[];
}

/** A workload's mismatched pods grouped by reason and revisions, so a chip stands for all pods of one kind. */
export function mismatchGroups(workload: WorkloadSidecars): MismatchGroup[] {
  const groups = new Map<string, MismatchGroup>();
  for (const m of workload.mismatched) {
    const key = `${m.reason}|${m.sidecarRevision ?? ''}|${m.expectedRevision ?? ''}`;
    const group = groups.get(key) ?? { reason: m.reason, sidecarRevision: m.sidecarRevision, expectedRevision: m.expectedRevision, pods: [] };
    group.pods.push(m.pod);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Whose label decides the workload's sidecar: its namespace's, or (in an unlabelled namespace) its pod template's. */
function decidedBy(namespace: NamespaceSidecarInjection | undefined): string {
  return namespace && namespace.mode !== 'none' ? "namespace's" : "pod template's";
}

/** The chip's short label: what differs, e.g. `sidecar 1-30 ≠ 1-31`. */
export function mismatchLabel(group: MismatchGroup): string {
  const count = group.pods.length === 1 ? '1 pod' : `${group.pods.length} pods`;
  switch (group.reason) {
    case 'no-sidecar':
      return `${count}: no sidecar`;
    case 'unexpected-sidecar':
      return `${count}: sidecar not expected`;
    default:
      return `${count}: sidecar ${group.sidecarRevision} ≠ ${group.expectedRevision}`;
  }
}

/**
 * What a group of mismatched pods means and what to do, e.g.
 * `sidecar revision 1-30 ≠ namespace's 1-31: restart the workload`.
 */
export function mismatchExplanation(group: MismatchGroup, namespace: NamespaceSidecarInjection | undefined): string {
  const whose = decidedBy(namespace);
  switch (group.reason) {
    case 'no-sidecar':
      return `no sidecar, but the ${whose} injection gives new pods revision ${group.expectedRevision}: restart the workload`;
    case 'unexpected-sidecar':
      return `sidecar revision ${group.sidecarRevision ?? 'unknown'}, but new pods get no sidecar: restart the workload to remove it`;
    default:
      return `sidecar revision ${group.sidecarRevision} ≠ ${whose} ${group.expectedRevision}: restart the workload`;
  }
}

/** A namespace's injection in a few words, e.g. `istio-injection=enabled → default` or `istio.io/rev=stable → 1-30`. */
export function injectionText(namespace: NamespaceSidecarInjection): string {
  if (!namespace.exists) return 'not in this cluster';
  switch (namespace.mode) {
    case 'enabled':
      return `istio-injection=enabled → ${namespace.revision ?? 'no injector'}`;
    case 'revision':
      return `istio.io/rev=${namespace.requested} → ${namespace.revision ?? 'no injector'}`;
    case 'disabled':
      return 'injection disabled';
    default:
      return 'no injection label';
  }
}

/** The revision new pods get, with the pod template's own labels when it has any. */
export function expectedText(workload: WorkloadSidecars): string {
  const expected = workload.expectedRevision ?? 'no sidecar';
  const override = workload.override;
  if (!override) return expected;
  const parts = [
    ...(override.inject !== undefined ? [`sidecar.istio.io/inject=${override.inject}`] : []),
    ...(override.revision ? [`istio.io/rev=${override.revision}`] : []),
  ];
  return `${expected} (pod template: ${parts.join(', ')})`;
}

/** The sidecars' revisions, e.g. `default ×2, 1-31 ×1`. */
export function revisionsText(workload: WorkloadSidecars): string {
  return workload.revisions.length ? workload.revisions.map(r => `${r.revision} ×${r.pods}`).join(', ') : 'none';
}
