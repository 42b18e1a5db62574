import fs from 'node:fs';
import path from 'node:path';
import { servicesPerCluster } from './registryz';

describe('servicesPerCluster', () => {
  it("counts the services of each cluster in istiod's registry (recorded from the fleet's demo mesh)", () => {
    const recorded = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'testdata', 'registryz-demo.json'), 'utf8'));
    // mesh-cp: istiod and kubernetes; east and west: those two plus the shop's six services.
    expect(Object.fromEntries(servicesPerCluster(recorded))).toEqual({ 'mesh-cp': 2, east: 8, west: 8 });
  });

  it('refuses an answer that is not a list of services', () => {
    expect(() => servicesPerCluster({ error: 'nope' })).toThrow('did not answer with a list of services');
  });
});
