import { isResourcePermission } from '@backstage/plugin-permission-common';
import * as exported from './permissions';
import { MESH_RESOURCE_TYPE, meshPermissions } from './permissions';

describe('mesh permissions', () => {
  const definedPermissions = Object.values(exported).filter(
    (value): value is (typeof meshPermissions)[number] =>
      typeof value === 'object' && value !== null && 'type' in value && 'name' in value,
  );

  it('lists every defined permission for registration, so none is missing from the permission framework', () => {
    expect(new Set(meshPermissions)).toEqual(new Set(definedPermissions));
  });

  it('gives each permission a unique name under the mesh plugin', () => {
    const names = meshPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^mesh\.[a-z.-]+$/);
    }
  });

  it('decides per mesh on everything but creating a mesh and reading the cluster list', () => {
    const basic = meshPermissions.filter(p => !isResourcePermission(p, MESH_RESOURCE_TYPE)).map(p => p.name);
    expect(basic.sort()).toEqual(['mesh.cluster.read', 'mesh.create']);
  });

  it('marks only the two reads as read actions, so read-only policies cannot let a write through', () => {
    const reads = meshPermissions.filter(p => p.attributes.action === 'read').map(p => p.name);
    expect(reads.sort()).toEqual(['mesh.cluster.read', 'mesh.read']);
  });
});
