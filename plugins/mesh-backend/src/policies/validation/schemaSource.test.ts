import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { POLICY_CRDS } from './schemaSource';
import { fleetCrdFile } from './testing';

describe('POLICY_CRDS', () => {
  it("names a CRD of Istio's base chart for every policy kind (gateways, not gatewaies)", () => {
    const names = new Set(
      parseAllDocuments(fs.readFileSync(fleetCrdFile(), 'utf8'))
        .map(d => d.toJS() as { kind?: string; metadata?: { name?: string } } | null)
        .filter(d => d?.kind === 'CustomResourceDefinition')
        .map(d => d!.metadata!.name),
    );
    expect(POLICY_CRDS.filter(name => !names.has(name))).toEqual([]);
    expect(POLICY_CRDS).toContain('gateways.networking.istio.io');
    expect(POLICY_CRDS).toHaveLength(10);
  });
});
