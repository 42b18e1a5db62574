import {
  gitlabAuthApiRef,
  googleAuthApiRef,
  microsoftAuthApiRef,
  oktaAuthApiRef,
  oneloginAuthApiRef,
} from '@backstage/core-plugin-api';
import { ApiBlueprint, createFrontendModule } from '@backstage/frontend-plugin-api';
import { KubernetesAuthProviders, kubernetesAuthProvidersApiRef } from '@backstage/plugin-kubernetes-react';
import { MeshfleetKubernetesAuthProviders } from './MeshfleetKubernetesAuthProviders';

/**
 * Replaces the Kubernetes plugin's `api:kubernetes/auth-providers` with the
 * same providers (built as that plugin builds them) plus `meshfleet`.
 */
const authProvidersApi = ApiBlueprint.make({
  name: 'auth-providers',
  params: defineParams =>
    defineParams({
      api: kubernetesAuthProvidersApiRef,
      deps: {
        gitlabAuthApi: gitlabAuthApiRef,
        googleAuthApi: googleAuthApiRef,
        microsoftAuthApi: microsoftAuthApiRef,
        oktaAuthApi: oktaAuthApiRef,
        oneloginAuthApi: oneloginAuthApiRef,
      },
      factory: ({ gitlabAuthApi, googleAuthApi, microsoftAuthApi, oktaAuthApi, oneloginAuthApi }) =>
        new MeshfleetKubernetesAuthProviders(
          new KubernetesAuthProviders({
            microsoftAuthApi,
            googleAuthApi,
            oidcProviders: {
              gitlab: gitlabAuthApi,
              google: googleAuthApi,
              microsoft: microsoftAuthApi,
              okta: oktaAuthApi,
              onelogin: oneloginAuthApi,
            },
          }),
        ),
    }),
});

/**
 * A module of the Kubernetes frontend plugin that makes `meshfleet` a known,
 * server-side auth provider, for the cluster entities Meshfleet emits when the
 * Kubernetes plugin finds clusters through the catalog. Add it to the app's
 * features beside `@backstage/plugin-kubernetes/alpha`.
 *
 * @public
 */
export const meshKubernetesAuthModule = createFrontendModule({
  pluginId: 'kubernetes',
  extensions: [authProvidersApi],
});
