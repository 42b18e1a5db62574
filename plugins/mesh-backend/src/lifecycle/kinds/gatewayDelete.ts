import { ConflictError, NotFoundError } from '@backstage/errors';
import { meshGatewayManagePermission } from '@meshfleet/plugin-mesh-common';
import type { OperationKindDefinition } from '../../operations/types';
import type { LifecycleServices } from '../services';
import { reachableCluster } from './common';
import { gatewayDeleteSteps, remainingGatewayObjects } from './gatewayDeleteSteps';
import { gatewayCluster, gatewayMesh, gatewayNameHolder } from './gatewayMesh';
import { GatewayDeleteParams, parseGatewayDeleteParams } from './gatewayParams';

export type { GatewayDeleteParams } from './gatewayParams';

/**
 * Refusals before anything changes: the mesh (not external), the cluster
 * (one of the mesh's, reachable), and the name: a release of that name that
 * is not this mesh's gateway is never removed, and a gateway of which
 * nothing is left is not found. A delete cut off after Helm's uninstall
 * passes (its release is gone, its objects not yet), so a retry converges.
 */
export async function validateGatewayDelete(params: GatewayDeleteParams, services: LifecycleServices): Promise<void> {
  const mesh = await gatewayMesh(services, params.meshId);
  gatewayCluster(mesh, params.cluster);
  const client = await reachableCluster(services, params.cluster, 'gateway');
  const held = await gatewayNameHolder(services.helm, client, params);
  if (held.holder === 'other') {
    throw new ConflictError(`name: '${params.name}' is ${held.what}; Meshfleet removes only the gateways it made`);
  }
  if (held.holder === 'none' && (await remainingGatewayObjects(client, params)).length === 0) {
    throw new NotFoundError(`name: no gateway '${params.name}' in namespace ${params.namespace} of ${params.cluster}`);
  }
}

/** `gateway.delete`: uninstall a gateway and remove whatever of its release is left. */
export const gatewayDeleteKind: OperationKindDefinition<GatewayDeleteParams, LifecycleServices> = {
  kind: 'gateway.delete',
  parseParams: parseGatewayDeleteParams,
  meshIdOf: params => params.meshId,
  permission: meshGatewayManagePermission,
  validate: validateGatewayDelete,
  steps: gatewayDeleteSteps,
};
