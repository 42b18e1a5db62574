import {
  AUTHORIZATION_ACTIONS,
  buildAuthorization,
  parseAuthorization,
} from './builders/authorization';
import { buildCanary, parseCanary } from './builders/canary';
import {
  buildCircuitBreaking,
  parseCircuitBreaking,
} from './builders/circuitBreaking';
import {
  buildConnectionPool,
  parseConnectionPool,
} from './builders/connectionPool';
import {
  buildFaultInjection,
  parseFaultInjection,
} from './builders/faultInjection';
import {
  buildHeaderRouting,
  parseHeaderRouting,
} from './builders/headerRouting';
import { buildJwt, parseJwt } from './builders/jwt';
import {
  buildLoadBalancing,
  LOAD_BALANCING_ALGORITHMS,
  parseLoadBalancing,
} from './builders/loadBalancing';
import { buildMtls, MTLS_MODES, MTLS_SCOPES, parseMtls } from './builders/mtls';
import { buildRetries, parseRetries } from './builders/retries';
import type {
  BuildContext,
  Parsed,
  PolicyObject,
  RawValues,
} from './builders/types';

/** One input of a policy form. */
export interface PolicyFormField {
  key: string;
  label: string;
  /** What to type, shown under the field until it has an error. */
  help: string;
  /** A select of fixed choices instead of a text field. */
  choices?: readonly string[];
}

/**
 * A form for one common case: its fields with their starting values, how its
 * values are read (each wrong field named with what is expected) and the Istio
 * objects they make for a service.
 */
export interface PolicyFormDefinition {
  id: string;
  title: string;
  description: string;
  fields: PolicyFormField[];
  defaults: RawValues;
  /** The Istio objects for the values, or the errors per field. */
  build(
    raw: RawValues,
    ctx: BuildContext,
  ):
    | { objects: PolicyObject[]; errors?: undefined }
    | { objects?: undefined; errors: Record<string, string> };
}

function definition<T>(
  d: Omit<PolicyFormDefinition, 'build'> & {
    parse(raw: RawValues): Parsed<T>;
    make(values: T, ctx: BuildContext): PolicyObject[];
  },
): PolicyFormDefinition {
  const { parse, make, ...rest } = d;
  return {
    ...rest,
    build: (raw, ctx) => {
      const parsed = parse(raw);
      return parsed.errors
        ? { errors: parsed.errors }
        : { objects: make(parsed.values, ctx) };
    },
  };
}

const VERSION_LABEL: PolicyFormField = {
  key: 'versionLabel',
  label: 'Version label',
  help: 'The pod label that tells versions apart',
};

/** Every policy form, Canary release first (the tab's buttons in this order). */
export const POLICY_FORMS: PolicyFormDefinition[] = [
  definition({
    id: 'canary',
    title: 'Canary release',
    description:
      'Send a share of the traffic to a new version (DestinationRule subsets and a weighted VirtualService route).',
    fields: [
      VERSION_LABEL,
      {
        key: 'stableVersion',
        label: 'Stable version',
        help: 'Value of the version label of the current pods, e.g. v1',
      },
      {
        key: 'canaryVersion',
        label: 'Canary version',
        help: 'Value of the version label of the new pods, e.g. v2',
      },
      {
        key: 'canaryWeight',
        label: 'Canary weight (%)',
        help: 'Share of requests to the canary, 0 to 100; the stable version gets the rest',
      },
    ],
    defaults: {
      versionLabel: 'version',
      stableVersion: 'v1',
      canaryVersion: 'v2',
      canaryWeight: '10',
    },
    parse: parseCanary,
    make: buildCanary,
  }),
  definition({
    id: 'retries',
    title: 'Retries and timeouts',
    description:
      'Retry failed requests and bound how long a request may take (on every HTTP route of the VirtualService).',
    fields: [
      {
        key: 'attempts',
        label: 'Attempts',
        help: 'Retries per request, 0 to 10 (0 turns retries off)',
      },
      {
        key: 'perTryTimeout',
        label: 'Timeout per attempt',
        help: 'e.g. 2s; blank: the request timeout applies',
      },
      {
        key: 'retryOn',
        label: 'Retry on',
        help: "Envoy's retry conditions, comma-separated",
      },
      {
        key: 'timeout',
        label: 'Request timeout',
        help: 'e.g. 10s, retries included; blank: none',
      },
    ],
    defaults: {
      attempts: '3',
      perTryTimeout: '2s',
      retryOn: '5xx,reset,connect-failure,retriable-4xx',
      timeout: '10s',
    },
    parse: parseRetries,
    make: buildRetries,
  }),
  definition({
    id: 'fault-injection',
    title: 'Fault injection',
    description:
      'Delay or abort a share of the requests to test how callers cope (on every HTTP route of the VirtualService).',
    fields: [
      {
        key: 'delayPercent',
        label: 'Delayed requests (%)',
        help: '0 to 100; 0: no delay',
      },
      { key: 'fixedDelay', label: 'Delay', help: 'e.g. 5s' },
      {
        key: 'abortPercent',
        label: 'Aborted requests (%)',
        help: '0 to 100; 0: no abort',
      },
      {
        key: 'httpStatus',
        label: 'Abort status',
        help: 'HTTP status the aborted requests get, e.g. 503',
      },
    ],
    defaults: {
      delayPercent: '10',
      fixedDelay: '5s',
      abortPercent: '0',
      httpStatus: '503',
    },
    parse: parseFaultInjection,
    make: buildFaultInjection,
  }),
  definition({
    id: 'circuit-breaking',
    title: 'Circuit breaking',
    description:
      'Eject endpoints that keep failing from the pool for a while (outlier detection in the DestinationRule).',
    fields: [
      {
        key: 'consecutive5xxErrors',
        label: 'Consecutive 5xx errors',
        help: 'Errors in a row that eject an endpoint',
      },
      {
        key: 'interval',
        label: 'Analysis interval',
        help: 'How often endpoints are checked, e.g. 10s',
      },
      {
        key: 'baseEjectionTime',
        label: 'Ejection time',
        help: 'How long an endpoint stays out (grows with each ejection), e.g. 30s',
      },
      {
        key: 'maxEjectionPercent',
        label: 'Max ejected (%)',
        help: 'At most this share of endpoints out at once',
      },
    ],
    defaults: {
      consecutive5xxErrors: '5',
      interval: '10s',
      baseEjectionTime: '30s',
      maxEjectionPercent: '50',
    },
    parse: parseCircuitBreaking,
    make: buildCircuitBreaking,
  }),
  definition({
    id: 'connection-pool',
    title: 'Connection pool',
    description:
      "Limit the connections and requests each caller's sidecar opens to the service (blank: no limit).",
    fields: [
      {
        key: 'maxConnections',
        label: 'Max TCP connections',
        help: 'Per caller sidecar',
      },
      { key: 'connectTimeout', label: 'Connect timeout', help: 'e.g. 1s' },
      {
        key: 'http1MaxPendingRequests',
        label: 'Max pending HTTP requests',
        help: 'Queued while waiting for a connection',
      },
      {
        key: 'http2MaxRequests',
        label: 'Max concurrent HTTP requests',
        help: 'In flight at once',
      },
      {
        key: 'maxRequestsPerConnection',
        label: 'Max requests per connection',
        help: '1 turns keep-alive off',
      },
    ],
    defaults: {
      maxConnections: '100',
      connectTimeout: '1s',
      http1MaxPendingRequests: '100',
      http2MaxRequests: '1000',
      maxRequestsPerConnection: '',
    },
    parse: parseConnectionPool,
    make: buildConnectionPool,
  }),
  definition({
    id: 'load-balancing',
    title: 'Load balancing',
    description:
      "How callers' sidecars spread requests over the service's endpoints.",
    fields: [
      {
        key: 'algorithm',
        label: 'Algorithm',
        help: 'CONSISTENT_HASH keeps a caller on one endpoint by a header',
        choices: LOAD_BALANCING_ALGORITHMS,
      },
      {
        key: 'hashHeader',
        label: 'Hash header',
        help: 'For CONSISTENT_HASH: the header that picks the endpoint, e.g. x-user-id',
      },
    ],
    defaults: { algorithm: 'LEAST_REQUEST', hashHeader: '' },
    parse: parseLoadBalancing,
    make: buildLoadBalancing,
  }),
  definition({
    id: 'header-routing',
    title: 'Header-based routing',
    description:
      'Send requests carrying a header value to one version; the others keep their routes.',
    fields: [
      {
        key: 'header',
        label: 'Header',
        help: 'Lowercase header name, e.g. x-canary',
      },
      { key: 'value', label: 'Header value', help: 'Exact value to match' },
      VERSION_LABEL,
      {
        key: 'version',
        label: 'Version',
        help: 'Value of the version label of the pods that get these requests',
      },
    ],
    defaults: {
      header: 'x-canary',
      value: 'true',
      versionLabel: 'version',
      version: 'v2',
    },
    parse: parseHeaderRouting,
    make: buildHeaderRouting,
  }),
  definition({
    id: 'mtls',
    title: 'mTLS mode',
    description:
      'Whether workloads accept plain-text traffic (PeerAuthentication).',
    fields: [
      {
        key: 'scope',
        label: 'Applies to',
        help: "This service's pods, its namespace, or the whole mesh (root namespace istio-system)",
        choices: MTLS_SCOPES,
      },
      {
        key: 'mode',
        label: 'Mode',
        help: 'STRICT refuses callers without a sidecar',
        choices: MTLS_MODES,
      },
    ],
    defaults: { scope: 'service', mode: 'STRICT' },
    parse: parseMtls,
    make: buildMtls,
  }),
  definition({
    id: 'authorization',
    title: 'Allow or deny callers',
    description:
      "Who may (ALLOW) or may not (DENY) call the service's pods (AuthorizationPolicy). Every condition given must match.",
    fields: [
      {
        key: 'action',
        label: 'Action',
        help: 'ALLOW: only matching requests get in (once any ALLOW policy exists); DENY: matching ones are refused',
        choices: AUTHORIZATION_ACTIONS,
      },
      {
        key: 'namespaces',
        label: 'From namespaces',
        help: 'Comma-separated, e.g. shop,payments',
      },
      {
        key: 'principals',
        label: 'From principals',
        help: 'Comma-separated, e.g. cluster.local/ns/shop/sa/frontend',
      },
      {
        key: 'methods',
        label: 'Methods',
        help: 'Comma-separated, e.g. GET,POST',
      },
      { key: 'paths', label: 'Paths', help: 'Comma-separated, e.g. /api/*' },
    ],
    defaults: {
      action: 'ALLOW',
      namespaces: '',
      principals: '',
      methods: '',
      paths: '',
    },
    parse: parseAuthorization,
    make: buildAuthorization,
  }),
  definition({
    id: 'jwt',
    title: 'Require a JWT',
    description:
      'Requests must carry a valid token from the issuer (RequestAuthentication, and an AuthorizationPolicy denying requests without one).',
    fields: [
      { key: 'issuer', label: 'Issuer', help: "The token's iss claim" },
      {
        key: 'jwksUri',
        label: 'JWKS URL',
        help: "https:// URL of the issuer's public keys",
      },
      {
        key: 'audiences',
        label: 'Audiences',
        help: 'Comma-separated aud values; blank: any',
      },
    ],
    defaults: { issuer: '', jwksUri: '', audiences: '' },
    parse: parseJwt,
    make: buildJwt,
  }),
];

/** The form of an id, or undefined. */
export function policyFormById(id: string): PolicyFormDefinition | undefined {
  return POLICY_FORMS.find(f => f.id === id);
}
