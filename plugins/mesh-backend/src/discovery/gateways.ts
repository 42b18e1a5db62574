import type { V1Deployment } from '@kubernetes/client-node';
import type { GatewaySummary } from '@meshfleet/plugin-mesh-common';
import { dropUndefined, isIstiodDeployment, REVISION_LABEL } from './istiod';
import { byNamespaceAndName, labelsOf } from './objectNames';

/** The label Istio's gateway charts put on gateway Deployments. */
export const GATEWAY_LABEL = 'istio';
/** The label on Deployments Istio creates for Kubernetes Gateway API gateways. */
export const MANAGED_GATEWAY_LABEL = 'gateway.istio.io/managed';

function gatewayKind(istioLabel: string | undefined): GatewaySummary['kind'] {
  if (!istioLabel) return 'unknown';
  // Custom gateway names keep Istio's naming habit (`my-ingressgateway`).
  if (istioLabel.includes('eastwest')) return 'east-west';
  if (istioLabel.includes('egress')) return 'egress';
  if (istioLabel.includes('ingress')) return 'ingress';
  return 'unknown';
}

/** Whether a Deployment is an Istio gateway (not istiod, which also carries `istio=pilot`). */
export function isGatewayDeployment(deployment: V1Deployment): boolean {
  if (isIstiodDeployment(deployment)) return false;
  const labels = labelsOf(deployment);
  if (labels[MANAGED_GATEWAY_LABEL] !== undefined) return true;
  const istio = labels[GATEWAY_LABEL];
  return istio !== undefined && istio !== 'pilot' && istio !== 'istiod';
}

/** Gateway Deployments of a cluster, sorted by namespace and name. */
export function readGateways(deployments: V1Deployment[]): GatewaySummary[] {
  return deployments
    .filter(isGatewayDeployment)
    .map(d =>
      dropUndefined<GatewaySummary>({
        namespace: d.metadata?.namespace ?? '',
        name: d.metadata?.name ?? '<unnamed>',
        kind: gatewayKind(labelsOf(d)[GATEWAY_LABEL]),
        revision: labelsOf(d)[REVISION_LABEL] || undefined,
        replicas: d.spec?.replicas ?? 1,
        readyReplicas: d.status?.readyReplicas ?? 0,
      }),
    )
    .sort(byNamespaceAndName);
}
