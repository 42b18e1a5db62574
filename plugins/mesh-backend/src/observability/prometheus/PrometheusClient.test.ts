import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ObservabilityUnavailableError } from '../errors';
import { PrometheusClient } from './PrometheusClient';

/*
 * Faults of the HTTP exchange, against a local HTTP server standing in for a
 * broken Prometheus (the real one is used by the fleet integration test).
 */

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => {
      body += c;
    });
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const settings = (url: string, extra: object = {}) => ({ url, timeoutMs: 300, scrapeIntervalMs: 15_000, ...extra });

async function failure(promise: Promise<unknown>): Promise<ObservabilityUnavailableError> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(ObservabilityUnavailableError);
  return error;
}

describe('PrometheusClient', () => {
  it('posts the query with credentials and parses vectors (NaN kept as NaN)', async () => {
    let seen: { auth?: string; body: string } = { body: '' };
    const server = await serve((req, body, res) => {
      seen = { auth: req.headers.authorization, body };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { a: '1' }, value: [1, 'NaN'] }, { metric: {}, value: [1, '2.5'] }] } }));
    });
    try {
      const client = new PrometheusClient(settings(server.url, { basicAuth: { username: 'u', password: 'p' } }), "Prometheus of mesh 'demo'");
      const samples = await client.instant('up', 1700000000);
      expect(samples[0].metric).toEqual({ a: '1' });
      expect(samples[0].value).toBeNaN();
      expect(samples[1].value).toBe(2.5);
      expect(seen.auth).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
      expect(new URLSearchParams(seen.body).get('query')).toBe('up');
      expect(client.queryCount).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('says unreachable when nothing listens, without credentials in the message', async () => {
    const server = await serve(() => undefined);
    await server.close();
    const client = new PrometheusClient(
      settings(`${server.url.replace('http://', 'http://user:secret-pw@')}/prom?token=secret-q`, { bearerToken: 'secret-token' }),
      "Prometheus of mesh 'demo'",
    );
    const error = await failure(client.instant('up'));
    expect(error.reason).toBe('unreachable');
    expect(error.message).toMatch(/^Prometheus of mesh 'demo' at http:\/\/127\.0\.0\.1:\d+\/prom: cannot connect \(ECONNREFUSED\)$/);
    expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(/secret/);
  });

  it('gives up after the configured timeout', async () => {
    const server = await serve(() => undefined);
    try {
      const error = await failure(new PrometheusClient(settings(server.url), 'Prometheus').instant('up'));
      expect(error.reason).toBe('timeout');
      expect(error.message).toContain('no answer within 300 ms (the configured timeout)');
    } finally {
      await server.close();
    }
  });

  it('passes on Prometheus’ own error and refuses what is not its API', async () => {
    const server = await serve((req, _body, res) => {
      if (req.url === '/bad/api/v1/query') {
        res.statusCode = 400;
        res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 3' }));
      } else {
        res.end('<html>login</html>');
      }
    });
    try {
      const bad = await failure(new PrometheusClient(settings(`${server.url}/bad`), 'Prometheus').instant('up{'));
      expect(bad.reason).toBe('error');
      expect(bad.message).toContain('answered an error (bad_data: parse error at char 3)');
      const html = await failure(new PrometheusClient(settings(server.url), 'Prometheus').instant('up'));
      expect(html.reason).toBe('bad-response');
    } finally {
      await server.close();
    }
  });
});
