import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { AuthorizeResult, createPermission } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  meshClusterReadPermission,
  meshCreatePermission,
  meshReadPermission,
  meshTrafficPolicyWritePermission,
  meshUpdatePermission,
} from '@meshfleet/plugin-mesh-common';
import { MeshfleetLocalPolicy } from './MeshfleetLocalPolicy';

function user(userEntityRef: string, ownershipEntityRefs: string[] = [userEntityRef]): PolicyQueryUser {
  const credentials = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef },
  } as BackstageCredentials;
  return { credentials, info: { userEntityRef, ownershipEntityRefs } };
}

const policy = new MeshfleetLocalPolicy(async u => u.info);
const catalogRead = createPermission({ name: 'catalog.entity.read', attributes: { action: 'read' } });

describe('MeshfleetLocalPolicy', () => {
  it('lets the guest and members of group:default/admins do everything, registering meshes included', async () => {
    for (const admin of [
      user('user:development/guest'),
      user('user:default/guest'),
      user('user:default/alice', ['user:default/alice', 'group:default/admins']),
    ]) {
      expect(await policy.handle({ permission: meshCreatePermission }, admin)).toEqual({ result: AuthorizeResult.ALLOW });
      expect(await policy.handle({ permission: meshUpdatePermission }, admin)).toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('lets others read, refuses them mesh.create, and makes mesh changes conditional on owning the mesh', async () => {
    const bob = user('user:default/bob', ['user:default/bob', 'group:default/payments-team']);
    expect(await policy.handle({ permission: meshReadPermission }, bob)).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await policy.handle({ permission: meshClusterReadPermission }, bob)).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await policy.handle({ permission: meshCreatePermission }, bob)).toEqual({ result: AuthorizeResult.DENY });
    expect(await policy.handle({ permission: meshUpdatePermission }, bob)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'mesh',
      resourceType: 'mesh',
      conditions: {
        rule: 'IS_OWNER',
        resourceType: 'mesh',
        params: { claims: ['user:default/bob', 'group:default/payments-team'] },
      },
    });
  });

  it("lets a service owner write the policies of their Components' namespaces, besides the meshes they own", async () => {
    const bob = user('user:default/bob', ['user:default/bob', 'group:default/payments-team']);
    const claims = ['user:default/bob', 'group:default/payments-team'];
    expect(await policy.handle({ permission: meshTrafficPolicyWritePermission }, bob)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'mesh',
      resourceType: 'mesh',
      conditions: {
        anyOf: [
          { rule: 'IS_OWNER', resourceType: 'mesh', params: { claims } },
          { rule: 'IS_NAMESPACE_SERVICE_OWNER', resourceType: 'mesh', params: { claims } },
        ],
      },
    });
  });

  it('leaves permissions of other plugins allowed, so the rest of Backstage stays usable', async () => {
    expect(await policy.handle({ permission: catalogRead }, user('user:default/bob'))).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
