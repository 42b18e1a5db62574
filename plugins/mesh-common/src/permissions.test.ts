import { isResourcePermission } from '@backstage/plugin-permission-common';
import * as exported from './permissions';
import { MESH_RESOURCE_TYPE, meshPermissions } from './permissions';

describe('mesh permissions', () => {
  const definedPermissions = Object.values(exported).filter(
    (value): value is (typeof meshPermissions)[number] =>
      typeof value === 'object' && value !== null && 'type' in value && 'name' in value,
  );

  it('lists every defined permission for registration', () => {
    expect(new Set(meshPermissions)).toEqual(new Set(definedPermissions));
  });

  it('gives each permission a unique name under the mesh plugin', () => {
    const names = meshPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^mesh\.[a-z.-]+$/);
    }
  });

  it('covers every planned operation', () => {
    expect(meshPermissions.map(p => p.name).sort()).toEqual(
      [
        'mesh.read',
        'mesh.cluster.read',
        'mesh.create',
        'mesh.delete',
        'mesh.control-plane.install',
        'mesh.control-plane.upgrade',
        'mesh.cluster.join',
        'mesh.cluster.remove',
        'mesh.injection.manage',
        'mesh.policy.traffic.write',
        'mesh.policy.security.write',
        'mesh.gateway.manage',
      ].sort(),
    );
  });

  it('scopes operations on an existing mesh to the mesh resource, so policies can decide per mesh', () => {
    const perMesh = meshPermissions.filter(p => !['mesh.read', 'mesh.cluster.read', 'mesh.create'].includes(p.name));
    for (const permission of perMesh) {
      expect(isResourcePermission(permission, MESH_RESOURCE_TYPE)).toBe(true);
    }
  });

  it('marks writes as non-read actions', () => {
    const reads = meshPermissions.filter(p => p.attributes.action === 'read').map(p => p.name);
    expect(reads.sort()).toEqual(['mesh.cluster.read', 'mesh.read']);
  });
});
