import { ConflictError, InputError } from '@backstage/errors';
import type { V1Namespace } from '@kubernetes/client-node';
import { meshControlPlaneUpgradePermission } from '@meshfleet/plugin-mesh-common';
import type { OperationKindDefinition } from '../../operations/types';
import type { LifecycleServices } from '../services';
import { assertChartsAvailable, CONTROL_PLANE_ADDRESS_ANNOTATION, istioVersionOf, meshRecord } from './common';
import { istiodInstalled } from './istiod';
import { meshUpgradeSteps } from './meshUpgradeSteps';
import { ISTIO_NAMESPACE, istiodRelease } from './names';
import { assertInstalledByMeshfleet, validateMove } from './revisionMoveChecks';
import { MeshUpgradeParams, parseMeshUpgradeParams } from './upgradeParams';

export type { MeshUpgradeParams } from './upgradeParams';

/**
 * A revision that exists is refused unless it is this mesh's canary of this
 * version (installed by an earlier mesh.upgrade of the mesh: its istiod
 * release has the mesh's id and the same chart), which a new run moves
 * tags to again or finishes.
 */
async function checkRevision(services: LifecycleServices, params: MeshUpgradeParams, controlPlane: string, recorded: string): Promise<void> {
  if (params.revision === recorded) {
    throw new ConflictError(`revision: '${params.revision}' is mesh '${params.meshId}''s current revision; expected a new revision name`);
  }
  const target = { cluster: controlPlane, release: istiodRelease(params.revision), namespace: ISTIO_NAMESPACE };
  const status = await services.helm.status(target);
  if (!status) {
    const cp = await services.clusters.forCluster(controlPlane);
    if (await istiodInstalled(cp, params.revision)) {
      throw new ConflictError(`revision: revision '${params.revision}' exists already in ${controlPlane} (istiod ${istiodRelease(params.revision)}, not installed by Meshfleet)`);
    }
    return;
  }
  const values = (await services.helm.getValues(target)) as { global?: { meshID?: unknown } } | undefined;
  if (values?.global?.meshID !== params.meshId) {
    throw new ConflictError(`revision: revision '${params.revision}' exists already in ${controlPlane} (Helm release ${target.release}) and is not a canary of mesh '${params.meshId}'`);
  }
  if (status.chart !== `istiod-${params.version}`) {
    throw new ConflictError(
      `version: mesh '${params.meshId}''s canary revision '${params.revision}' runs ${status.chart}, not istiod-${params.version}; roll it back (mesh.rollback with removeNew) before installing another version under that name`,
    );
  }
}

/**
 * Refusals before anything changes: an external mesh, a mesh installed by a
 * module's installer strategy, a hosted mesh created with a given address
 * but upgraded without one, an
 * existing revision (unless it is this mesh's canary), a chart version the source lacks,
 * an unreachable cluster, tags, namespaces and workloads that are not there,
 * and a tag move from a version affected by istio/istio#59959.
 */
export async function validateMeshUpgrade(params: MeshUpgradeParams, services: LifecycleServices): Promise<void> {
  const record = await meshRecord(services, params.meshId);
  assertInstalledByMeshfleet(record);
  if (services.installer) {
    throw new InputError(
      `meshId: mesh '${record.id}''s istiod is installed by the '${services.installer.name}' installer strategy, which has no upgrade; upgrade it there`,
    );
  }
  if (params.controlPlaneAddress && record.type !== 'hosted') {
    throw new InputError(`controlPlaneAddress: only a hosted mesh has members that reach its istiod; mesh '${record.id}' is ${record.type}`);
  }
  const cp = await services.clusters.forCluster(record.controlPlaneCluster);
  const namespace = await cp.get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name: ISTIO_NAMESPACE });
  const given = namespace?.metadata?.annotations?.[CONTROL_PLANE_ADDRESS_ANNOTATION];
  if (record.type === 'hosted' && given && !params.controlPlaneAddress) {
    throw new InputError(
      `controlPlaneAddress: required, because mesh '${record.id}''s members reach istiod at an address given at creation (${given}); give where they reach the new revision's istiod`,
    );
  }
  await checkRevision(services, params, record.controlPlaneCluster, record.revision);
  await assertChartsAvailable(services, ['base', 'istiod'], params.version, 'version');
  await validateMove(services, record, params, {
    from: record.revision,
    to: params.revision,
    fromVersion: istioVersionOf(record, services.config),
  });
}

/**
 * `mesh.upgrade`: a canary upgrade by revision. Installs the new revision
 * beside the running one, moves tags and namespaces to it, restarts their
 * workloads in batches and checks their sidecars; with `removeOld` (the
 * confirming second run, or at once) removes the old revision when nothing
 * uses it any more and records the new one as the mesh's.
 */
export const meshUpgradeKind: OperationKindDefinition<MeshUpgradeParams, LifecycleServices> = {
  kind: 'mesh.upgrade',
  parseParams: parseMeshUpgradeParams,
  meshIdOf: params => params.meshId,
  permission: meshControlPlaneUpgradePermission,
  validate: validateMeshUpgrade,
  steps: meshUpgradeSteps,
};
