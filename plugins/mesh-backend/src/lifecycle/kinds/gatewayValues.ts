import { chartRevision, MESH_ID_LABEL, NETWORK_LABEL } from './names';

/*
 * Helm values of Istio's `gateway` chart for a gateway instance, and the
 * names around it. Pure: golden files in testdata/ pin them. Names follow
 * Istio's gateway installation docs (namespaces `istio-ingress` and
 * `istio-egress`, injection enabled on the namespace, the chart's `istio`
 * label as the gateway's selector).
 */

/** The kinds of gateway instance `gateway.create` installs. */
export const GATEWAY_TYPES = ['ingress', 'egress'] as const;

/** An ingress or an egress gateway. */
export type GatewayType = (typeof GATEWAY_TYPES)[number];

/** A port of the gateway's Service. */
export interface GatewayPort {
  /** An IANA service name (the chart's and Istio's protocol selection read it: `http2`, `https`, `tcp-…`). */
  name: string;
  port: number;
  targetPort?: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** What one gateway instance is. */
export interface GatewaySpec {
  meshId: string;
  /** The Helm release, Deployment, Service and ServiceAccount name. */
  name: string;
  type: GatewayType;
  /** The istiod revision whose injector gives the gateway its proxy; `default` for the unrevisioned one. */
  revision: string;
  /** The cluster's Istio network, if it has one. */
  network?: string;
  /** Fixed replicas; without it one. */
  replicas?: number;
  /** The Service's ports; without them the chart's (status 15021, http2 80, https 443). */
  ports?: GatewayPort[];
}

/** The namespace a gateway goes to when none is given, as Istio's docs name them. */
export function defaultGatewayNamespace(type: GatewayType): string {
  return type === 'ingress' ? 'istio-ingress' : 'istio-egress';
}

/** The gateway's `istio` label suffix: Istio's habit (`istio-ingressgateway`, `istio-egressgateway`). */
function labelSuffix(type: GatewayType): string {
  return `${type}gateway`;
}

/** The longest gateway name whose `istio` label (`<name>-ingressgateway`) is still a label value (63). */
export const MAX_GATEWAY_NAME = 63 - '-ingressgateway'.length;

/**
 * The gateway's `istio` label, which its Gateway resources select and
 * discovery classifies it by: the name when it already ends in
 * `ingressgateway`/`egressgateway` (without the `istio-` prefix, as the
 * chart does), else `<name>-ingressgateway` or `<name>-egressgateway`.
 */
export function gatewayIstioLabel(name: string, type: GatewayType): string {
  const trimmed = name.startsWith('istio-') ? name.slice('istio-'.length) : name;
  return trimmed.endsWith(labelSuffix(type)) ? trimmed : `${name}-${labelSuffix(type)}`;
}

/**
 * The namespace's labels that make the revision's injector give the
 * gateway's pods their proxy, as Istio's docs label gateway namespaces.
 */
export function gatewayNamespaceLabels(revision: string): Record<string, string> {
  return revision === 'default' ? { 'istio-injection': 'enabled' } : { 'istio.io/rev': revision };
}

/** The status port Istio's gateways answer readiness on; kept first so load balancers can probe it. */
const STATUS_PORT: GatewayPort = { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' };

function servicePorts(ports: GatewayPort[]): GatewayPort[] {
  const full = ports.map(p => ({ name: p.name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP' }));
  return full.some(p => p.port === STATUS_PORT.port) ? full : [STATUS_PORT, ...full];
}

/**
 * The `gateway` chart's values for a gateway instance. Ingress: a
 * LoadBalancer Service (an address outside the cluster); egress: ClusterIP
 * (reached only from inside the mesh). The mesh's id as a label marks the
 * release as Meshfleet's for this mesh, so another tool's release of the
 * same name is never taken over. Autoscaling is off: the replicas asked
 * for are the replicas run.
 */
export function gatewayValues(spec: GatewaySpec): Record<string, unknown> {
  const revision = chartRevision(spec.revision);
  return {
    ...(revision ? { revision } : {}),
    replicaCount: spec.replicas ?? 1,
    autoscaling: { enabled: false },
    service: {
      type: spec.type === 'ingress' ? 'LoadBalancer' : 'ClusterIP',
      ...(spec.ports?.length ? { ports: servicePorts(spec.ports) } : {}),
    },
    labels: {
      istio: gatewayIstioLabel(spec.name, spec.type),
      [MESH_ID_LABEL]: spec.meshId,
      ...(spec.network ? { [NETWORK_LABEL]: spec.network } : {}),
    },
  };
}

/** The mesh a release's values (`helm get values`) mark it as a gateway of, if any. */
export function gatewayMeshOf(values: Record<string, unknown> | undefined): string | undefined {
  const labels = values?.labels as Record<string, unknown> | undefined;
  const meshId = labels?.[MESH_ID_LABEL];
  return typeof meshId === 'string' ? meshId : undefined;
}

/** The `istio` label a release's values give its gateway, if any. */
export function gatewayLabelOf(values: Record<string, unknown> | undefined): string | undefined {
  const labels = values?.labels as Record<string, unknown> | undefined;
  return typeof labels?.istio === 'string' ? labels.istio : undefined;
}
