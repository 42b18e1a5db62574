import { ConflictError } from '@backstage/errors';
import { meshGatewayManagePermission } from '@meshfleet/plugin-mesh-common';
import type { OperationKindDefinition } from '../../operations/types';
import type { LifecycleServices } from '../services';
import { assertChartsAvailable, reachableCluster } from './common';
import { gatewayCreateSteps } from './gatewayCreateSteps';
import { gatewayChartVersion, gatewayCluster, gatewayMesh, gatewayNameHolder, gatewayRevision } from './gatewayMesh';
import { GatewayCreateParams, parseGatewayCreateParams } from './gatewayParams';
import { gatewayIstioLabel } from './gatewayValues';

export type { GatewayCreateParams } from './gatewayParams';

/**
 * Refusals before anything changes: the mesh (not external), the cluster
 * (one of the mesh's, reachable), the revision (an istiod revision of the
 * mesh), the `gateway` chart of the mesh's Istio version, and the name
 * (held by nothing, or by this mesh's gateway of the same type: a second
 * start converges).
 */
export async function validateGatewayCreate(params: GatewayCreateParams, services: LifecycleServices): Promise<void> {
  const mesh = await gatewayMesh(services, params.meshId);
  gatewayCluster(mesh, params.cluster);
  gatewayRevision(mesh, params.revision);
  const version = gatewayChartVersion(mesh, services.config);
  await assertChartsAvailable(services, ['gateway'], version, `mesh '${mesh.id}' istioVersion`);
  const client = await reachableCluster(services, params.cluster, 'gateway');
  const held = await gatewayNameHolder(services.helm, client, params);
  if (held.holder === 'other') {
    throw new ConflictError(`name: '${params.name}' is taken by ${held.what}; choose another name`);
  }
  const wanted = gatewayIstioLabel(params.name, params.type);
  if (held.holder === 'mesh' && held.istioLabel && held.istioLabel !== wanted) {
    throw new ConflictError(
      `type: gateway '${params.name}' in namespace ${params.namespace} of ${params.cluster} exists with label istio=${held.istioLabel}, not ${wanted} (a gateway's type cannot change); delete it first or choose another name`,
    );
  }
}

/** `gateway.create`: an ingress or egress gateway instance with Istio's `gateway` chart. */
export const gatewayCreateKind: OperationKindDefinition<GatewayCreateParams, LifecycleServices> = {
  kind: 'gateway.create',
  parseParams: parseGatewayCreateParams,
  meshIdOf: params => params.meshId,
  permission: meshGatewayManagePermission,
  validate: validateGatewayCreate,
  steps: gatewayCreateSteps,
};
