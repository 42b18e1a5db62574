import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { kubernetesAuthStrategyExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { defaultAuthStrategies } from './defaultStrategies';
import { MESHFLEET_AUTH_PROVIDER, MeshfleetClusterStrategy } from './MeshfleetClusterStrategy';

/**
 * Adds the `meshfleet` auth provider to the Kubernetes plugin: credentials of
 * the cluster entities Meshfleet emits, read from `meshfleet.clusters`. Adds
 * the plugin's default providers again too (see {@link defaultAuthStrategies}).
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
        logger: coreServices.logger,
      },
      async init({ authStrategies, config, logger }) {
        for (const [provider, strategy] of Object.entries(defaultAuthStrategies({ config, logger }))) {
          authStrategies.addAuthStrategy(provider, strategy);
        }
        authStrategies.addAuthStrategy(MESHFLEET_AUTH_PROVIDER, MeshfleetClusterStrategy.fromConfig(config));
      },
    });
  },
});
