import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { KubeConfig } from '@kubernetes/client-node';
import { ensureFleet, FleetCluster } from '@meshfleet/fleet';
// The real mesh backend; only tests import it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import meshBackend from '@meshfleet/plugin-mesh-backend';
import type { Server } from 'node:http';
import request from 'supertest';
import { eventually, httpAuthWithActorsFactory, KubernetesClusterClient } from '../__testUtils__/meshBackendInternals';
import { meshResource, plainMessage, TaskEvent, templateEntity } from '../__testUtils__/scaffolderBackend';
import { scaffolderModuleMesh } from '../module';

jest.setTimeout(300_000);

/*
 * The policy templates run by the real scaffolder, through mesh:policy:apply and
 * the real mesh backend, against the fleet's demo mesh (istiod in mesh-cp; east
 * and west members, `fleet up --demo`). The test keeps to a namespace of its own:
 * a Service `reviews` with a v1 and a v2 pod in east (what the canary's host and
 * subsets refer to), and the policies the templates write to mesh-cp. It removes
 * that namespace from both clusters at the start and the end; the demo's traffic
 * is not touched.
 */

const NAMESPACE = 'scaffolder-policy-test';
const DEMO = ['mesh-cp', 'east', 'west'];
const USER = 'user:default/ada';
const as = mockCredentials.user.header(USER);

const canaryValues = {
  mesh: 'resource:default/demo',
  namespace: NAMESPACE,
  service: 'reviews',
  labelKey: 'version',
  stableVersion: 'v1',
  canaryVersion: 'v2',
  canaryWeight: 20,
};

let server: Server;
let stop: () => Promise<void>;
const clients: Record<string, KubernetesClusterClient> = {};

function clientOf(cluster: FleetCluster): KubernetesClusterClient {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.adminKubeconfig);
  return new KubernetesClusterClient(cluster.name, kubeConfig);
}

async function removeNamespace(cluster: string) {
  await clients[cluster].delete({ apiVersion: 'v1', kind: 'Namespace', name: NAMESPACE });
  await eventually(
    async () => !(await clients[cluster].get({ apiVersion: 'v1', kind: 'Namespace', name: NAMESPACE })),
    `namespace ${NAMESPACE} in ${cluster} to be deleted`,
    120_000,
  );
}

/** reviews in east: a Service and a pod per version (the fleet's kubelet runs them). */
async function createReviewsInEast() {
  const east = clients.east;
  await east.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  await east.apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'reviews', namespace: NAMESPACE },
    spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] },
  });
  for (const version of ['v1', 'v2']) {
    await east.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `reviews-${version}`, namespace: NAMESPACE, labels: { app: 'reviews', version } },
      spec: { containers: [{ name: 'reviews', image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.2', ports: [{ containerPort: 9080 }] }] },
    });
  }
}

interface Task {
  status: string;
  log: string[];
  output: Record<string, any>;
  events: TaskEvent[];
}

async function runTemplate(name: string, values: Record<string, unknown>): Promise<Task> {
  const created = await request(server).post('/api/scaffolder/v2/tasks').set('Authorization', as).send({ templateRef: `template:default/${name}`, values });
  if (created.status !== 201) throw new Error(`creating the task failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  const task = await eventually(async () => {
    const response = await request(server).get(`/api/scaffolder/v2/tasks/${id}`).set('Authorization', as);
    return ['completed', 'failed', 'cancelled'].includes(response.body.status) ? response.body : undefined;
  }, `task ${id} to end`, 120_000);
  const events: TaskEvent[] = (await request(server).get(`/api/scaffolder/v2/tasks/${id}/events`).set('Authorization', as)).body;
  // The scaffolder follows a task of a template with recovery until it is cancelled.
  await request(server).post(`/api/scaffolder/v2/tasks/${id}/cancel`).set('Authorization', as).send({});
  const log = events.filter(e => e.type === 'log').map(e => plainMessage(e.body.message ?? ''));
  const completion = events.find(e => e.type === 'completion');
  return { status: task.status, log, output: completion?.body.output ?? {}, events };
}

const policyIn = (cluster: string, kind: string, name: string) =>
  clients[cluster].get<{ metadata?: object; spec: any }>({ apiVersion: kind === 'PeerAuthentication' ? 'security.istio.io/v1' : 'networking.istio.io/v1', kind, namespace: NAMESPACE, name });

beforeAll(async () => {
  const env = await ensureFleet({ clusters: 3 });
  const demo = env.clusters.filter(c => DEMO.includes(c.name));
  for (const cluster of demo) clients[cluster.name] = clientOf(cluster);
  await Promise.all(['mesh-cp', 'east'].map(removeNamespace));
  await createReviewsInEast();
  const entities: Entity[] = [templateEntity('canary-release.yaml'), templateEntity('require-mtls-for-namespace.yaml'), meshResource('demo')];
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleMesh,
      meshBackend,
      catalogServiceMock.factory({ entities }),
      httpAuthWithActorsFactory,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: demo.map(c => ({ name: c.name, url: c.url, authProvider: 'serviceAccount', serviceAccountToken: c.serviceAccountToken, caData: c.caData })),
              },
            ],
          },
        },
      }),
    ],
  });
  server = backend.server;
  stop = () => backend.stop();
  await eventually(
    async () => (await request(server).get('/api/mesh/meshes/demo').set('Authorization', as)).status === 200,
    'discovery to find the demo mesh',
    60_000,
  );
});

afterAll(async () => {
  await stop?.();
  if (clients['mesh-cp']) await Promise.all(['mesh-cp', 'east'].map(removeNamespace));
});

describe('the policy templates on the demo mesh', () => {
  it('dry-runs the canary release: the validation, both diffs and the impact in the log, nothing written', async () => {
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', as)
      .send({ template: templateEntity('canary-release.yaml'), values: canaryValues, directoryContents: [] });

    expect([response.status, response.status === 200 ? '' : JSON.stringify(response.body)]).toEqual([200, '']);
    const log: string[] = response.body.log.map((e: { body: { message: string } }) => plainMessage(e.body.message));
    expect(log).toEqual(expect.arrayContaining([expect.stringMatching(/^Validation \(schema, analysis, dry run in the config cluster\): /)]));
    expect(log).toContain("Changes in mesh-cp, the mesh's config cluster (dry run):");
    expect(log).toContain(`  created DestinationRule ${NAMESPACE}/reviews`);
    expect(log).toContain(`  created VirtualService ${NAMESPACE}/reviews`);
    expect(log.filter(line => /^ {6}\+ +weight: (80|20)$/.test(line))).toHaveLength(2);
    expect(log).toEqual(expect.arrayContaining([expect.stringMatching(/^Impact: /)]));
    expect(log).toContain(`Dry run: nothing was changed; applying would create 2, update 0 and leave 0 unchanged in mesh-cp`);
    expect(await policyIn('mesh-cp', 'VirtualService', 'reviews')).toBeUndefined();
  });

  it('refuses a canary for a service the mesh does not have: the step fails naming the host field, nothing written', async () => {
    const task = await runTemplate('canary-release', { ...canaryValues, service: 'ratings' });

    expect(task.status).toBe('failed');
    const host = `ratings.${NAMESPACE}.svc.cluster.local`;
    const error = task.events.find(e => e.type === 'completion')?.body.error?.message ?? '';
    const [head, ...errors] = error.split('\n');
    expect(head).toMatch(/^The mesh backend's validation refused the policies \(\d+ errors?\); nothing was applied:$/);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^  error IST0101 VirtualService ${NAMESPACE}/ratings spec\\.http\\[0\\]\\.route\\[0\\]\\.destination\\.host: .*${host.replace(/\./g, '\\.')}`)),
      ]),
    );
    // Each finding is also a line of the task log.
    expect(task.log).toEqual(expect.arrayContaining(errors));
    expect(await policyIn('mesh-cp', 'DestinationRule', 'ratings')).toBeUndefined();
    expect(await policyIn('mesh-cp', 'VirtualService', 'ratings')).toBeUndefined();
  });

  it('applies the canary release to mesh-cp only: two subsets by the version label, 80/20', async () => {
    const task = await runTemplate('canary-release', canaryValues);

    expect({ status: task.status, lastLines: task.log.slice(-3) }).toMatchObject({ status: 'completed' });
    expect(task.log).toContain("Applied to mesh-cp, the mesh's config cluster: 2 created, 0 updated, 0 unchanged");
    expect(task.output.links).toEqual([{ title: 'Open the mesh', url: '/mesh/meshes/demo' }]);
    const destinationRule = await policyIn('mesh-cp', 'DestinationRule', 'reviews');
    expect(destinationRule?.spec).toEqual({
      host: `reviews.${NAMESPACE}.svc.cluster.local`,
      subsets: [
        { name: 'stable', labels: { version: 'v1' } },
        { name: 'canary', labels: { version: 'v2' } },
      ],
    });
    const virtualService = await policyIn('mesh-cp', 'VirtualService', 'reviews');
    expect(virtualService?.spec.http[0].route.map((r: { destination: { subset: string }; weight: number }) => [r.destination.subset, r.weight])).toEqual([
      ['stable', 80],
      ['canary', 20],
    ]);
    for (const member of ['east', 'west']) {
      expect(await policyIn(member, 'VirtualService', 'reviews')).toBeUndefined();
    }
  });

  it('requires STRICT mTLS for the namespace after a preview: a PeerAuthentication default in mesh-cp', async () => {
    const task = await runTemplate('require-mtls-for-namespace', { mesh: 'resource:default/demo', namespace: NAMESPACE, mode: 'STRICT' });

    expect({ status: task.status, lastLines: task.log.slice(-3) }).toMatchObject({ status: 'completed' });
    const dryRunEnd = task.log.findIndex(line => line.startsWith('Dry run: nothing was changed; applying would create 1'));
    const applied = task.log.indexOf("Applied to mesh-cp, the mesh's config cluster: 1 created, 0 updated, 0 unchanged");
    expect(dryRunEnd).toBeGreaterThanOrEqual(0);
    expect(applied).toBeGreaterThan(dryRunEnd);
    expect((await policyIn('mesh-cp', 'PeerAuthentication', 'default'))?.spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(await policyIn('east', 'PeerAuthentication', 'default')).toBeUndefined();
  });
});
