import { KubernetesAuthProvidersApi } from '@backstage/plugin-kubernetes-react';
import { MeshfleetKubernetesAuthProviders } from './MeshfleetKubernetesAuthProviders';

describe('MeshfleetKubernetesAuthProviders', () => {
  const body = { entity: { apiVersion: 'v1', kind: 'Component', metadata: { name: 'x' } } };
  const others: jest.Mocked<KubernetesAuthProvidersApi> = {
    decorateRequestBodyForAuth: jest.fn(async (_provider, b) => ({ ...b, auth: { google: 'from-google' } })),
    getCredentials: jest.fn(async (_provider: string) => ({ token: 'from-google' })),
  };
  const providers = new MeshfleetKubernetesAuthProviders(others);

  it('leaves meshfleet clusters to the server: nothing added, no token', async () => {
    await expect(providers.decorateRequestBodyForAuth('meshfleet', body)).resolves.toEqual(body);
    await expect(providers.getCredentials('meshfleet')).resolves.toEqual({});
    expect(others.decorateRequestBodyForAuth).not.toHaveBeenCalled();
  });

  it("hands every other provider to the Kubernetes plugin's own", async () => {
    await expect(providers.decorateRequestBodyForAuth('google', body)).resolves.toEqual({ ...body, auth: { google: 'from-google' } });
    await expect(providers.getCredentials('google')).resolves.toEqual({ token: 'from-google' });
    expect(others.decorateRequestBodyForAuth).toHaveBeenCalledWith('google', body);
  });
});
