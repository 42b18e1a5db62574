import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ensureFleet } from '@meshfleet/fleet';
import type { MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';
import { Server } from 'node:http';
import request from 'supertest';
import type { ClusterClient } from '../lifecycle/clusters/ClusterClient';
import { meshPlugin } from '../plugin';
import { demoClusterClients, demoKubernetesConfig, removeNamespace, reviewsService, waitForDemoMesh } from './__testUtils__/demoMeshFleet';

jest.setTimeout(300_000);

/*
 * Validation through the real backend against the demo mesh (istiod in
 * mesh-cp, east and west as remotes): invalid policies are refused by apply
 * with a 400 whose messages name kind, name and field, from each layer
 * (schema, analysis against the clusters, the dry run with istiod's webhook),
 * and nothing reaches the cluster; a valid batch passes; validate answers the
 * same findings and changes nothing. The service the policies are for lives
 * in east only, so the analysis must read the member clusters. The test keeps
 * to a namespace of its own, removed at the start and the end.
 */

const user = mockCredentials.user.header();
const NAMESPACE = 'policy-validation-fleet-test';
const HOST = `reviews.${NAMESPACE}.svc.cluster.local`;

const reviewsInEast = reviewsService(NAMESPACE);

const destinationRule = (subsets: Record<string, string>) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'reviews', namespace: NAMESPACE },
  spec: { host: HOST, subsets: Object.entries(subsets).map(([name, version]) => ({ name, labels: { version } })) },
});

const split = (name: string, weights: Record<string, number>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: NAMESPACE },
  spec: {
    hosts: [HOST],
    http: [{ ...extra, route: Object.entries(weights).map(([subset, weight]) => ({ destination: { host: HOST, subset }, weight })) }],
  },
});

let server: Server;
const clients: Record<string, ClusterClient> = {};

const removeTestNamespace = (cluster: string) => removeNamespace(clients[cluster], NAMESPACE);

const post = (path: string, body: object) => request(server).post(`/api/mesh/meshes/demo/policies/${path}`).set('Authorization', user).send(body);

/** `code kind ns/name field` of each message, for comparisons that read like the corpus' expect lines. */
const named = (messages: MeshPolicyMessage[]) => messages.map(m => `${m.code ?? '-'} ${m.layer} ${m.kind} ${m.namespace}/${m.name} ${m.field ?? '-'}`);

beforeAll(async () => {
  const env = await ensureFleet({ clusters: 3 });
  Object.assign(clients, demoClusterClients(env));
  await removeTestNamespace('mesh-cp');
  for (const object of reviewsInEast) await clients.east.apply(object);
  const backend = await startTestBackend({
    features: [
      meshPlugin,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: demoKubernetesConfig(env),
        },
      }),
    ],
  });
  server = backend.server;
  await waitForDemoMesh(server, user);
});

afterAll(async () => {
  if (clients['mesh-cp']) await removeTestNamespace('mesh-cp');
  if (clients.east) await clients.east.delete({ apiVersion: 'v1', kind: 'Namespace', name: NAMESPACE });
});

describe('policy validation on the demo mesh', () => {
  const invalid = [
    destinationRule({ v1: 'v1', v2: 'v2', v3: 'v3' }),
    split('reviews', { v1: 80, v4: 20 }),
    split('reviews-timeout', { v1: 100 }, { timeout: 5 }),
    { ...split('reviews-no-route', {}), spec: { hosts: ['reviews-other'], http: [{}] } },
  ];

  it('apply refuses invalid policies with a 400 naming kind, name and field from every layer, and writes nothing', async () => {
    const response = await post('apply', { objects: invalid });
    expect(response.status).toBe(400);
    const messages = response.body.messages as MeshPolicyMessage[];
    expect(named(messages.filter(m => m.level === 'error'))).toEqual(
      expect.arrayContaining([
        // Analysis: the subset no pod in any cluster has, and the subset no DestinationRule defines.
        `IST0173 analysis DestinationRule ${NAMESPACE}/reviews spec.subsets[2].labels`,
        `IST0101 analysis VirtualService ${NAMESPACE}/reviews spec.http[0].route[1].destination.subset`,
        // Schema: a timeout is a duration string.
        `IST0106 schema VirtualService ${NAMESPACE}/reviews-timeout spec.http[0].timeout`,
      ]),
    );
    // The dry run (istiod's webhook) for the object the first two layers let through.
    const dryRun = messages.filter(m => m.layer === 'dry-run');
    expect(dryRun.map(m => [m.kind, m.name, m.objectIndex])).toEqual([['VirtualService', 'reviews-no-route', 3]]);
    expect(dryRun[0].message).toContain('HTTP route, redirect or direct_response is required');
    for (const m of messages) expect(m.fix).toBeTruthy();
    expect(response.body.error.message).toContain('nothing was applied');
    expect(await clients['mesh-cp'].get({ apiVersion: 'v1', kind: 'Namespace', name: NAMESPACE })).toBeUndefined();
  });

  it('validate answers the same findings and changes nothing', async () => {
    const response = await post('validate', { objects: invalid });
    expect(response.status).toBe(200);
    expect(response.body.valid).toBe(false);
    expect(named(response.body.messages)).toEqual(
      expect.arrayContaining([
        `IST0173 analysis DestinationRule ${NAMESPACE}/reviews spec.subsets[2].labels`,
        `IST0106 schema VirtualService ${NAMESPACE}/reviews-timeout spec.http[0].timeout`,
        `- dry-run VirtualService ${NAMESPACE}/reviews-no-route -`,
      ]),
    );
    const incomplete = await post('validate', { objects: [{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {}, spec: {} }] });
    expect(incomplete.status).toBe(200);
    expect(named(incomplete.body.messages)).toEqual(['IST0106 schema VirtualService / metadata.name', 'IST0106 schema VirtualService / metadata.namespace']);
    expect(await clients['mesh-cp'].get({ apiVersion: 'v1', kind: 'Namespace', name: NAMESPACE })).toBeUndefined();
  });

  it('a valid canary batch passes validation and is applied', async () => {
    const batch = [destinationRule({ v1: 'v1', v2: 'v2' }), split('reviews', { v1: 90, v2: 10 })];
    const validated = await post('validate', { objects: batch });
    expect([validated.status, validated.body.valid, named(validated.body.messages)]).toEqual([200, true, []]);
    const applied = await post('apply', { objects: batch });
    expect(applied.status).toBe(200);
    expect(applied.body.results.map((r: { action: string }) => r.action)).toEqual(['created', 'created']);
    expect(applied.body.messages).toEqual([]);
    const stored = await clients['mesh-cp'].get({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', namespace: NAMESPACE, name: 'reviews' });
    expect(stored).toBeDefined();
  });
});
