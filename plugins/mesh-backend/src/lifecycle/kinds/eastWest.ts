import type { KubernetesObject } from '@kubernetes/client-node';
import { chartRevision, ISTIO_NAMESPACE, MESH_ID_LABEL } from './names';

/*
 * A multi-network mesh, as Istio's multi-network install guides build it: an
 * east-west gateway (Istio's `gateway` chart with `networkGateway`) in every
 * cluster whose network differs from another's, and one Gateway in the
 * config cluster that lets them pass mTLS traffic for `*.local` services
 * through unterminated (port 15443, AUTO_PASSTHROUGH). istiod finds each
 * network's gateway by the `topology.istio.io/network` label the chart puts
 * on the gateway's Service and sends proxies the gateway's address in place
 * of the pod IPs of other networks. Pure: golden files pin the values and
 * the Gateway.
 */

/** The east-west gateway's Helm release, Deployment and Service, as Istio's guides name it. */
export const EAST_WEST_RELEASE = 'istio-eastwestgateway';

/** Its `istio` label (the chart's default for the release name), which the cross-network Gateway selects. */
export const EAST_WEST_ISTIO_LABEL = 'eastwestgateway';

/** The cross-network Gateway in the config cluster, as Istio's `cross-network-gateway.yaml` names it. */
export const CROSS_NETWORK_GATEWAY = 'cross-network-gateway';

/** The port the east-west gateway passes mTLS traffic for other networks' services on (Istio's default). */
export const CROSS_NETWORK_PORT = 15443;

/** The cross-network Gateway's reference, for reads and deletes. */
export const CROSS_NETWORK_GATEWAY_REF = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  namespace: ISTIO_NAMESPACE,
  name: CROSS_NETWORK_GATEWAY,
};

/**
 * Whether a member needs east-west gateways: its network differs from the
 * control plane's. An unknown control-plane network counts as the same
 * (nothing to route between), which the join's plan says.
 */
export function needsEastWest(controlPlaneNetwork: string | undefined, memberNetwork: string): boolean {
  return !!controlPlaneNetwork && controlPlaneNetwork !== memberNetwork;
}

/**
 * The `gateway` chart's values for a cluster's east-west gateway: a
 * LoadBalancer Service on the chart's network-gateway ports (15021 status,
 * 15443 cross-network, 15012 and 15017 istiod), labelled with the network
 * (the chart does it from `networkGateway`), its proxy injected by the mesh's
 * revision. The mesh's id as a label marks the release as Meshfleet's.
 */
export function eastWestGatewayValues(spec: { meshId: string; revision: string; network: string }): Record<string, unknown> {
  const revision = chartRevision(spec.revision);
  return {
    ...(revision ? { revision } : {}),
    networkGateway: spec.network,
    replicaCount: 1,
    autoscaling: { enabled: false },
    service: { type: 'LoadBalancer' },
    labels: { istio: EAST_WEST_ISTIO_LABEL, [MESH_ID_LABEL]: spec.meshId },
  };
}

/**
 * The Gateway that opens every east-west gateway of the mesh to mTLS
 * traffic from other networks, routed by SNI to `*.local` services without
 * terminating it (AUTO_PASSTHROUGH). One in the config cluster serves all:
 * istiod gives it to every gateway its selector matches, in every cluster.
 */
export function crossNetworkGatewayManifest(meshId: string): KubernetesObject & { spec: unknown } {
  return {
    apiVersion: CROSS_NETWORK_GATEWAY_REF.apiVersion,
    kind: CROSS_NETWORK_GATEWAY_REF.kind,
    metadata: { name: CROSS_NETWORK_GATEWAY, namespace: ISTIO_NAMESPACE, labels: { [MESH_ID_LABEL]: meshId } },
    spec: {
      selector: { istio: EAST_WEST_ISTIO_LABEL },
      servers: [
        {
          port: { number: CROSS_NETWORK_PORT, name: 'tls', protocol: 'TLS' },
          tls: { mode: 'AUTO_PASSTHROUGH' },
          hosts: ['*.local'],
        },
      ],
    },
  };
}
