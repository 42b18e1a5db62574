import type {
  V1ConfigMap,
  V1Container,
  V1Deployment,
  V1LoadBalancerIngress,
  V1MutatingWebhookConfiguration,
  V1Namespace,
  V1Service,
  V1ServicePort,
} from '@kubernetes/client-node';
import { MANAGED_GATEWAY_LABEL, GATEWAY_LABEL } from './gateways';
import { INJECTION_LABEL, NETWORK_LABEL } from './injection';
import { REVISION_LABEL } from './istiod';

/*
 * Discovery keeps every object it watches in memory, per cluster, for as long
 * as the cluster is read. These functions cut each object on arrival down to
 * the fields the pure pipeline reads (readClusterIstio, readServices and
 * aggregateServices), so what is held grows with the number of objects, not
 * with their size: no managedFields, status conditions, CA bundles, unrelated
 * labels or annotations. trimObjects.test.ts runs every golden case through
 * them and checks that the pipeline's output does not change; a reader that
 * starts to use another field must add it here.
 */

/** The labels of an object the pipeline reads through `labelsOf`. */
const DEPLOYMENT_LABELS = [
  'app',
  REVISION_LABEL,
  GATEWAY_LABEL,
  MANAGED_GATEWAY_LABEL,
];
const NAMESPACE_LABELS = [INJECTION_LABEL, REVISION_LABEL, NETWORK_LABEL];
const WEBHOOK_LABELS = [REVISION_LABEL];
/** istiod's environment variables discovery reads (cluster id and network). */
const ISTIOD_ENV = ['CLUSTER_ID', 'NETWORK'];

/**
 * A copy without the keys whose value is undefined, so trimmed objects stay
 * small. Built key by key rather than with `delete`, which would turn the
 * object into a slower and larger dictionary.
 */
function compact<T extends object>(value: T): T {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out as T;
}

function pickLabels(
  labels: Record<string, string> | undefined,
  keys: string[],
): Record<string, string> | undefined {
  if (!labels) return undefined;
  const picked: Record<string, string> = {};
  for (const key of keys) {
    if (labels[key] !== undefined) picked[key] = labels[key];
  }
  return Object.keys(picked).length > 0 ? picked : undefined;
}

function metadataOf(
  object: {
    metadata?: {
      name?: string;
      namespace?: string;
      labels?: Record<string, string>;
    };
  },
  labelKeys: string[] = [],
) {
  const metadata = object.metadata ?? {};
  return compact({
    name: metadata.name,
    namespace: metadata.namespace,
    labels: pickLabels(metadata.labels, labelKeys),
  });
}

function trimContainer(container: V1Container): V1Container {
  const env = (container.env ?? [])
    .filter(e => ISTIOD_ENV.includes(e.name) && e.value !== undefined)
    .map(e => ({ name: e.name, value: e.value }));
  return compact({
    name: container.name,
    image: container.image,
    env: env.length > 0 ? env : undefined,
  });
}

/**
 * istiod and gateway Deployments: labels, replicas, ready replicas, the
 * containers' images, istiod's env and the pod template's revision label
 * (where Istio's gateway chart puts a gateway's revision).
 */
export function trimDeployment(deployment: V1Deployment): V1Deployment {
  const template = deployment.spec?.template;
  const containers = template?.spec?.containers;
  const templateLabels = pickLabels(template?.metadata?.labels, [REVISION_LABEL]);
  return compact({
    metadata: metadataOf(deployment, DEPLOYMENT_LABELS),
    spec: compact({
      replicas: deployment.spec?.replicas,
      template:
        containers || templateLabels
          ? compact({
              metadata: templateLabels ? { labels: templateLabels } : undefined,
              spec: containers ? { containers: containers.map(trimContainer) } : undefined,
            })
          : undefined,
    }) as V1Deployment['spec'],
    status: compact({ readyReplicas: deployment.status?.readyReplicas }),
  });
}

/** Mesh config ConfigMaps: name, namespace and the `mesh` key only. */
export function trimConfigMap(configMap: V1ConfigMap): V1ConfigMap {
  const mesh = configMap.data?.mesh;
  return {
    metadata: metadataOf(configMap),
    data: mesh === undefined ? {} : { mesh },
  };
}

/** Namespaces: name and Istio's injection, revision and network labels. */
export function trimNamespace(namespace: V1Namespace): V1Namespace {
  return { metadata: metadataOf(namespace, NAMESPACE_LABELS) };
}

/**
 * Injector webhooks: name, revision label and where the first webhook calls
 * (its URL, or Service and path). The CA bundle, rules and selectors go.
 */
export function trimWebhook(
  webhook: V1MutatingWebhookConfiguration,
): V1MutatingWebhookConfiguration {
  const clientConfig = webhook.webhooks?.[0]?.clientConfig;
  const service = clientConfig?.service;
  const trimmed = {
    metadata: metadataOf(webhook, WEBHOOK_LABELS),
    webhooks: clientConfig
      ? [
          {
            clientConfig: compact({
              url: clientConfig.url,
              service: service
                ? compact({
                    name: service.name,
                    namespace: service.namespace,
                    path: service.path,
                  })
                : undefined,
            }),
          },
        ]
      : undefined,
  };
  // Only what readInjectorTargets reads; the API's required webhook fields are not kept.
  return compact(trimmed) as V1MutatingWebhookConfiguration;
}

function trimPort(port: V1ServicePort): V1ServicePort {
  return compact({
    name: port.name,
    port: port.port,
    protocol: port.protocol,
    targetPort: port.targetPort,
    appProtocol: port.appProtocol,
  });
}

/** A load balancer's address as gateways list it: the IP or hostname, nothing else. */
function trimIngress(ingress: V1LoadBalancerIngress): V1LoadBalancerIngress {
  return compact({ ip: ingress.ip, hostname: ingress.hostname });
}

/**
 * Services: name, namespace, type, ports, selector, (for the remote
 * profile's istiod) the external name and (for gateways) the load
 * balancer's addresses.
 */
export function trimService(service: V1Service): V1Service {
  const ingress = service.status?.loadBalancer?.ingress;
  return compact({
    metadata: metadataOf(service),
    spec: compact({
      type: service.spec?.type,
      ports: service.spec?.ports?.map(trimPort),
      selector: service.spec?.selector
        ? { ...service.spec.selector }
        : undefined,
      externalName: service.spec?.externalName,
    }),
    status: ingress?.length ? { loadBalancer: { ingress: ingress.map(trimIngress) } } : undefined,
  });
}
