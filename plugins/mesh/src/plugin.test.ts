import meshPlugin from './index';
import { meshPlugin as legacyMeshPlugin, MeshesPage } from './legacy';

describe('mesh frontend plugin', () => {
  it('is the mesh plugin on the new frontend system', () => {
    expect(meshPlugin.id).toBe('mesh');
  });

  it('also exports the plugin and its page for legacy apps', () => {
    expect(legacyMeshPlugin.getId()).toBe('mesh');
    expect(MeshesPage).toBeDefined();
  });
});
