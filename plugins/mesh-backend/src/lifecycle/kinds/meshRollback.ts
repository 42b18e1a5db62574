import { ConflictError, NotFoundError } from '@backstage/errors';
import { meshControlPlaneUpgradePermission } from '@meshfleet/plugin-mesh-common';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import { StepError } from '../../operations/errors';
import type { OperationKindDefinition } from '../../operations/types';
import type { LifecycleServices } from '../services';
import { istioVersionOf, LifecycleContext, LifecycleStep, meshRecord, nothingToPlan } from './common';
import { moveEastWestStep } from './eastWestMove';
import { moveGatewaysStep } from './gatewayMove';
import { ISTIO_NAMESPACE, istiodRelease } from './names';
import { uninstallRevisionStep } from './revisionInstall';
import { assertInstalledByMeshfleet, validateMove } from './revisionMoveChecks';
import {
  chooseRestartStep,
  meshClients,
  MoveDirection,
  moveTagsStep,
  relabelNamespacesStep,
  restartStep,
  revisionUsers,
  verifyStep,
} from './revisionMoveSteps';
import { MeshRollbackParams, parseMeshRollbackParams } from './upgradeParams';

export type { MeshRollbackParams } from './upgradeParams';

type Step = LifecycleStep<MeshRollbackParams>;

/** The chart version of the canary's istiod release (`istiod-1.31.0` → `1.31.0`), or undefined without one. */
async function canaryVersion(services: LifecycleServices, record: MeshRecord, revision: string): Promise<string | undefined> {
  const status = await services.helm.status({ cluster: record.controlPlaneCluster, release: istiodRelease(revision), namespace: ISTIO_NAMESPACE });
  if (!status) return undefined;
  return status.chart.startsWith('istiod-') ? status.chart.slice('istiod-'.length) : status.chart;
}

/** Back from the canary to the mesh's recorded revision (which an unfinished upgrade has not changed). */
const direction: MoveDirection<MeshRollbackParams> = {
  from: ctx => ctx.params.fromRevision,
  to: (_ctx, record) => record.revision,
  rollbackHint: (ctx, record) =>
    `Revision ${ctx.params.fromRevision} still runs beside ${record.revision}: look at the pods' events and injector webhooks, then retry`,
  defaultNamespaces: true,
  fromVersion: async (ctx, record) => (await canaryVersion(ctx.services, record, ctx.params.fromRevision)) ?? 'unknown',
};

const checkNewUnused: Step = {
  id: 'check-unused',
  title: 'Check that nothing uses the revision rolled back from',
  plan: nothingToPlan,
  async run(ctx: LifecycleContext<MeshRollbackParams>) {
    const record = await meshRecord(ctx.services, ctx.params.meshId);
    const users = await revisionUsers(await meshClients(ctx, record), ctx.params.fromRevision);
    if (users.length) {
      throw new StepError(`revision ${ctx.params.fromRevision} is still used: ${users.slice(0, 5).join(', ')}`, {
        hint: 'Nothing was removed. Move or restart these (mesh.rollback with restart.workloads), then retry',
      });
    }
    return { detail: `no pod, tag or namespace uses revision ${ctx.params.fromRevision}` };
  },
};

const removeNew = uninstallRevisionStep<MeshRollbackParams>((ctx, record: MeshRecord) => {
  if (ctx.params.fromRevision === record.revision) throw new StepError(`revision ${record.revision} is the mesh's own revision`);
  return ctx.params.fromRevision;
});

/** The steps of `mesh.rollback`; the canary's removal only with `removeNew`. */
export function meshRollbackSteps(params: MeshRollbackParams): Step[] {
  const move = [
    moveTagsStep(direction),
    relabelNamespacesStep(direction),
    chooseRestartStep(direction),
    restartStep<MeshRollbackParams>(),
    verifyStep(direction),
    moveEastWestStep(direction, async (ctx, record) => istioVersionOf(record, ctx.services.config)),
    moveGatewaysStep(direction, async (ctx, record) => istioVersionOf(record, ctx.services.config)),
  ];
  return params.removeNew ? [...move, checkNewUnused, removeNew] : move;
}

/**
 * Refusals before anything changes: the mesh's own revision, a revision
 * that is not installed, unreachable clusters, tags, namespaces and
 * workloads that are not there, a tag move from a version affected by
 * istio/istio#59959.
 */
export async function validateMeshRollback(params: MeshRollbackParams, services: LifecycleServices): Promise<void> {
  const record = await meshRecord(services, params.meshId);
  assertInstalledByMeshfleet(record);
  if (params.fromRevision === record.revision) {
    throw new ConflictError(
      `fromRevision: '${params.fromRevision}' is mesh '${record.id}''s own revision; expected the canary revision an unfinished mesh.upgrade installed`,
    );
  }
  const fromVersion = await canaryVersion(services, record, params.fromRevision);
  if (!fromVersion) {
    throw new NotFoundError(`fromRevision: no istiod revision '${params.fromRevision}' (Helm release ${istiodRelease(params.fromRevision)}) in ${record.controlPlaneCluster}`);
  }
  await validateMove(services, record, params, { from: params.fromRevision, to: record.revision, fromVersion });
}

/**
 * `mesh.rollback`: moves tags and namespaces from a canary revision back to
 * the mesh's revision, restarts their workloads in batches and checks their
 * sidecars; with `removeNew`, uninstalls the canary once nothing uses it.
 */
export const meshRollbackKind: OperationKindDefinition<MeshRollbackParams, LifecycleServices> = {
  kind: 'mesh.rollback',
  parseParams: parseMeshRollbackParams,
  meshIdOf: params => params.meshId,
  permission: meshControlPlaneUpgradePermission,
  validate: validateMeshRollback,
  steps: meshRollbackSteps,
};
