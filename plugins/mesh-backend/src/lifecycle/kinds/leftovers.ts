import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import type { PlannedChange } from '@meshfleet/plugin-mesh-common';
import type { ClusterClient } from '../clusters/ClusterClient';
import type { ObjectRef } from '../clusters/objectRefs';
import { namespaceManifest } from './manifests';
import { CREATED_FOR_MESH_ANNOTATION, ISTIO_CONFIG_LABEL, MESH_ID_LABEL } from './names';
import { planApply, plannedChange } from './objectChanges';
import { waitUntil } from './waits';

/*
 * What a mesh leaves in a cluster besides its Helm releases, and its
 * removal: Secrets Meshfleet wrote for the mesh (labelled with its id), the
 * ConfigMaps the mesh's istiod wrote (root certificate and CRL in every
 * namespace, its leader-election locks) and Meshfleet's fields on
 * namespaces (or the namespace itself when it was created for the mesh).
 * Istio's CRDs stay, as Istio's charts keep them on uninstall
 * (`helm.sh/resource-policy: keep`): deleting them would delete every
 * Istio resource anyone created in the cluster.
 */

/** Leader-election annotation of client-go's ConfigMap locks (istiod's controllers). */
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

/** What to clean up in one cluster. */
export interface LeftoverScope {
  meshId: string;
  /** Namespaces whose Meshfleet fields go, or which go entirely if created for the mesh. */
  namespaces: string[];
  /** Namespaces where Secrets labelled with the mesh's id are deleted. */
  secretNamespaces: string[];
}

/** A reference to a listed object (list items carry no apiVersion or kind). */
function listedRef(kind: 'Secret' | 'ConfigMap', object: KubernetesObject): ObjectRef {
  return { apiVersion: 'v1', kind, namespace: object.metadata?.namespace, name: object.metadata?.name ?? '' };
}

/** Objects of the mesh to delete in the cluster (namespaces not included). */
export async function leftoverObjects(client: ClusterClient, scope: LeftoverScope): Promise<ObjectRef[]> {
  const refs: ObjectRef[] = [];
  for (const namespace of scope.secretNamespaces) {
    const secrets = await client.list('v1', 'Secret', { namespace, labelSelector: `${MESH_ID_LABEL}=${scope.meshId}` });
    refs.push(...secrets.map(s => listedRef('Secret', s)));
  }
  const written = await client.list('v1', 'ConfigMap', { labelSelector: `${ISTIO_CONFIG_LABEL}=true` });
  refs.push(...written.map(c => listedRef('ConfigMap', c)));
  for (const namespace of scope.namespaces) {
    const locks = (await client.list('v1', 'ConfigMap', { namespace })).filter(
      c => c.metadata?.name?.startsWith('istio-') && c.metadata?.annotations?.[LEADER_ANNOTATION],
    );
    refs.push(...locks.map(c => listedRef('ConfigMap', c)));
  }
  const seen = new Set<string>();
  return refs.filter(r => {
    const key = `${r.kind}/${r.namespace}/${r.name}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** What removing Meshfleet's part of a namespace does: delete it (created for the mesh) or drop Meshfleet's fields. */
async function namespaceRemoval(
  client: ClusterClient,
  name: string,
  meshId: string,
): Promise<{ action: 'delete' | 'strip' | 'absent' | 'terminating'; manifest: V1Namespace }> {
  const existing = await client.get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name });
  const manifest = namespaceManifest(name, {});
  if (!existing) return { action: 'absent', manifest };
  if (existing.metadata?.deletionTimestamp) return { action: 'terminating', manifest };
  return {
    action: existing.metadata?.annotations?.[CREATED_FOR_MESH_ANNOTATION] === meshId ? 'delete' : 'strip',
    manifest,
  };
}

/** The plan of removing the mesh's leftovers from a cluster. Changes nothing. */
export async function planLeftovers(client: ClusterClient, scope: LeftoverScope): Promise<PlannedChange[]> {
  const changes = (await leftoverObjects(client, scope)).map(ref => plannedChange(client.cluster, ref, 'delete'));
  for (const name of scope.namespaces) {
    const removal = await namespaceRemoval(client, name, scope.meshId);
    const ref = { apiVersion: 'v1', kind: 'Namespace', name };
    if (removal.action === 'delete') changes.push(plannedChange(client.cluster, ref, 'delete', 'created for the mesh'));
    if (removal.action === 'terminating') changes.push(plannedChange(client.cluster, ref, 'unchanged', 'being deleted'));
    if (removal.action === 'strip') changes.push(await planApply(client, removal.manifest, "Meshfleet's labels and annotations removed"));
  }
  return changes;
}

/**
 * Removes the mesh's leftovers from a cluster and waits until a deleted
 * namespace is gone (its objects with it); returns a one-line summary.
 * Idempotent.
 */
export async function removeLeftovers(
  client: ClusterClient,
  scope: LeftoverScope,
  wait: { timeoutMs: number; signal: AbortSignal },
): Promise<string> {
  let deleted = 0;
  for (const ref of await leftoverObjects(client, scope)) {
    if ((await client.delete(ref)) === 'deleted') deleted++;
  }
  const namespaces: string[] = [];
  for (const name of scope.namespaces) {
    const removal = await namespaceRemoval(client, name, scope.meshId);
    if (removal.action === 'delete' || removal.action === 'terminating') {
      const ref = { apiVersion: 'v1', kind: 'Namespace', name };
      // A namespace being deleted already answers a second delete with 409.
      if (removal.action === 'delete') await client.delete(ref);
      await waitUntil(
        `Namespace ${name} in ${client.cluster} to be deleted`,
        async () => ((await client.get(ref)) ? 'it is still terminating' : undefined),
        { ...wait, hint: `Look at the namespace's status.conditions in ${client.cluster} (a finalizer may block it), then retry` },
      );
      namespaces.push(`deleted Namespace ${name}`);
    } else if (removal.action === 'strip') {
      // Applying the namespace without Meshfleet's fields removes the fields Meshfleet owned.
      await client.apply(removal.manifest);
      namespaces.push(`removed Meshfleet's labels from Namespace ${name}`);
    }
  }
  return [`deleted ${deleted} objects of the mesh in ${client.cluster}`, ...namespaces].join('; ');
}
