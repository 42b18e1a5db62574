import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

/**
 * A stand-in for Grafana's HTTP API, for the one thing the test bed cannot
 * have (Grafana is AGPL and not in the registries): the Grafana tab's embed
 * URLs. It answers the two calls Meshfleet's backend makes
 * (`GET /api/search?query=<title>&type=dash-db` and
 * `GET /api/dashboards/uid/<uid>`) from Istio's real dashboard files, with
 * the uids Istio's jsonnet expects (md5 of the file name), and serves each
 * dashboard path as a page naming the dashboard and the query it was opened
 * with, embeddable from the test app, so a test sees the URL the iframe loads.
 * The panels the tab draws come from the real Prometheus, not from here.
 */
export class GrafanaStandIn {
  /** Every request path with its query, in order. */
  readonly requests: string[] = [];

  private constructor(
    readonly url: string,
    private readonly server: http.Server,
  ) {}

  static async start(dashboardsDirectory: string, frameAncestors: string): Promise<GrafanaStandIn> {
    const dashboards = fs
      .readdirSync(dashboardsDirectory)
      .filter(f => f.endsWith('.json'))
      .map(file => {
        const json = JSON.parse(fs.readFileSync(path.join(dashboardsDirectory, file), 'utf8'));
        const uid = json.uid ?? createHash('md5').update(file).digest('hex');
        const slug = String(json.title).toLowerCase().replace(/[^a-z0-9]+/g, '-');
        return { uid, title: String(json.title), url: `/d/${uid}/${slug}`, json: { ...json, uid } };
      });
    const port = await freePort();
    const standIn: GrafanaStandIn = new GrafanaStandIn(
      `http://127.0.0.1:${port}`,
      http.createServer((req, res) => standIn.answer(dashboards, frameAncestors, req, res)),
    );
    await new Promise<void>(resolve => standIn.server.listen(port, '127.0.0.1', resolve));
    return standIn;
  }

  private answer(
    dashboards: Array<{ uid: string; title: string; url: string; json: unknown }>,
    frameAncestors: string,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    this.requests.push(`${url.pathname}${url.search}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/api/search') {
      const query = url.searchParams.get('query') ?? '';
      json(200, dashboards.filter(d => d.title === query).map(d => ({ uid: d.uid, title: d.title, url: d.url, type: 'dash-db' })));
      return;
    }
    const byUid = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(url.pathname);
    if (byUid) {
      const hit = dashboards.find(d => d.uid === byUid[1]);
      json(hit ? 200 : 404, hit ? { dashboard: hit.json, meta: { url: hit.url } } : { message: 'Dashboard not found' });
      return;
    }
    const page = dashboards.find(d => url.pathname === d.url);
    if (page) {
      const variables = [...url.searchParams.entries()].map(([k, v]) => `<li>${escape(k)} = ${escape(v)}</li>`).join('');
      res
        .writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': `frame-ancestors ${frameAncestors}`,
        })
        .end(
          `<!doctype html><title>${escape(page.title)}</title><body style="font-family:sans-serif">` +
            `<h1>Grafana stand-in: ${escape(page.title)}</h1><p>Not Grafana: the test bed's stand-in, showing the URL the tab embeds.</p>` +
            `<p id="embedded-url">${escape(`${url.pathname}${url.search}`)}</p><ul>${variables}</ul></body>`,
        );
      return;
    }
    json(404, { message: 'Not found' });
  }

  async stop(): Promise<void> {
    await new Promise(resolve => this.server.close(resolve));
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}
