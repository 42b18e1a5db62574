import {
  AdmissionregistrationV1Api,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  V1Secret,
} from '@kubernetes/client-node';
import { isInjectorWebhook } from '../remoteProfile';
import { REMOTE_SECRET_LABEL, summarizeRemoteSecret } from '../remoteSecrets';
import {
  trimConfigMap,
  trimDeployment,
  trimNamespace,
  trimService,
  trimWebhook,
} from '../trimObjects';
import type { RawClusterObjects } from '../types';

/** A list as the API returns it. */
export interface ObjectList {
  items: unknown[];
  metadata?: { resourceVersion?: string };
}

/** One resource type discovery lists and watches in every cluster. */
export interface ResourceSpec {
  /** Used in errors: `listing <description>`. */
  description: string;
  /** Which part of {@link RawClusterObjects} the objects feed. */
  bucket: Exclude<keyof RawClusterObjects, 'cluster'>;
  /** Watch path (all namespaces). */
  path: string;
  labelSelector?: string;
  list(kc: KubeConfig, labelSelector?: string): Promise<ObjectList>;
  /** Objects not kept are dropped on arrival (e.g. ConfigMaps that are not mesh config). */
  keep?(object: any): boolean;
  /**
   * Reduces an object on arrival to what the pipeline reads (see
   * trimObjects.ts); remote secrets lose their credentials here.
   */
  reduce?(object: any): unknown;
}

const deployments = (selector: string, description: string): ResourceSpec => ({
  description: `deployments (${description})`,
  bucket: 'deployments',
  path: '/apis/apps/v1/deployments',
  labelSelector: selector,
  list: (kc, labelSelector) =>
    kc
      .makeApiClient(AppsV1Api)
      .listDeploymentForAllNamespaces({ labelSelector }),
  reduce: trimDeployment,
});

/**
 * What discovery reads per cluster. Label selectors keep the watches narrow
 * where Istio labels its objects; ConfigMaps, webhooks and Services are
 * filtered on arrival because their names or namespaces cannot be selected.
 */
export function discoveryResources(
  includeNamespace: (ns: string) => boolean,
): ResourceSpec[] {
  return [
    deployments('app=istiod', 'istiod'),
    deployments('istio', 'gateways'),
    deployments('gateway.istio.io/managed', 'Gateway API gateways'),
    {
      description: 'configmaps (mesh config)',
      bucket: 'configMaps',
      path: '/api/v1/configmaps',
      list: kc => kc.makeApiClient(CoreV1Api).listConfigMapForAllNamespaces(),
      // Mesh config is the `mesh` key; `istio` itself is kept to report it when malformed.
      keep: cm => cm.data?.mesh !== undefined || cm.metadata?.name === 'istio',
      reduce: trimConfigMap,
    },
    {
      description: 'namespaces',
      bucket: 'namespaces',
      path: '/api/v1/namespaces',
      list: kc => kc.makeApiClient(CoreV1Api).listNamespace(),
      reduce: trimNamespace,
    },
    {
      description: 'mutatingwebhookconfigurations',
      bucket: 'webhooks',
      path: '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
      list: kc =>
        kc
          .makeApiClient(AdmissionregistrationV1Api)
          .listMutatingWebhookConfiguration(),
      keep: isInjectorWebhook,
      reduce: trimWebhook,
    },
    {
      description: `secrets (${REMOTE_SECRET_LABEL}=true)`,
      bucket: 'remoteSecrets',
      path: '/api/v1/secrets',
      labelSelector: `${REMOTE_SECRET_LABEL}=true`,
      list: (kc, labelSelector) =>
        kc
          .makeApiClient(CoreV1Api)
          .listSecretForAllNamespaces({ labelSelector }),
      reduce: (secret: V1Secret) => summarizeRemoteSecret(secret),
    },
    {
      description: 'services',
      bucket: 'services',
      path: '/api/v1/services',
      list: kc => kc.makeApiClient(CoreV1Api).listServiceForAllNamespaces(),
      // istio-system Services are kept whatever the filter: the remote profile's
      // `istiod` Service tells where the control plane is.
      keep: s =>
        includeNamespace(s.metadata?.namespace ?? '') ||
        s.metadata?.namespace === 'istio-system',
      reduce: trimService,
    },
  ];
}
