import type { MeshPolicy } from '@meshfleet/plugin-mesh-common';
import fs from 'node:fs';
import path from 'node:path';
import { policyFormById } from '../forms';
import { matchHost } from './hosts';
import type { BuildContext, RawValues } from './types';

/*
 * Golden files: each case of testdata/cases.json builds its form's objects for
 * shop/catalog, with or without the policies of testdata/existing-policies.json,
 * and is compared with testdata/<name>.golden.json. `UPDATE_GOLDEN=1` rewrites
 * them; their diff is the review of a builder change.
 */

const testdata = path.join(__dirname, 'testdata');
const read = <T>(file: string): T =>
  JSON.parse(fs.readFileSync(path.join(testdata, file), 'utf8'));

const target = {
  namespace: 'shop',
  name: 'catalog',
  hostname: 'catalog.shop.svc.cluster.local',
  selector: { app: 'catalog' },
};
const existing = read<MeshPolicy[]>('existing-policies.json');

function formNamed(id: string) {
  const form = policyFormById(id);
  if (!form) throw new Error(`no form ${id}`);
  return form;
}

describe('policy builders (golden files)', () => {
  const cases =
    read<
      Array<{
        name: string;
        form: string;
        existing: boolean;
        values: RawValues;
      }>
    >('cases.json');

  it.each(cases.map(c => [c.name, c] as const))('%s', (name, c) => {
    const ctx: BuildContext = { target, policies: c.existing ? existing : [] };
    const built = formNamed(c.form).build(c.values, ctx);
    expect(built.errors).toBeUndefined();
    const file = path.join(testdata, `${name}.golden.json`);
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, `${JSON.stringify(built.objects, null, 2)}\n`);
    expect(built.objects).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
  });

  it('never changes the listed policies it merges into', () => {
    const before = JSON.stringify(existing);
    formNamed('canary').build(
      {
        versionLabel: 'version',
        stableVersion: 'v1',
        canaryVersion: 'v2',
        canaryWeight: '50',
      },
      { target, policies: existing },
    );
    expect(JSON.stringify(existing)).toEqual(before);
  });

  it('every form builds from its own defaults (JWT needs an issuer first)', () => {
    for (const id of [
      'canary',
      'retries',
      'fault-injection',
      'circuit-breaking',
      'connection-pool',
      'load-balancing',
      'header-routing',
      'mtls',
    ]) {
      const form = formNamed(id);
      expect([
        id,
        form.build(form.defaults, { target, policies: [] }).errors,
      ]).toEqual([id, undefined]);
    }
  });
});

describe('form values that a builder refuses', () => {
  const cases =
    read<
      Array<{ form: string; values: RawValues; errors: Record<string, string> }>
    >('invalid-cases.json');

  it.each(cases.map((c, i) => [`${c.form} #${i}`, c] as const))(
    '%s names each field and what it expects',
    (_, c) => {
      expect(
        formNamed(c.form).build(c.values, { target, policies: [] }).errors,
      ).toEqual(c.errors);
    },
  );
});

describe('matchHost', () => {
  it.each([
    ['catalog', 'shop', 'exact'],
    ['catalog', 'payments', 'none'],
    ['catalog.shop', 'payments', 'exact'],
    ['catalog.shop.svc', 'payments', 'exact'],
    ['catalog.shop.svc.cluster.local', 'payments', 'exact'],
    ['*.shop.svc.cluster.local', 'payments', 'wildcard'],
    ['*.payments.svc.cluster.local', 'shop', 'none'],
    ['*', 'shop', 'wildcard'],
    ['cart', 'shop', 'none'],
  ])('%s in namespace %s: %s', (host, namespace, expected) => {
    expect(matchHost(host, namespace, target)).toBe(expected);
  });
});
