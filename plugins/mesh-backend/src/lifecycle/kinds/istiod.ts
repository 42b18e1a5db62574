import type { V1Deployment, V1MutatingWebhookConfiguration, V1Pod } from '@kubernetes/client-node';
import type { ClusterClient } from '../clusters/ClusterClient';
import { injectorWebhookName, ISTIO_NAMESPACE, istiodName } from './names';
import { ISTIOD_MONITORING_PORT, REGISTRYZ_PATH, servicesPerCluster } from './registryz';

/*
 * Reads of a running istiod and of what it does to members, for waits and
 * verification.
 */

function isReady(pod: V1Pod): boolean {
  return !pod.metadata?.deletionTimestamp && !!pod.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True');
}

/** Why istiod of the revision is not Ready yet, or undefined when its Deployment is rolled out and a pod is Ready. */
export async function istiodProblem(controlPlane: ClusterClient, revision: string): Promise<string | undefined> {
  const name = istiodName(revision);
  const deployment = await controlPlane.get<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ISTIO_NAMESPACE, name });
  if (!deployment) return `no Deployment ${ISTIO_NAMESPACE}/${name}`;
  const want = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const rolledOut =
    (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0) &&
    (status.updatedReplicas ?? 0) >= want &&
    (status.availableReplicas ?? 0) >= want &&
    (status.replicas ?? 0) <= want;
  if (!rolledOut) {
    return `Deployment ${ISTIO_NAMESPACE}/${name}: ${status.updatedReplicas ?? 0}/${want} updated, ${status.availableReplicas ?? 0} available`;
  }
  return (await readyIstiodPod(controlPlane, revision)) ? undefined : `no Ready istiod pod of revision ${revision}`;
}

/** Whether istiod of the revision is installed at all (without it, no cluster can be listed). */
export async function istiodInstalled(controlPlane: ClusterClient, revision: string): Promise<boolean> {
  const name = istiodName(revision);
  return !!(await controlPlane.get<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ISTIO_NAMESPACE, name }));
}

/** The name of a Ready istiod pod of the revision, if there is one. */
export async function readyIstiodPod(controlPlane: ClusterClient, revision: string): Promise<string | undefined> {
  const pods = await controlPlane.list<V1Pod>('v1', 'Pod', {
    namespace: ISTIO_NAMESPACE,
    labelSelector: `app=istiod,istio.io/rev=${revision}`,
  });
  return pods.find(isReady)?.metadata?.name;
}

/** A debug endpoint of a Ready istiod of the revision (`debug/…`), read through the API server's pod proxy on port 15014. */
export async function istiodDebug(controlPlane: ClusterClient, revision: string, path: string): Promise<unknown> {
  const pod = await readyIstiodPod(controlPlane, revision);
  if (!pod) throw new Error(`${controlPlane.cluster}: no Ready istiod pod of revision ${revision}`);
  return controlPlane.proxyGet({ namespace: ISTIO_NAMESPACE, pod, port: ISTIOD_MONITORING_PORT, path });
}

/** How many services istiod lists per cluster (`/debug/registryz`). */
export async function registryzClusters(controlPlane: ClusterClient, revision: string): Promise<Map<string, number>> {
  return servicesPerCluster(await istiodDebug(controlPlane, revision, REGISTRYZ_PATH));
}

/** Why the member's injector webhook has no CA yet (istiod patches it once it leads the member), or undefined. */
export async function injectorProblem(member: ClusterClient, revision: string): Promise<string | undefined> {
  const name = injectorWebhookName(revision);
  const webhook = await member.get<V1MutatingWebhookConfiguration>({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    name,
  });
  if (!webhook) return `no MutatingWebhookConfiguration ${name} in ${member.cluster}`;
  const missing = (webhook.webhooks ?? []).filter(w => !w.clientConfig?.caBundle).map(w => w.name);
  if (!webhook.webhooks?.length) return `MutatingWebhookConfiguration ${name} has no webhooks`;
  return missing.length ? `webhook ${missing[0]} of ${name} in ${member.cluster} has no caBundle yet` : undefined;
}
