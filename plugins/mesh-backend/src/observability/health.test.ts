import { DEFAULT_THRESHOLDS, NO_REQUESTS, RequestCounts, requestHealth } from './health';

const counts = (c: Partial<RequestCounts>): RequestCounts => ({ ...NO_REQUESTS, total: 100, ...c });

describe('requestHealth with Kiali’s default thresholds', () => {
  it.each<[string, Partial<RequestCounts>, string]>([
    ['no errors', {}, 'healthy'],
    ['one 5xx in a thousand', { total: 1000, http5xx: 1 }, 'degraded'],
    ['9.9 % 5xx', { total: 1000, http5xx: 99 }, 'degraded'],
    ['10 % 5xx', { http5xx: 10 }, 'failing'],
    ['no response counted with 5xx', { http5xx: 5, noResponse: 5 }, 'failing'],
    ['9.9 % 4xx', { total: 1000, http4xx: 99 }, 'healthy'],
    ['10 % 4xx', { http4xx: 10 }, 'degraded'],
    ['20 % 4xx', { http4xx: 20 }, 'failing'],
    ['any gRPC error', { total: 1000, grpcError: 1 }, 'degraded'],
    ['10 % gRPC errors', { grpcError: 10 }, 'failing'],
  ])('%s → %s', (_, c, status) => {
    expect(requestHealth(counts(c), DEFAULT_THRESHOLDS).status).toBe(status);
  });

  it('is unknown without traffic and says why', () => {
    expect(requestHealth(NO_REQUESTS, DEFAULT_THRESHOLDS)).toEqual({ status: 'unknown', reason: 'no requests in the window' });
  });

  it('names the class and threshold that decided', () => {
    expect(requestHealth(counts({ http4xx: 25, http5xx: 1 }), DEFAULT_THRESHOLDS).reason).toBe(
      '4xx 25.0 % of requests (failing at >= 20 %)',
    );
  });

  it('follows configured thresholds', () => {
    const lenient = { ...DEFAULT_THRESHOLDS, http5xx: { degraded: 5, failing: 50 } };
    expect(requestHealth(counts({ http5xx: 4 }), lenient).status).toBe('healthy');
    expect(requestHealth(counts({ http5xx: 5 }), lenient).status).toBe('degraded');
  });
});
