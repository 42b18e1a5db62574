import fs from 'node:fs';
import path from 'node:path';
import type { V1Secret } from '@kubernetes/client-node';
import type {
  ClusterIstio,
  ClusterStatus,
  MeshModel,
  MeshRecord,
} from '@meshfleet/plugin-mesh-common';
import { parse as parseYaml } from 'yaml';
import { readClusterIstio } from '../readClusterIstio';
import { REMOTE_SECRET_LABEL, summarizeRemoteSecret } from '../remoteSecrets';
import { readServices } from '../services';
import { createNamespaceFilter } from '../namespaceFilter';
import { buildMeshModel } from '../buildMeshModel';
import type {
  ClusterSnapshot,
  KnownCluster,
  RawClusterObjects,
} from '../types';

/** Root of the golden cases: `src/discovery/testdata`. */
export const TESTDATA_DIR = path.resolve(__dirname, '../testdata');

/** One recorded cluster in a case's `input.yaml`. */
interface RecordedCluster {
  name: string;
  url: string;
  source?: string;
  reachability?: ClusterStatus['reachability'];
  error?: string;
  lastSyncAt?: string;
  unreachableSince?: string;
  kubernetesVersion?: string;
  /** What `kubectl get -o yaml` returned; absent when the cluster was never read. */
  objects?: Array<Record<string, any>>;
}

interface GoldenInput {
  clusters: RecordedCluster[];
  storedMeshes?: MeshRecord[];
}

/** What a case's `expected.json` holds. */
export interface GoldenOutput {
  clusterIstio: Record<string, ClusterIstio>;
  model: MeshModel;
}

function ofKind(objects: Array<Record<string, any>>, kind: string): any[] {
  return objects.filter(o => o.kind === kind);
}

/** `stringData` is accepted for readability and turned into `data`, as the API server does. */
function asStoredSecret(secret: Record<string, any>): V1Secret {
  const data: Record<string, string> = { ...(secret.data ?? {}) };
  for (const [key, value] of Object.entries(secret.stringData ?? {})) {
    data[key] = Buffer.from(String(value)).toString('base64');
  }
  return { ...secret, data, stringData: undefined };
}

function isRemoteSecret(secret: Record<string, any>): boolean {
  return secret.metadata?.labels?.[REMOTE_SECRET_LABEL] === 'true';
}

/** Sorts a recorded object list into the raw input of readClusterIstio. */
export function toRawObjects(
  cluster: string,
  objects: Array<Record<string, any>>,
): RawClusterObjects {
  return {
    cluster,
    deployments: ofKind(objects, 'Deployment'),
    configMaps: ofKind(objects, 'ConfigMap'),
    namespaces: ofKind(objects, 'Namespace'),
    webhooks: ofKind(objects, 'MutatingWebhookConfiguration'),
    remoteSecrets: ofKind(objects, 'Secret')
      .filter(isRemoteSecret)
      .map(s => summarizeRemoteSecret(asStoredSecret(s))),
    services: ofKind(objects, 'Service'),
  };
}

function statusOf(recorded: RecordedCluster): ClusterStatus {
  const { objects: _objects, ...status } = recorded;
  return {
    source: 'config',
    reachability: 'reachable',
    ...status,
  };
}

/** Reads a case's input and runs the pure pipeline on it. */
export function runGoldenCase(caseName: string): GoldenOutput {
  const text = fs.readFileSync(
    path.join(TESTDATA_DIR, caseName, 'input.yaml'),
    'utf8',
  );
  const input = parseYaml(text) as GoldenInput;
  const knownClusters: KnownCluster[] = input.clusters.map(c => ({
    name: c.name,
    url: c.url,
  }));
  const includeNamespace = createNamespaceFilter();
  const clusterIstio: Record<string, ClusterIstio> = {};
  const clusters: ClusterSnapshot[] = input.clusters.map(recorded => {
    if (!recorded.objects) {
      return { status: statusOf(recorded), services: [] };
    }
    const raw = toRawObjects(recorded.name, recorded.objects);
    const istio = readClusterIstio(raw, { knownClusters, includeNamespace });
    clusterIstio[recorded.name] = istio;
    return {
      status: statusOf(recorded),
      istio,
      services: readServices(raw.services, includeNamespace),
    };
  });
  const model = buildMeshModel(
    { takenAt: '2026-01-01T00:00:00.000Z', clusters },
    input.storedMeshes ?? [],
  );
  return { clusterIstio, model };
}

/** Case directories under testdata that have an input. */
export function listGoldenCases(): string[] {
  return fs
    .readdirSync(TESTDATA_DIR)
    .filter(name => fs.existsSync(path.join(TESTDATA_DIR, name, 'input.yaml')))
    .sort();
}
