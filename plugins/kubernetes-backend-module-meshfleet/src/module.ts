import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { kubernetesAuthStrategyExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { MESHFLEET_AUTH_PROVIDER, MeshfleetClusterStrategy } from './MeshfleetClusterStrategy';

/**
 * Adds the `meshfleet` auth provider to the Kubernetes plugin: credentials of
 * the cluster entities Meshfleet emits, read from `meshfleet.clusters`.
 *
 * @public
 */
export const kubernetesModuleMeshfleet = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'meshfleet',
  register(reg) {
    reg.registerInit({
      deps: {
        authStrategies: kubernetesAuthStrategyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ authStrategies, config }) {
        authStrategies.addAuthStrategy(MESHFLEET_AUTH_PROVIDER, MeshfleetClusterStrategy.fromConfig(config));
      },
    });
  },
});
