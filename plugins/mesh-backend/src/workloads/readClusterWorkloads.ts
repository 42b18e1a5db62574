import type {
  KubernetesObject,
  V1MutatingWebhookConfiguration,
  V1Namespace,
  V1Pod,
} from '@kubernetes/client-node';
import PQueue from 'p-queue';
import type { ClusterClient } from '../lifecycle/clusters/ClusterClient';
import { REVISION_LABEL } from './injectors';
import type { WorkloadObject } from './summarizeWorkloads';

/**
 * What {@link summarizeWorkloads} needs of one cluster, read on demand (the
 * discovery does not watch pods: its memory budget) and cut down to the
 * fields the summary reads as soon as it arrives, so a cached read stays small.
 */
export interface ClusterWorkloadObjects {
  /** ISO 8601 time of the read. */
  readAt: string;
  pods: V1Pod[];
  workloads: WorkloadObject[];
  namespaces: V1Namespace[];
  webhooks: V1MutatingWebhookConfiguration[];
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;

/** Lists at once per cluster: a few, so twenty namespaces do not arrive at an API server as eighty requests. */
const CONCURRENT_LISTS = 4;

/**
 * Reads the namespaces' workloads and pods from one cluster, with its
 * namespaces and Istio's injector webhooks (cluster-wide, both small).
 * Any failed list fails the read, which names the cluster and the list.
 */
export async function readClusterWorkloads(client: ClusterClient, namespaces: string[], now = () => new Date()): Promise<ClusterWorkloadObjects> {
  const readAt = now().toISOString();
  const queue = new PQueue({ concurrency: CONCURRENT_LISTS });
  const inNamespaces = <T extends KubernetesObject>(apiVersion: string, kind: string) =>
    Promise.all(namespaces.map(namespace => queue.add(() => client.list<T>(apiVersion, kind, { namespace })))).then(lists => lists.flat());
  const [namespaceObjects, webhooks, pods, ...workloadLists] = await Promise.all([
    queue.add(() => client.list<V1Namespace>('v1', 'Namespace')),
    queue.add(() =>
      client.list<V1MutatingWebhookConfiguration>('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', {
        labelSelector: REVISION_LABEL,
      }),
    ),
    inNamespaces<V1Pod>('v1', 'Pod'),
    ...WORKLOAD_KINDS.map(kind => inNamespaces<WorkloadObject>('apps/v1', kind).then(items => items.map(item => ({ ...item, kind })))),
  ]);
  return {
    readAt,
    pods: pods.map(trimPod),
    workloads: (workloadLists.flat() as WorkloadObject[]).map(trimWorkload),
    namespaces: namespaceObjects.map(n => ({ metadata: { name: n.metadata?.name, labels: n.metadata?.labels } })),
    webhooks: webhooks.map(w => ({ metadata: { name: w.metadata?.name, labels: w.metadata?.labels } })),
  };
}

function trimPod(pod: V1Pod): V1Pod {
  const m = pod.metadata;
  return {
    metadata: {
      name: m?.name,
      namespace: m?.namespace,
      labels: m?.labels,
      annotations: pick(m?.annotations, ['sidecar.istio.io/status', REVISION_LABEL, 'sidecar.istio.io/inject']),
      ownerReferences: m?.ownerReferences?.map(o => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, uid: o.uid, controller: o.controller })),
      deletionTimestamp: m?.deletionTimestamp,
    },
    spec: {
      containers: (pod.spec?.containers ?? []).map(c => ({ name: c.name })),
      initContainers: (pod.spec?.initContainers ?? []).map(c => ({ name: c.name })),
    },
    status: { conditions: pod.status?.conditions?.filter(c => c.type === 'Ready').map(c => ({ type: c.type, status: c.status })) },
  };
}

function trimWorkload(workload: WorkloadObject): WorkloadObject {
  const template = workload.spec?.template.metadata;
  return {
    kind: workload.kind,
    metadata: { name: workload.metadata?.name, namespace: workload.metadata?.namespace },
    spec: {
      replicas: (workload.spec as { replicas?: number } | undefined)?.replicas,
      selector: workload.spec?.selector ?? {},
      template: { metadata: { labels: template?.labels, annotations: pick(template?.annotations, ['sidecar.istio.io/inject']) } },
    },
    status: workload.kind === 'DaemonSet' ? { desiredNumberScheduled: workload.status?.desiredNumberScheduled ?? 0 } : undefined,
  } as WorkloadObject;
}

function pick(values: Record<string, string> | undefined, keys: string[]): Record<string, string> | undefined {
  if (!values) return undefined;
  const kept = Object.fromEntries(keys.filter(k => values[k] !== undefined).map(k => [k, values[k]]));
  return Object.keys(kept).length > 0 ? kept : undefined;
}
