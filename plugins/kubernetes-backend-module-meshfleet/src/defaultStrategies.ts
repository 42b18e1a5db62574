import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  AksStrategy,
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  GoogleServiceAccountStrategy,
  GoogleStrategy,
  OidcStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';

/**
 * The Kubernetes plugin's own strategies, keyed and built as its default map
 * builds them (which it does not export). Once any module adds a strategy
 * through `kubernetesAuthStrategyExtensionPoint`, the plugin uses only the
 * added ones, so a module that adds one must add these too, or every
 * `serviceAccount`, `oidc`, ... cluster stops working.
 */
export function defaultAuthStrategies(options: { config: Config; logger: LoggerService }): Record<string, AuthenticationStrategy> {
  const { config, logger } = options;
  return {
    aks: new AksStrategy(),
    aws: new AwsIamStrategy({ config }),
    azure: new AzureIdentityStrategy(logger),
    google: new GoogleStrategy(),
    googleServiceAccount: new GoogleServiceAccountStrategy({ config }),
    localKubectlProxy: new AnonymousStrategy(),
    oidc: new OidcStrategy(),
    serviceAccount: new ServiceAccountStrategy(),
  };
}
