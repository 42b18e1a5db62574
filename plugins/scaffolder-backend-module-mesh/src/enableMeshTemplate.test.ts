import type { Entity } from '@backstage/catalog-model';
import { meshInjectionManagePermission } from '@meshfleet/plugin-mesh-common';
import { createTestDatabases, ScriptedKind } from './__testUtils__/meshBackendInternals';
import { startScaffolderWithMeshBackend, templateEntity, TestBackend } from './__testUtils__/scaffolderBackend';

jest.setTimeout(180_000);

/*
 * "Enable the mesh for a service" run by the real scaffolder against the real
 * mesh backend with scripted injection.set and workload.restart kinds: its
 * `each:` loops start one operation per cluster (the scaffolder runs an
 * iteration under the step's id, so the actions must tell them apart). The
 * policy step needs a real config cluster; it is covered by the browser test
 * on the fleet, and the manifest by templates.test.ts.
 */

const databases = createTestDatabases();

/** A scripted kind that keeps every request body it is given. */
class RecordingKind extends ScriptedKind {
  readonly bodies: Array<Record<string, unknown>> = [];

  parseParams(body: unknown) {
    this.bodies.push(body as Record<string, unknown>);
    return super.parseParams(body);
  }
}

/** The template without its policy step (and the output that reads it). */
function withoutPolicies(): Entity {
  const template = templateEntity('enable-mesh-for-service.yaml');
  const spec = template.spec as { steps: Array<{ id: string }> };
  return {
    ...template,
    metadata: { ...template.metadata, name: 'enable-mesh-without-policies' },
    spec: { ...template.spec, steps: spec.steps.filter(s => s.id !== 'policies'), output: {} },
  };
}

const values = {
  component: 'component:default/cart',
  mesh: 'resource:default/team-a',
  namespace: 'shop',
  service: 'cart',
  clusters: ['east', 'west'],
  mtlsMode: 'STRICT',
  batchSize: 2,
};

describe.each(databases.eachSupportedId())('template enable-mesh-for-service on %s', databaseId => {
  let backend: TestBackend;
  let injection: RecordingKind;
  let restart: RecordingKind;

  beforeEach(async () => {
    injection = new RecordingKind('injection.set', ['label'], meshInjectionManagePermission);
    restart = new RecordingKind('workload.restart', ['restart'], meshInjectionManagePermission);
    backend = await startScaffolderWithMeshBackend({
      kinds: [injection, restart],
      database: { databases, id: databaseId },
      entities: [withoutPolicies()],
    });
  });

  afterEach(async () => {
    await backend.stop();
  });

  it('labels and restarts the namespace in every cluster picked, one operation each, by the default injection when no revision is given', async () => {
    const task = await backend.runTemplate('enable-mesh-without-policies', values);

    expect(task.status).toBe('completed');
    const operations = await backend.operations();
    const byKind = (kind: string) => operations.filter(o => o.kind === kind).map(o => [o.params.cluster, o.status]).sort();
    expect(byKind('injection.set')).toEqual([
      ['east', 'succeeded'],
      ['west', 'succeeded'],
    ]);
    expect(byKind('workload.restart')).toEqual([
      ['east', 'succeeded'],
      ['west', 'succeeded'],
    ]);
    const started = (kind: RecordingKind) => kind.bodies.filter(b => b.kind);
    expect(started(injection)).toEqual(
      expect.arrayContaining([
        { kind: 'injection.set', meshId: 'team-a', cluster: 'east', namespace: 'shop', enabled: true },
        { kind: 'injection.set', meshId: 'team-a', cluster: 'west', namespace: 'shop', enabled: true },
      ]),
    );
    expect(started(restart)).toEqual(
      expect.arrayContaining([{ kind: 'workload.restart', meshId: 'team-a', cluster: 'west', namespace: 'shop', batchSize: 2 }]),
    );
  });

  it('injects by the revision given', async () => {
    const task = await backend.runTemplate('enable-mesh-without-policies', { ...values, clusters: ['east'], revision: 'canary' });

    expect(task.status).toBe('completed');
    expect(injection.bodies.filter(b => b.kind)).toEqual(
      expect.arrayContaining([expect.objectContaining({ cluster: 'east', revision: 'canary' })]),
    );
  });
});
