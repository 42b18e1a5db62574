import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { MeshService } from '@meshfleet/plugin-mesh-common';
import { mesh } from '../__testUtils__/modelBuilders';
import { FetchedMeshModel } from '../client/MeshModelFetcher';
import { MeshMembershipProcessor } from './MeshMembershipProcessor';

const service = (namespace: string, name: string, selector: Record<string, string>): MeshService => ({
  namespace,
  name,
  hostname: `${name}.${namespace}.svc.cluster.local`,
  conflicts: [],
  instances: [{ cluster: 'east', ports: [], selector, injected: true }],
});

const model: FetchedMeshModel = {
  baseUrl: 'http://mesh',
  fetchedAt: new Date(0),
  clusters: [],
  meshes: [
    mesh('shop', 'east', [], {
      services: [
        service('shop', 'cart', { app: 'cart', version: 'v1' }),
        service('shop', 'checkout-svc', { 'app.kubernetes.io/name': 'checkout' }),
      ],
    }),
    mesh('payments', 'south', [], { services: [service('pay', 'ledger', { app: 'ledger', team: 'money' })] }),
    mesh('edge', 'north', [], { services: [service('shop', 'cart', { app: 'cart' })] }),
  ],
};

const component = (annotations: Record<string, string>, kind = 'Component'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'thing', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

const location = { type: 'url', target: 'https://example.com/catalog-info.yaml' };

async function process(entity: Entity, latestOrFetch = jest.fn(async () => model)) {
  const results: CatalogProcessorResult[] = [];
  const processor = new MeshMembershipProcessor({ latestOrFetch }, mockServices.logger.mock());
  const out = await processor.postProcessEntity(entity, location, r => results.push(r));
  return { out, results, latestOrFetch };
}

const relations = (results: CatalogProcessorResult[]) =>
  results.flatMap(r =>
    r.type === 'relation'
      ? [`${r.relation.source.kind}:${r.relation.source.name} ${r.relation.type} ${r.relation.target.kind}:${r.relation.target.name}`]
      : [],
  );

describe('MeshMembershipProcessor', () => {
  it('relates a Component by kubernetes-id to every mesh running its service, both ways', async () => {
    const entity = component({ 'backstage.io/kubernetes-id': 'cart' });
    const { out, results } = await process(entity);
    expect(out).toBe(entity);
    expect(relations(results)).toEqual([
      'Component:thing dependsOn resource:edge',
      'resource:edge dependencyOf Component:thing',
      'Component:thing dependsOn resource:shop',
      'resource:shop dependencyOf Component:thing',
    ]);
  });

  it('matches kubernetes-id against app.kubernetes.io/name and service names', async () => {
    expect(relations((await process(component({ 'backstage.io/kubernetes-id': 'checkout' }))).results)).toContain(
      'Component:thing dependsOn resource:shop',
    );
    expect(relations((await process(component({ 'backstage.io/kubernetes-id': 'ledger' }))).results)).toContain(
      'Component:thing dependsOn resource:payments',
    );
  });

  it('matches a label selector against service selectors, and honours the namespace annotation', async () => {
    const bySelector = await process(component({ 'backstage.io/kubernetes-label-selector': 'app=ledger,team in (money)' }));
    expect(relations(bySelector.results)).toEqual([
      'Component:thing dependsOn resource:payments',
      'resource:payments dependencyOf Component:thing',
    ]);
    const wrongNamespace = await process(
      component({ 'backstage.io/kubernetes-id': 'cart', 'backstage.io/kubernetes-namespace': 'other' }),
    );
    expect(wrongNamespace.results).toEqual([]);
  });

  it('leaves other kinds and Components without Kubernetes annotations alone without reading the model', async () => {
    const resource = await process(component({ 'backstage.io/kubernetes-id': 'cart' }, 'Resource'));
    const plain = await process(component({}));
    expect([...resource.results, ...plain.results]).toEqual([]);
    expect(resource.latestOrFetch).not.toHaveBeenCalled();
    expect(plain.latestOrFetch).not.toHaveBeenCalled();
  });

  it('reports an unreadable label selector on the entity', async () => {
    const { results } = await process(component({ 'backstage.io/kubernetes-label-selector': 'app >> cart' }));
    expect(results).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({ message: expect.stringContaining("cannot read 'app >> cart'") }),
      }),
    ]);
  });

  it('fails the processing run when no model can be read, so the catalog keeps the old relations', async () => {
    const failing = jest.fn(async () => {
      throw new Error('GET http://mesh/clusters failed: ECONNREFUSED');
    });
    await expect(process(component({ 'backstage.io/kubernetes-id': 'cart' }), failing as any)).rejects.toThrow(
      'ECONNREFUSED',
    );
  });
});
