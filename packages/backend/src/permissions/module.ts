import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MeshfleetLocalPolicy } from './MeshfleetLocalPolicy';

/**
 * Installs {@link MeshfleetLocalPolicy} in the permission backend. For local
 * use: production installs its own policy module instead.
 */
export const meshfleetLocalPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'meshfleet-local-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new MeshfleetLocalPolicy(user => userInfo.getUserInfo(user.credentials)));
      },
    });
  },
});
