import v8 from 'node:v8';
import vm from 'node:vm';
import { buildMeshModel } from './buildMeshModel';
import { ResourceMirror } from './live/ResourceMirror';
import { discoveryResources } from './live/resources';
import { createNamespaceFilter } from './namespaceFilter';
import { readClusterIstio } from './readClusterIstio';
import { readServices } from './services';
import { toStoredCluster } from './shared/SharedSnapshotStore';
import type { ClusterSnapshot, RawClusterObjects } from './types';

/**
 * The memory discovery holds per cluster and per Service, on the heap: the
 * mirrored objects (trimmed on arrival), each cluster's snapshot, its JSON as
 * shared through the database, and the model built from them. Objects arrive
 * as an API server sends them (managedFields, status, cluster IPs,
 * last-applied annotations), so a mirror that kept them whole would break the
 * budget. Watch connections and TLS buffers are outside the heap; bench/scale
 * measures the process as a whole.
 */

/**
 * Bytes per Service beyond which something holds more than the fields it
 * reads (untrimmed objects take about twice this).
 */
const BUDGET_PER_SERVICE = 1536;
/** Bytes per cluster without Services (its Istio objects, snapshot, mesh). */
const BUDGET_PER_CLUSTER = 48 * 1024;

v8.setFlagsFromString('--expose-gc');
const gc: () => void = vm.runInNewContext('gc');

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A Service as `kubectl get -o json` shows it. */
function fullService(namespace: string, name: string, i: number) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace,
      uid: `6f1c2a9e-0b4d-4c7e-9a51-${String(i).padStart(12, '0')}`,
      resourceVersion: String(100000 + i),
      creationTimestamp: '2026-12-20T00:00:00Z',
      labels: { app: name, team: 'shop', 'app.kubernetes.io/part-of': 'shop' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name, namespace, labels: { app: name } },
          spec: {
            selector: { app: name },
            ports: [{ name: 'http', port: 80 }],
          },
        }),
      },
      managedFields: [
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-12-20T00:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': {
              'f:annotations': {
                '.': {},
                'f:kubectl.kubernetes.io/last-applied-configuration': {},
              },
              'f:labels': { '.': {}, 'f:app': {}, 'f:team': {} },
            },
            'f:spec': {
              'f:internalTrafficPolicy': {},
              'f:ports': {
                '.': {},
                'k:{"port":80,"protocol":"TCP"}': {
                  '.': {},
                  'f:name': {},
                  'f:port': {},
                  'f:protocol': {},
                  'f:targetPort': {},
                },
              },
              'f:selector': {},
              'f:sessionAffinity': {},
              'f:type': {},
            },
          },
        },
      ],
    },
    spec: {
      clusterIP: `10.96.${i % 250}.${i % 200}`,
      clusterIPs: [`10.96.${i % 250}.${i % 200}`],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      type: 'ClusterIP',
      selector: { app: name },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
    },
    status: { loadBalancer: {} },
  };
}

function clusterObjects(cluster: string, services: number) {
  return {
    services: Array.from({ length: services }, (_, i) =>
      fullService(`ns-${i % 5}`, `svc-${i}`, i),
    ),
    namespaces: [0, 1, 2, 3, 4].map(n => ({
      metadata: {
        name: `ns-${n}`,
        uid: `ns-${cluster}-${n}`,
        labels: {
          'istio-injection': 'enabled',
          'kubernetes.io/metadata.name': `ns-${n}`,
        },
        managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
      },
    })),
    deployments: [
      {
        metadata: {
          name: 'istiod',
          namespace: 'istio-system',
          labels: { app: 'istiod', istio: 'pilot' },
          managedFields: [{ manager: 'helm', operation: 'Update' }],
        },
        spec: {
          replicas: 1,
          template: {
            spec: {
              containers: [
                {
                  name: 'discovery',
                  image: 'docker.io/istio/pilot:1.28.0',
                  env: [
                    { name: 'CLUSTER_ID', value: cluster },
                    { name: 'PILOT_TRACE_SAMPLING', value: '1' },
                  ],
                  args: ['discovery', '--monitoringAddr=:15014'],
                },
              ],
            },
          },
        },
        status: { readyReplicas: 1, conditions: [{ type: 'Available' }] },
      },
    ],
    configMaps: [
      {
        metadata: { name: 'istio', namespace: 'istio-system' },
        data: {
          mesh: `meshId: ${cluster}\ntrustDomain: ${cluster}.local\n`,
          meshNetworks: 'networks: {}',
        },
      },
    ],
  };
}

/** Everything discovery keeps for these clusters, built the way it is live. */
async function holdDiscovery(clusters: number, services: number) {
  const includeNamespace = createNamespaceFilter();
  const specs = discoveryResources(includeNamespace);
  const held = [];
  for (let c = 0; c < clusters; c++) {
    const name = `cluster-${c}`;
    const mirrors = await Promise.all(
      specs.map(async spec => {
        const mirror = new ResourceMirror({
          ...spec,
          reduce: process.env.NO_TRIM ? (o: any) => o : spec.reduce,
          // What the API server would answer, fresh each time as a response is.
          list: async () => {
            // Parsed from text, as a response is: no string is shared with another object's.
            const objects = JSON.parse(
              JSON.stringify(clusterObjects(name, services)),
            );
            const items: Record<string, unknown[]> = {
              services: objects.services,
              namespaces: objects.namespaces,
              deployments: objects.deployments,
              configMaps: objects.configMaps,
            };
            return { items: items[spec.bucket] ?? [] };
          },
        });
        (await mirror.list(undefined as any, async () => {})).apply();
        return mirror;
      }),
    );
    const raw = {
      cluster: name,
      deployments: [],
      configMaps: [],
      namespaces: [],
      webhooks: [],
      remoteSecrets: [],
      services: [],
    } as RawClusterObjects;
    for (const mirror of mirrors) {
      (raw[mirror.spec.bucket] as unknown[]).push(...mirror.objects());
    }
    const snapshot: ClusterSnapshot = {
      status: {
        name,
        url: `https://${name}:6443`,
        source: 'config',
        reachability: 'reachable',
      },
      istio: readClusterIstio(raw, { includeNamespace }),
      services: readServices(raw.services, includeNamespace),
    };
    held.push({ mirrors, snapshot, stored: toStoredCluster(snapshot) });
  }
  const model = buildMeshModel(
    {
      takenAt: '2026-12-20T00:00:00.000Z',
      clusters: held.map(h => h.snapshot),
    },
    [],
  );
  return { held, model };
}

async function bytesHeld(clusters: number, services: number): Promise<number> {
  const before = heapUsed();
  const kept = await holdDiscovery(clusters, services);
  const after = heapUsed();
  expect(kept.model.meshes).toHaveLength(clusters);
  return after - before;
}

describe('discovery memory budget', () => {
  it('holds at most the budget per cluster and per Service', async () => {
    const clusters = 40;
    const services = 500;
    const perCluster = (await bytesHeld(clusters, 0)) / clusters;
    const perService =
      ((await bytesHeld(clusters, services)) - perCluster * clusters) /
      (clusters * services);
    // Printed for the README's figures; the test checks only the budget.
    // eslint-disable-next-line no-console
    console.log(
      `discovery heap: ${Math.round(
        perCluster,
      )} bytes per cluster, ${Math.round(perService)} bytes per Service`,
    );
    expect(perCluster).toBeLessThan(BUDGET_PER_CLUSTER);
    expect(perService).toBeLessThan(BUDGET_PER_SERVICE);
  });
});
