/*
 * A Backstage backend of the mesh plugin alone, for tests and benchmarks that
 * need a real backend process (one they can SIGKILL and start again on the
 * same database): backend-defaults' services (config from --config, the
 * database, auth with the configured external access tokens), the
 * permission backend with a policy that allows every request, and the mesh
 * plugin from this package's sources. Started by backendProcess.ts.
 */
import { createBackend } from '@backstage/backend-defaults';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult, PolicyDecision } from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { meshPlugin } from '../../plugin';

/** Allows everything: the only callers are the test's own (its external access token). */
class AllowAllPolicy implements PermissionPolicy {
  async handle(): Promise<PolicyDecision> {
    return { result: AuthorizeResult.ALLOW };
  }
}

const allowAllPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'meshfleet-test-allow-all',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new AllowAllPolicy());
      },
    });
  },
});

const backend = createBackend();
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(allowAllPolicyModule);
backend.add(meshPlugin);
backend.start();
