import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createClusterJoinAction } from './clusterJoin';
import { createClusterLeaveAction } from './clusterLeave';
import { createGatewayCreateAction } from './gatewayCreate';
import { createGatewayDeleteAction } from './gatewayDelete';
import { createInjectionSetAction } from './injectionSet';
import { createMeshCreateAction } from './meshCreate';
import { createMeshDeleteAction } from './meshDelete';
import { createMeshRollbackAction } from './meshRollback';
import { createMeshUpgradeAction } from './meshUpgrade';
import { createPolicyApplyAction } from './policyApply';
import { MeshActionsOptions } from './runOperation';
import { createWorkloadRestartAction } from './workloadRestart';

export type { MeshActionsOptions } from './runOperation';

/**
 * The scaffolder actions of Meshfleet: thin clients of the mesh backend's
 * operations API (`mesh:create`, `mesh:cluster:join`, `mesh:cluster:leave`,
 * `mesh:delete`), each starting one mesh operation on behalf of the task's
 * user and following it to its end, and of its policies API
 * (`mesh:policy:apply`: validate, preview and apply Istio policies).
 */
export function createMeshActions(options: MeshActionsOptions): TemplateAction<any, any, any>[] {
  return [
    createMeshCreateAction(options),
    createClusterJoinAction(options),
    createClusterLeaveAction(options),
    createMeshDeleteAction(options),
    createPolicyApplyAction(options),
    createGatewayCreateAction(options),
    createGatewayDeleteAction(options),
    createInjectionSetAction(options),
    createWorkloadRestartAction(options),
    createMeshUpgradeAction(options),
    createMeshRollbackAction(options),
  ];
}
