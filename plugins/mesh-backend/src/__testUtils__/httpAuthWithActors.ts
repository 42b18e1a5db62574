import { coreServices, createServiceFactory, HttpAuthService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

const MOCK_SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * The test backend's httpAuth, except that a plugin's request on behalf of a
 * user is seen as the user with the plugin as actor, as with real Backstage
 * tokens. The real permission backend answers conditional decisions for a
 * user only to a plugin acting for that user, and the mock tokens otherwise
 * lose the actor on the way.
 */
export const httpAuthWithActorsFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    const service = {
      async credentials(req: Parameters<HttpAuthService['credentials']>[0], options?: { allow?: string[] }) {
        const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
        if (token.startsWith(MOCK_SERVICE_TOKEN_PREFIX)) {
          const { obo } = JSON.parse(token.slice(MOCK_SERVICE_TOKEN_PREFIX.length));
          if (obo && (!options?.allow || options.allow.includes('user'))) {
            return mockCredentials.user(obo, { actor: { subject: 'plugin:on-behalf-of-user' } });
          }
        }
        return inner.credentials(req, options as any);
      },
      issueUserCookie: inner.issueUserCookie.bind(inner),
    };
    return service as HttpAuthService;
  },
});
