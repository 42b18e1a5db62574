import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AdmissionregistrationV1Api,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
} from '@kubernetes/client-node';
import {
  ensureFleet,
  FleetEnv,
  startCluster,
  stopCluster,
} from '@meshfleet/fleet';
import { ClusterCredentials } from '../../clusters/authStrategies';
import { readConfigClusters } from '../../clusters/configClusters';
import { buildMeshModel } from '../buildMeshModel';
import type { FleetSnapshot } from '../types';
import { KubernetesMeshDiscovery } from './KubernetesMeshDiscovery';

/**
 * Discovery against the real local fleet (tools/fleet). Clusters: mesh-cp, east,
 * west, and member-04, which this test alone uses as a control plane and stops
 * for the outage case, so that other packages' tests on mesh-cp/east/west are
 * not disturbed. Every object this test creates carries a run id and is removed
 * afterwards.
 */
jest.setTimeout(10 * 60 * 1000);

const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const GENEROUS_WAIT_MS = 30_000;
const OUTAGE_CLUSTER = 'member-04';
const TEST_LABEL = { 'meshfleet.io/integration-test': RUN };

let fleet: FleetEnv;
let discovery: KubernetesMeshDiscovery;
const cleanups: Array<() => Promise<unknown>> = [];

function adminConfig(cluster: string): KubeConfig {
  const entry = fleet.clusters.find(c => c.name === cluster)!;
  const kc = new KubeConfig();
  kc.loadFromFile(entry.adminKubeconfig);
  return kc;
}

/** The Backstage Kubernetes plugin configuration `fleet env` describes. */
function kubernetesConfig(env: FleetEnv): ConfigReader {
  return new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: env.clusters
            .filter(c =>
              ['mesh-cp', 'east', 'west', OUTAGE_CLUSTER].includes(c.name),
            )
            .map(c => ({
              name: c.name,
              url: c.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: c.serviceAccountToken,
              caData: c.caData,
            })),
        },
      ],
    },
  });
}

/** Resolves with the first snapshot that satisfies `predicate`. */
function waitForSnapshot(
  predicate: (snapshot: FleetSnapshot) => boolean,
  what: string,
): Promise<FleetSnapshot> {
  return new Promise((resolve, reject) => {
    let unsubscribe: () => void = () => {};
    let timer: NodeJS.Timeout | undefined = undefined;
    const check = (snapshot: FleetSnapshot) => {
      if (predicate(snapshot)) {
        unsubscribe();
        clearTimeout(timer);
        resolve(snapshot);
      }
    };
    timer = setTimeout(() => {
      unsubscribe();
      const statuses = discovery.getSnapshot().clusters.map(c => c.status);
      reject(
        new Error(
          `timed out waiting for ${what}; cluster statuses: ${JSON.stringify(
            statuses,
          )}`,
        ),
      );
    }, GENEROUS_WAIT_MS);
    unsubscribe = discovery.subscribe(check);
    check(discovery.getSnapshot());
  });
}

function clusterOf(snapshot: FleetSnapshot, name: string) {
  return snapshot.clusters.find(c => c.status.name === name);
}

async function createNamespace(
  cluster: string,
  name: string,
  labels: Record<string, string> = {},
) {
  const core = adminConfig(cluster).makeApiClient(CoreV1Api);
  await core.createNamespace({
    body: { metadata: { name, labels: { ...TEST_LABEL, ...labels } } },
  });
  cleanups.push(() => core.deleteNamespace({ name }).catch(() => undefined));
}

/** An istiod Deployment as Istio's chart renders it (no replicas: nothing needs to run). */
async function createIstiod(
  cluster: string,
  namespace: string,
  revision: string,
  meshId: string,
) {
  const kc = adminConfig(cluster);
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace,
    body: {
      metadata: {
        name: `istiod-${revision}`,
        labels: { app: 'istiod', 'istio.io/rev': revision, istio: 'pilot' },
      },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'istiod', 'istio.io/rev': revision } },
        template: {
          metadata: { labels: { app: 'istiod', 'istio.io/rev': revision } },
          spec: {
            containers: [
              {
                name: 'discovery',
                image: 'docker.io/istio/pilot:1.31.0',
                env: [{ name: 'CLUSTER_ID', value: cluster }],
              },
            ],
          },
        },
      },
    },
  });
  await kc.makeApiClient(CoreV1Api).createNamespacedConfigMap({
    namespace,
    body: {
      metadata: {
        name: `istio-${revision}`,
        labels: { 'istio.io/rev': revision },
      },
      data: {
        mesh: `defaultConfig:\n  meshId: ${meshId}\ntrustDomain: ${meshId}.local\n`,
      },
    },
  });
}

beforeAll(async () => {
  fleet = await ensureFleet({ clusters: 4 });
  const config = kubernetesConfig(fleet);
  const logger = mockServices.logger.mock();
  discovery = new KubernetesMeshDiscovery({
    clusterSource: { listClusters: async () => readConfigClusters(config) },
    credentials: ClusterCredentials.fromConfig({ config, logger }),
    logger,
    // Long resync: changes below must arrive through the watches.
    resyncIntervalMs: 10 * 60 * 1000,
    backoff: { initialMs: 500, maxMs: 2000 },
  });
  await discovery.start();
});

afterAll(async () => {
  await discovery?.stop();
  for (const cleanup of cleanups.reverse()) {
    await cleanup();
  }
});

describe('KubernetesMeshDiscovery against the local fleet', () => {
  it('reads mesh-cp, east and west', async () => {
    const snapshot = await waitForSnapshot(
      s =>
        ['mesh-cp', 'east', 'west'].every(
          n => clusterOf(s, n)?.status.reachability === 'reachable',
        ),
      'mesh-cp, east and west to be reachable',
    );
    for (const name of ['mesh-cp', 'east', 'west']) {
      const cluster = clusterOf(snapshot, name)!;
      expect(cluster.status).toMatchObject({
        source: 'config',
        kubernetesVersion: expect.stringMatching(/^v1\./),
      });
      expect(Date.parse(cluster.status.lastSyncAt!)).not.toBeNaN();
      expect(cluster.istio?.cluster).toBe(name);
    }
  });

  it('discovers a plain istiod-shaped install as an external mesh', async () => {
    const namespace = `mf-plain-${RUN}`;
    const meshId = `plain-${RUN}`;
    await createNamespace('west', namespace);
    await createIstiod('west', namespace, `p${RUN}`, meshId);

    const snapshot = await waitForSnapshot(
      s => buildMeshModel(s, []).meshes.some(m => m.id === meshId),
      `mesh ${meshId} in west`,
    );
    const mesh = buildMeshModel(snapshot, []).meshes.find(
      m => m.id === meshId,
    )!;
    expect(mesh).toMatchObject({
      type: 'external',
      managed: false,
      controlPlaneCluster: 'west',
      istioVersion: '1.31.0',
      trustDomain: `${meshId}.local`,
    });
  });

  it('discovers a hosted mesh with one member through a remote secret', async () => {
    const namespace = `mf-hosted-${RUN}`;
    const revision = `h${RUN}`;
    const meshId = `hosted-${RUN}`;
    const east = fleet.clusters.find(c => c.name === 'east')!;
    await createNamespace(OUTAGE_CLUSTER, namespace);
    await createIstiod(OUTAGE_CLUSTER, namespace, revision, meshId);
    await adminConfig(OUTAGE_CLUSTER)
      .makeApiClient(CoreV1Api)
      .createNamespacedSecret({
        namespace,
        body: {
          metadata: {
            name: 'istio-remote-secret-east',
            labels: { 'istio/multiCluster': 'true' },
          },
          stringData: {
            east: [
              'apiVersion: v1',
              'kind: Config',
              `clusters: [{ name: east, cluster: { server: '${east.url}' } }]`,
              'users: [{ name: east, user: { token: not-a-real-token } }]',
              'contexts: [{ name: east, context: { cluster: east, user: east } }]',
              'current-context: east',
            ].join('\n'),
          },
        },
      });
    // The remote profile in east: mesh config and an injector that calls the
    // control plane. It selects no namespace, so it never touches others' pods.
    await createNamespace('east', namespace);
    await adminConfig('east')
      .makeApiClient(CoreV1Api)
      .createNamespacedConfigMap({
        namespace,
        body: {
          metadata: { name: `istio-${revision}` },
          data: { mesh: `meshId: ${meshId}\n` },
        },
      });
    const admission = adminConfig('east').makeApiClient(
      AdmissionregistrationV1Api,
    );
    const webhookName = `istio-sidecar-injector-${revision}`;
    await admission.createMutatingWebhookConfiguration({
      body: {
        metadata: {
          name: webhookName,
          labels: { 'istio.io/rev': revision, ...TEST_LABEL },
        },
        webhooks: [
          {
            name: 'rev.namespace.sidecar-injector.istio.io',
            admissionReviewVersions: ['v1'],
            sideEffects: 'None',
            failurePolicy: 'Ignore',
            namespaceSelector: { matchLabels: { 'meshfleet.io/never': RUN } },
            clientConfig: {
              url: `https://istiod.${OUTAGE_CLUSTER}.example:15017/inject/cluster/east/net/net-east`,
            },
            rules: [
              {
                operations: ['CREATE'],
                apiGroups: [''],
                apiVersions: ['v1'],
                resources: ['pods'],
              },
            ],
          },
        ],
      },
    });
    cleanups.push(() =>
      admission
        .deleteMutatingWebhookConfiguration({ name: webhookName })
        .catch(() => undefined),
    );

    const snapshot = await waitForSnapshot(
      s =>
        buildMeshModel(s, []).meshes.some(
          m => m.id === meshId && m.clusters.length === 2,
        ),
      `hosted mesh ${meshId} with east`,
    );
    const mesh = buildMeshModel(snapshot, []).meshes.find(
      m => m.id === meshId,
    )!;
    expect(mesh).toMatchObject({
      type: 'hosted',
      controlPlaneCluster: OUTAGE_CLUSTER,
    });
    expect(mesh.clusters.map(c => [c.cluster, c.role])).toEqual([
      [OUTAGE_CLUSTER, 'control-plane'],
      ['east', 'remote'],
    ]);
    expect(JSON.stringify(snapshot)).not.toContain('not-a-real-token');
  });

  it('marks a stopped cluster unreachable, keeps its last state, and the others stay reachable', async () => {
    const before = await waitForSnapshot(
      s => (clusterOf(s, OUTAGE_CLUSTER)?.istio?.revisions.length ?? 0) > 0,
      `${OUTAGE_CLUSTER} to show the istiod created above`,
    );
    const revisionsBefore = clusterOf(before, OUTAGE_CLUSTER)!.istio!.revisions;
    await stopCluster(OUTAGE_CLUSTER);
    try {
      const during = await waitForSnapshot(
        s =>
          clusterOf(s, OUTAGE_CLUSTER)?.status.reachability === 'unreachable',
        `${OUTAGE_CLUSTER} to become unreachable`,
      );
      const down = clusterOf(during, OUTAGE_CLUSTER)!;
      expect(down.status.error).toEqual(expect.any(String));
      expect(down.status.error).not.toMatch(/token|eyJ/i);
      expect(Date.parse(down.status.unreachableSince!)).not.toBeNaN();
      expect(down.istio?.revisions).toEqual(revisionsBefore);
      await discovery.refresh('east');
      const others = discovery.getSnapshot();
      for (const name of ['mesh-cp', 'east', 'west']) {
        expect(clusterOf(others, name)?.status.reachability).toBe('reachable');
      }
    } finally {
      await startCluster(OUTAGE_CLUSTER);
    }
    await discovery.refresh(OUTAGE_CLUSTER);
    await waitForSnapshot(
      s => clusterOf(s, OUTAGE_CLUSTER)?.status.reachability === 'reachable',
      `${OUTAGE_CLUSTER} to be reachable again`,
    );
  });

  it('sees a namespace labelled for injection through the watch within seconds', async () => {
    const namespace = `mf-inject-${RUN}`;
    await createNamespace('east', namespace, { 'istio-injection': 'enabled' });
    const snapshot = await waitForSnapshot(
      s =>
        clusterOf(s, 'east')?.istio?.injection.some(
          i => i.namespace === namespace,
        ) ?? false,
      `namespace ${namespace} in east's injection list`,
    );
    expect(clusterOf(snapshot, 'east')!.istio!.injection).toContainEqual({
      namespace,
      mode: 'enabled',
    });
  });
});
