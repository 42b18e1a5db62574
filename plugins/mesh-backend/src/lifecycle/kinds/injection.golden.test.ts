import fs from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { appliedPart } from './appliedFields';
import { describeChanges, desiredInjection, injectionChanges, InjectionIntent } from './injection';

/*
 * Golden file of what `injection.set` wants for each kind of request, and the
 * changes from typical starting labels, in
 * `src/lifecycle/testdata/injection.yaml`. Regenerate with
 * `UPDATE_GOLDEN=1 yarn backstage-cli package test injection.golden`.
 */

const update = process.env.UPDATE_GOLDEN === '1';
const FILE = path.resolve(__dirname, '..', 'testdata', 'injection.yaml');

const intents: Record<string, InjectionIntent> = {
  'namespace enabled, default revision': { enabled: true },
  'namespace enabled, revision 1-31-0': { enabled: true, revision: '1-31-0' },
  'namespace enabled, tag canary': { enabled: true, tag: 'canary' },
  'namespace disabled': { enabled: false },
  'workload enabled, default revision': { workload: 'reviews-v1', enabled: true },
  'workload enabled, tag canary, resources': {
    workload: 'reviews-v1',
    enabled: true,
    tag: 'canary',
    resources: { cpuRequest: '50m', memoryLimit: '256Mi' },
  },
  'workload disabled': { workload: 'reviews-v1', enabled: false },
};

/** Labels a namespace or pod template may have before. */
const starts: Record<string, Record<string, string>> = {
  'no labels': {},
  'istio-injection=enabled': { 'istio-injection': 'enabled', team: 'shop' },
  'istio.io/rev=1-30-2': { 'istio.io/rev': '1-30-2' },
  'both (istio-injection wins)': { 'istio-injection': 'enabled', 'istio.io/rev': '1-30-2' },
  'sidecar.istio.io/inject=false': { 'sidecar.istio.io/inject': 'false', app: 'reviews' },
};

function golden() {
  return Object.fromEntries(
    Object.entries(intents).map(([name, intent]) => [
      name,
      {
        desired: desiredInjection(intent),
        changes: Object.fromEntries(
          Object.entries(starts).map(([start, labels]) => [start, describeChanges(injectionChanges({ labels }, desiredInjection(intent)))]),
        ),
      },
    ]),
  );
}

describe('desiredInjection', () => {
  it('matches testdata/injection.yaml', () => {
    const text = toYaml(golden(), { sortMapEntries: false, lineWidth: 0 });
    if (update) {
      fs.writeFileSync(FILE, text);
      return;
    }
    if (!fs.existsSync(FILE)) throw new Error(`${FILE} is missing; run with UPDATE_GOLDEN=1 to create it`);
    expect(text).toBe(fs.readFileSync(FILE, 'utf8'));
  });

  it('never leaves both namespace labels on: istio-injection would hide the revision', () => {
    for (const intent of Object.values(intents).filter(i => i.workload === undefined)) {
      const desired = desiredInjection(intent);
      const kept = Object.keys(desired.labels).filter(key => !desired.removeLabels.includes(key));
      expect(kept).toHaveLength(1);
    }
  });

  it('changes nothing the second time', () => {
    for (const intent of Object.values(intents)) {
      const desired = desiredInjection(intent);
      const after = { labels: desired.labels, annotations: desired.annotations };
      expect(describeChanges(injectionChanges(after, desired))).toBe('no change');
    }
  });
});

describe('appliedPart', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'echo',
      namespace: 'shop',
      labels: { team: 'shop' },
      managedFields: [
        {
          manager: 'meshfleet',
          operation: 'Apply',
          apiVersion: 'apps/v1',
          fieldsV1: {
            'f:spec': {
              'f:replicas': {},
              'f:template': {
                'f:metadata': { 'f:labels': { 'f:app': {}, 'f:sidecar.istio.io/inject': {} } },
                'f:spec': { 'f:containers': { 'k:{"name":"echo"}': { '.': {}, 'f:name': {}, 'f:image': {} } } },
              },
            },
          },
        },
        { manager: 'meshfleet', operation: 'Update', apiVersion: 'apps/v1', fieldsV1: { 'f:spec': { 'f:paused': {} } } },
        { manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:team': {} } } } },
      ],
    },
    spec: {
      replicas: 2,
      paused: false,
      template: {
        metadata: { labels: { app: 'echo', 'sidecar.istio.io/inject': 'true', 'pod-template-hash': 'abc' } },
        spec: { containers: [{ name: 'echo', image: 'example/echo:1', imagePullPolicy: 'IfNotPresent' }, { name: 'other', image: 'x' }] },
      },
    },
  };

  it("keeps exactly what the manager applied, not its updates' fields nor other managers'", () => {
    expect(appliedPart(deployment, 'meshfleet')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'echo', namespace: 'shop' },
      spec: {
        replicas: 2,
        template: {
          metadata: { labels: { app: 'echo', 'sidecar.istio.io/inject': 'true' } },
          spec: { containers: [{ name: 'echo', image: 'example/echo:1' }] },
        },
      },
    });
  });

  it('is only the identity of an object the manager never applied', () => {
    expect(appliedPart(deployment, 'someone-else')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'echo', namespace: 'shop' },
    });
  });
});
