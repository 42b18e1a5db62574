import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createClusterJoinAction } from './clusterJoin';
import { createClusterLeaveAction } from './clusterLeave';
import { createMeshCreateAction } from './meshCreate';
import { createMeshDeleteAction } from './meshDelete';
import { MeshActionsOptions } from './runOperation';

export type { MeshActionsOptions } from './runOperation';

/**
 * The scaffolder actions of Meshfleet: thin clients of the mesh backend's
 * operations API (`mesh:create`, `mesh:cluster:join`, `mesh:cluster:leave`,
 * `mesh:delete`), each starting one mesh operation on behalf of the task's
 * user and following it to its end.
 */
export function createMeshActions(options: MeshActionsOptions): TemplateAction<any, any, any>[] {
  return [
    createMeshCreateAction(options),
    createClusterJoinAction(options),
    createClusterLeaveAction(options),
    createMeshDeleteAction(options),
  ];
}
