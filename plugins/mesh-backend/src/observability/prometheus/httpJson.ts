import http from 'node:http';
import https from 'node:https';
import { ObservabilityUnavailableError, redactUrl } from '../errors';

/*
 * The one place that speaks HTTP to Prometheus and Grafana: Node's own
 * http/https (a private CA needs `ca` on the TLS connection, which the global
 * fetch cannot take without another dependency), a hard deadline over the
 * whole exchange, a size cap, and errors that name the server without its
 * credentials.
 */

/** How to call one upstream. */
export interface UpstreamTarget {
  backend: 'prometheus' | 'grafana';
  /** Who this is in messages, e.g. "Prometheus of mesh 'demo'". */
  label: string;
  baseUrl: string;
  timeoutMs: number;
  headers: Record<string, string>;
  caData?: string;
}

/** Largest body accepted from an upstream. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** PEM from `caData`, which may be PEM or base64 of PEM (as Kubernetes configs write it). */
export function pemOf(caData: string): string {
  return caData.includes('-----BEGIN') ? caData : Buffer.from(caData, 'base64').toString('utf8');
}

/** Authorization header for a bearer token or basic credentials. */
export function authHeaders(auth: {
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
}): Record<string, string> {
  if (auth.bearerToken) {
    return { authorization: `Bearer ${auth.bearerToken}` };
  }
  if (auth.basicAuth) {
    const raw = `${auth.basicAuth.username}:${auth.basicAuth.password}`;
    return { authorization: `Basic ${Buffer.from(raw, 'utf8').toString('base64')}` };
  }
  return {};
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

function describeNetworkError(error: NodeJS.ErrnoException): string {
  if (error.code && UNREACHABLE_CODES.has(error.code)) {
    return error.code;
  }
  // TLS verification failures carry codes such as UNABLE_TO_VERIFY_LEAF_SIGNATURE.
  return error.code ? `${error.code}` : error.message;
}

/** Sends a request and parses a JSON answer; rejects with ObservabilityUnavailableError. */
export function requestJson(
  target: UpstreamTarget,
  path: string,
  options: { method?: 'GET' | 'POST'; form?: Record<string, string>; query?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown }> {
  const url = new URL(target.baseUrl + path);
  for (const [k, v] of Object.entries(options.query ?? {})) {
    url.searchParams.set(k, v);
  }
  const where = `${target.label} at ${redactUrl(target.baseUrl)}`;
  const payload = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const fail = (reason: 'unreachable' | 'timeout' | 'error' | 'bad-response', detail: string) =>
    new ObservabilityUnavailableError(target.backend, reason, `${where}: ${detail}`);

  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    let settled = false;
    const timer: { deadline?: NodeJS.Timeout } = {};
    const done = (fn: () => void) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer.deadline);
        fn();
      }
    };
    const req = lib.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...target.headers,
          ...(payload
            ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
        ...(url.protocol === 'https:' && target.caData ? { ca: pemOf(target.caData) } : {}),
      },
      res => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            req.destroy();
            done(() => reject(fail('bad-response', `answer larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`)));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', err => done(() => reject(fail('unreachable', `connection broke: ${describeNetworkError(err)}`))));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            const status = res.statusCode ?? 0;
            done(() =>
              reject(
                status >= 400
                  ? fail('error', `HTTP ${status} ${res.statusMessage ?? ''}`.trim())
                  : fail('bad-response', `HTTP ${status} with a body that is not JSON`),
              ),
            );
            return;
          }
          done(() => resolve({ status: res.statusCode ?? 0, body }));
        });
      },
    );
    timer.deadline = setTimeout(() => {
      req.destroy();
      done(() => reject(fail('timeout', `no answer within ${target.timeoutMs} ms (the configured timeout)`)));
    }, target.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) =>
      done(() => reject(fail('unreachable', `cannot connect (${describeNetworkError(err)})`))),
    );
    if (payload) {
      req.write(payload);
    }
    req.end();
  });
}
