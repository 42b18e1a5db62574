import { CoreV1Api } from '@kubernetes/client-node';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { kubeConfigFor } from './kubeConfig';

/** A public test CA certificate (its key was thrown away). */
const CA_DATA = Buffer.from(
  [
    '-----BEGIN CERTIFICATE-----',
    'MIIBjjCCATOgAwIBAgIUXZjRev/3vLaoKvIB1G78UiO3RYYwCgYIKoZIzj0EAwIw',
    'HDEaMBgGA1UEAwwRbWVzaGZsZWV0LXRlc3QtY2EwHhcNMjYxMjAxMjIxMDExWhcN',
    'MzYxMTI4MjIxMDExWjAcMRowGAYDVQQDDBFtZXNoZmxlZXQtdGVzdC1jYTBZMBMG',
    'ByqGSM49AgEGCCqGSM49AwEHA0IABIGt5TYtrJoxgLTzeQLwI73aDh/ZdRn8Jrnp',
    'mnZs4IMotFrhvcEJErELqFv4ZQLSmu1MPjovg0Xc/exE9QaRNVmjUzBRMB0GA1Ud',
    'DgQWBBSEZPVgzyw+fVnKQdhnEs5icdYj5DAfBgNVHSMEGDAWgBSEZPVgzyw+fVnK',
    'QdhnEs5icdYj5DAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQCP',
    'DLRKMr+o9hrNZm7ex804n95MHB+/Q2JfM3/tjWZGDQIhANTRvRBuAOTcLeBqFkp0',
    'qZePPoPSfwiVAvYvImL7g9L7',
    '-----END CERTIFICATE-----',
  ].join('\n'),
).toString('base64');

describe('kubeConfigFor', () => {
  it('gives every request of one cluster the same agent, with keep-alive', async () => {
    const kc = kubeConfigFor(
      {
        name: 'east',
        url: 'https://east.example:6443',
        authMetadata: {},
        caData: CA_DATA,
      },
      { type: 'bearer token', token: 'not-a-real-token' },
    );
    const first = await kc.applyToFetchOptions({});
    const second = await kc.applyToFetchOptions({});
    expect(first.agent).toBeDefined();
    expect(second.agent).toBe(first.agent);
    expect((first.agent as { keepAlive?: boolean }).keepAlive).toBe(true);
  });

  describe('against a server', () => {
    let server: Server;
    let url: string;
    const connections: unknown[] = [];

    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            kind: 'ServiceList',
            apiVersion: 'v1',
            items: [],
            metadata: {},
          }),
        );
      });
      server.on('connection', c => connections.push(c));
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise(r => server.close(r)));

    it('sends consecutive requests over one connection', async () => {
      const kc = kubeConfigFor(
        { name: 'plain', url, authMetadata: {}, skipTLSVerify: true },
        { type: 'anonymous' },
      );
      const core = kc.makeApiClient(CoreV1Api);
      await core.listServiceForAllNamespaces();
      await core.listServiceForAllNamespaces();
      await core.listServiceForAllNamespaces();
      expect(connections).toHaveLength(1);
    });
  });
});
