import type { MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { checkObjects } from './checkObjects';
import { CustomResourceDefinition, PolicySchemas } from './schema/crdSchemas';
import type { AnalyzedObject, MeshState, RecentTraffic, StatePod, StateService } from './types';

/*
 * A corpus case: one multi-document YAML file that `istioctl analyze
 * --use-kube=false` reads as is, standing for a mesh. Kubernetes objects
 * (Namespace, Service, Pod) are the clusters' state, in the cluster named by
 * the annotation `meshfleet.io/corpus-cluster` (default: the config
 * cluster); Istio objects annotated `meshfleet.io/corpus-role: existing` are
 * already in the config cluster, the other Istio objects are the batch sent.
 * A ConfigMap named `meshfleet-corpus-traffic` (data: `window`, `edges` as
 * JSON) stands for the mesh's recent traffic; without it, traffic checks
 * are skipped. The coordinator's istioctl comparison and bench/validate call
 * analyzeCorpusCase.
 */

/** The config cluster of a corpus case. */
export const CORPUS_CONFIG_CLUSTER = 'config';
const ROLE = 'meshfleet.io/corpus-role';
const CLUSTER = 'meshfleet.io/corpus-cluster';
const TRAFFIC = 'meshfleet-corpus-traffic';

interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** A corpus case read: the state it stands for and the batch it sends. */
export interface CorpusCase {
  state: MeshState;
  batch: Record<string, unknown>[];
  /** `# expect:` lines: code, kind, namespace/name, field. */
  expected: { code: string; kind: string; namespace: string; name: string; field: string }[];
}

/** Whether a pod is in the mesh as istioctl judges it (util.PodInMesh): an istio-proxy container, else the injection label or annotation, else its namespace's. */
function inMesh(pod: K8sObject, namespaceLabels: Map<string, Record<string, string>>): boolean {
  const spec = pod.spec as { containers?: { name?: string; image?: string }[]; initContainers?: { name?: string; image?: string }[] } | undefined;
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  if (containers.some(c => c.name === 'istio-proxy' && c.image)) return true;
  const inject = pod.metadata?.labels?.['sidecar.istio.io/inject'] ?? pod.metadata?.annotations?.['sidecar.istio.io/inject'];
  if (inject !== undefined) return inject === 'true';
  return namespaceLabels.get(pod.metadata?.namespace ?? 'default')?.['istio-injection'] === 'enabled';
}

function serviceOf(o: K8sObject, cluster: string): StateService {
  const spec = (o.spec ?? {}) as { ports?: { name?: string; port: number; targetPort?: number | string; protocol?: string }[]; selector?: Record<string, string> };
  return {
    cluster,
    namespace: o.metadata?.namespace ?? 'default',
    name: o.metadata?.name ?? '',
    ...(o.metadata?.annotations?.['networking.istio.io/exportTo'] ? { exportTo: o.metadata.annotations['networking.istio.io/exportTo'] } : {}),
    ports: (spec.ports ?? []).map(p => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol ?? 'TCP' })),
    ...(spec.selector ? { selector: spec.selector } : {}),
  };
}

function trafficOf(configMap: K8sObject | undefined): RecentTraffic {
  if (!configMap) return { skipped: 'no traffic data for this mesh (the corpus case has none)' };
  return { window: configMap.data?.window ?? '5m', edges: JSON.parse(configMap.data?.edges ?? '[]') };
}

function expectations(text: string): CorpusCase['expected'] {
  return [...text.matchAll(/^# expect: (\S+) (\S+) ([^/\s]+)\/(\S+) (\S+)\s*$/gm)].map(m => ({ code: m[1], kind: m[2], namespace: m[3], name: m[4], field: m[5] }));
}

/** Reads a corpus case. */
export function readCorpusCase(yamlText: string): CorpusCase {
  const objects = parseAllDocuments(yamlText)
    .map(d => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => !!o && typeof o === 'object');
  const clusterOf = (o: K8sObject) => o.metadata?.annotations?.[CLUSTER] ?? CORPUS_CONFIG_CLUSTER;
  const namespaces = objects.filter(o => o.kind === 'Namespace' && o.apiVersion === 'v1');
  const namespaceLabels = new Map(namespaces.map(n => [n.metadata?.name ?? '', n.metadata?.labels ?? {}]));
  const pods: StatePod[] = objects
    .filter(o => o.kind === 'Pod' && o.apiVersion === 'v1')
    .map(o => ({
      cluster: clusterOf(o),
      namespace: o.metadata?.namespace ?? 'default',
      name: o.metadata?.name ?? '',
      labels: o.metadata?.labels ?? {},
      sidecar: inMesh(o, namespaceLabels),
      ambient: o.metadata?.annotations?.['ambient.istio.io/redirection'] === 'enabled',
    }));
  const istio = objects.filter(o => o.apiVersion?.includes('istio.io/'));
  const state: MeshState = {
    configCluster: CORPUS_CONFIG_CLUSTER,
    rootNamespace: 'istio-system',
    services: objects.filter(o => o.kind === 'Service' && o.apiVersion === 'v1').map(o => serviceOf(o, clusterOf(o))),
    pods,
    namespaces: namespaces.map(n => ({ cluster: clusterOf(n), name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} })),
    existing: istio.filter(o => o.metadata?.annotations?.[ROLE] === 'existing') as AnalyzedObject[],
    unreadable: [],
    traffic: trafficOf(objects.find(o => o.kind === 'ConfigMap' && o.metadata?.name === TRAFFIC)),
  };
  const batch = istio.filter(o => o.metadata?.annotations?.[ROLE] !== 'existing') as Record<string, unknown>[];
  return { state, batch, expected: expectations(yamlText) };
}

/**
 * The messages Meshfleet's schema and analysis layers give for a corpus case
 * (the dry run needs a cluster and is left out): about the batch's objects,
 * as an apply reports them, or with `reportExisting` about the existing ones
 * too, as istioctl reports them.
 */
export function analyzeCorpusCase(yamlText: string, schemas: PolicySchemas, options: { reportExisting?: boolean } = {}): MeshPolicyMessage[] {
  const { state, batch } = readCorpusCase(yamlText);
  return checkObjects(batch, schemas, state, options).messages;
}

/** Schemas from a file of CRDs, e.g. the fleet chart copy's `base/files/crd-all.gen.yaml`. */
export function schemasFromCrdFile(file: string): PolicySchemas {
  const crds = parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => d.toJS() as CustomResourceDefinition & { kind?: string })
    .filter(d => d?.kind === 'CustomResourceDefinition');
  return PolicySchemas.fromCrds(crds);
}
