import type { MeshInstallerStrategy } from '@meshfleet/plugin-mesh-node';
import type { AnyOperationKindDefinition } from '../operations/types';
import type { LifecycleConfig } from './config';
import { clusterJoinKind } from './kinds/clusterJoin';
import { clusterLeaveKind } from './kinds/clusterLeave';
import { gatewayCreateKind } from './kinds/gatewayCreate';
import { gatewayDeleteKind } from './kinds/gatewayDelete';
import { injectionSetKind } from './kinds/injectionSet';
import { meshCreateKind } from './kinds/meshCreate';
import { meshDeleteKind } from './kinds/meshDelete';
import { meshRollbackKind } from './kinds/meshRollback';
import { meshUpgradeKind } from './kinds/meshUpgrade';
import { workloadRestartKind } from './kinds/workloadRestart';
import type { LifecycleServices } from './services';

/*
 * The lifecycle of meshes: what the mesh operations `mesh.create`,
 * `cluster.join`, `cluster.leave` and `mesh.delete` do to the clusters.
 * The plugin hands these kinds to the operations engine and the services to
 * every step (see src/operations/types.ts for the contract).
 */

export { createLifecycleServices } from './services';
export type { LifecycleServices, LifecycleServicesOptions } from './services';
export { readLifecycleConfig } from './config';
export type { LifecycleConfig } from './config';

/**
 * The four kinds of mesh operation the lifecycle defines; istiod is installed
 * and removed by the installer strategy a module set, if any, else with Helm.
 */
export function lifecycleOperationKinds(
  config: LifecycleConfig,
  installer?: MeshInstallerStrategy,
): AnyOperationKindDefinition<LifecycleServices>[] {
  return [meshCreateKind(config, installer), clusterJoinKind, clusterLeaveKind, meshDeleteKind(installer),
    gatewayCreateKind, gatewayDeleteKind,
    injectionSetKind, workloadRestartKind,
    meshUpgradeKind, meshRollbackKind];
}
