import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import type { GatewaySummary } from '@meshfleet/plugin-mesh-common';
import { dropUndefined, isIstiodDeployment, REVISION_LABEL } from './istiod';
import { byNamespaceAndName, labelsOf } from './objectNames';

/** The label Istio's gateway charts put on gateway Deployments. */
export const GATEWAY_LABEL = 'istio';
/** The label on Deployments Istio creates for Kubernetes Gateway API gateways. */
export const MANAGED_GATEWAY_LABEL = 'gateway.istio.io/managed';

/** Kinds by the suffix Istio's naming habit gives the `istio` label (`my-ingressgateway`), most specific first. */
const KIND_SUFFIXES: Array<[string, GatewaySummary['kind']]> = [
  ['eastwestgateway', 'east-west'],
  ['egressgateway', 'egress'],
  ['ingressgateway', 'ingress'],
];

function gatewayKind(istioLabel: string | undefined): GatewaySummary['kind'] {
  if (!istioLabel) return 'unknown';
  // The suffix decides first, so `egress-proxy-ingressgateway` is an ingress gateway.
  const bySuffix = KIND_SUFFIXES.find(([suffix]) => istioLabel.endsWith(suffix));
  if (bySuffix) return bySuffix[1];
  // Custom gateway names keep Istio's naming habit (`my-ingress`).
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

/**
 * The gateway's Service: the one of the same name in its namespace (Istio's
 * chart and Gateway API deployments name it so), else one in its namespace
 * that selects the gateway's `istio` label.
 */
function serviceOf(deployment: V1Deployment, services: V1Service[]): V1Service | undefined {
  const namespace = deployment.metadata?.namespace;
  const inNamespace = services.filter(s => s.metadata?.namespace === namespace);
  const sameName = inNamespace.find(s => s.metadata?.name === deployment.metadata?.name);
  if (sameName) return sameName;
  const istio = labelsOf(deployment)[GATEWAY_LABEL];
  return istio ? inNamespace.find(s => s.spec?.selector?.[GATEWAY_LABEL] === istio) : undefined;
}

/** A Service's load-balancer addresses: IPs, else hostnames. */
function addressesOf(service: V1Service | undefined): string[] {
  return (service?.status?.loadBalancer?.ingress ?? [])
    .map(ingress => ingress.ip ?? ingress.hostname)
    .filter((address): address is string => !!address);
}

/** Gateway Deployments of a cluster with their Service's type and addresses, sorted by namespace and name. */
export function readGateways(deployments: V1Deployment[], services: V1Service[] = []): GatewaySummary[] {
  return deployments
    .filter(isGatewayDeployment)
    .map(d => {
      const service = serviceOf(d, services);
      return dropUndefined<GatewaySummary>({
        namespace: d.metadata?.namespace ?? '',
        name: d.metadata?.name ?? '<unnamed>',
        kind: gatewayKind(labelsOf(d)[GATEWAY_LABEL]),
        // Istio's gateway chart puts the revision on the pod template only.
        revision: labelsOf(d)[REVISION_LABEL] || d.spec?.template?.metadata?.labels?.[REVISION_LABEL] || undefined,
        replicas: d.spec?.replicas ?? 1,
        readyReplicas: d.status?.readyReplicas ?? 0,
        serviceType: service ? (service.spec?.type ?? 'ClusterIP') : undefined,
        addresses: addressesOf(service),
      });
    })
    .sort(byNamespaceAndName);
}
