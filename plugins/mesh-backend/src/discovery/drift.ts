import type { DriftItem, MeshRecord } from '@meshfleet/plugin-mesh-common';
import { FleetIndex, remoteSecretTargets } from './fleetIndex';

/** Drift of the control plane: istiod present, revision, version, trust domain. */
function controlPlaneDrift(record: MeshRecord, fleet: FleetIndex): DriftItem[] {
  const cp = record.controlPlaneCluster;
  if (!fleet.cluster(cp)) {
    return [
      {
        kind: 'control-plane-missing',
        cluster: cp,
        message: `Control-plane cluster ${cp} is not configured in Backstage's Kubernetes plugin; add it to kubernetes.clusterLocatorMethods.`,
      },
    ];
  }
  const istio = fleet.istio(cp);
  if (!istio) return []; // never read: nothing to compare yet
  if (istio.role !== 'control-plane') {
    return [
      {
        kind: 'control-plane-missing',
        cluster: cp,
        expected: `istiod ${record.revision}`,
        actual: istio.role,
        message: `No istiod runs in ${cp}; install revision ${record.revision} there or change the mesh's control-plane cluster.`,
      },
    ];
  }
  const running = istio.revisions.find(r => r.revision === record.revision);
  if (!running) {
    return [
      {
        kind: 'revision-missing',
        cluster: cp,
        expected: record.revision,
        actual: istio.revisions.map(r => r.revision).join(', '),
        message: `istiod revision ${record.revision} is not running in ${cp}; install it or record the revision that runs.`,
      },
    ];
  }
  const drift: DriftItem[] = [];
  if (
    record.istioVersion &&
    running.version &&
    running.version !== record.istioVersion
  ) {
    drift.push({
      kind: 'version-mismatch',
      cluster: cp,
      expected: record.istioVersion,
      actual: running.version,
      message: `istiod ${record.revision} in ${cp} runs Istio ${running.version}, not ${record.istioVersion}; finish or roll back the upgrade.`,
    });
  }
  if (running.trustDomain && running.trustDomain !== record.trustDomain) {
    drift.push({
      kind: 'trust-domain-mismatch',
      cluster: cp,
      expected: record.trustDomain,
      actual: running.trustDomain,
      message: `istiod ${record.revision} in ${cp} uses trust domain ${running.trustDomain}, not ${record.trustDomain}; workloads' identities will not match policies.`,
    });
  }
  return drift;
}

/** Drift of one stored member: named by a remote secret, remote profile present, network. */
function memberDrift(
  cp: string,
  member: MeshRecord['members'][number],
  targets: string[],
  fleet: FleetIndex,
): DriftItem[] {
  const name = member.cluster;
  if (!targets.includes(name)) {
    return [
      {
        kind: 'member-missing',
        cluster: name,
        message: `No remote secret in ${cp} names ${name}, so istiod does not read its services; create the remote secret again.`,
      },
    ];
  }
  const istio = fleet.istio(name);
  if (istio?.role === 'none') {
    return [
      {
        kind: 'member-missing',
        cluster: name,
        expected: 'remote',
        actual: 'none',
        message: `${name} has no Istio remote profile (no injector webhook), so its pods get no sidecars; install the remote profile.`,
      },
    ];
  }
  if (istio?.network && istio.network !== member.network) {
    return [
      {
        kind: 'network-mismatch',
        cluster: name,
        expected: member.network,
        actual: istio.network,
        message: `${name} is on network ${istio.network}, not ${member.network}; relabel istio-system (topology.istio.io/network) or update the mesh.`,
      },
    ];
  }
  return [];
}

/**
 * Differences between a stored mesh and what its clusters show. Aspects that
 * cannot be read yet (control plane never reached) are left out rather than
 * guessed; the mesh's health says that it is degraded.
 */
export function computeDrift(
  record: MeshRecord,
  fleet: FleetIndex,
): DriftItem[] {
  const drift = controlPlaneDrift(record, fleet);
  const cpIstio = fleet.istio(record.controlPlaneCluster);
  if (cpIstio?.role !== 'control-plane') {
    return drift; // members cannot be judged without a control plane's remote secrets
  }
  const targets = remoteSecretTargets(cpIstio);
  for (const member of record.members) {
    drift.push(
      ...memberDrift(record.controlPlaneCluster, member, targets, fleet),
    );
  }
  const stored = new Set(record.members.map(m => m.cluster));
  for (const target of targets.filter(t => !stored.has(t))) {
    drift.push({
      kind: 'member-unexpected',
      cluster: target,
      message: `A remote secret in ${record.controlPlaneCluster} names ${target}, which is not a member of this mesh; join it to the mesh or delete the secret.`,
    });
  }
  return drift;
}
