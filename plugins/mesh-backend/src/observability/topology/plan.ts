import { crossBranches, labelReplace, Matcher, oneOf, rateUnion } from '../prometheus/promql';
import { Reporter, TopologyScope } from './types';

/*
 * The topology query plan: a fixed set of Prometheus instant queries for a
 * graph of any scope, whatever the number of namespaces in it (Kiali runs
 * about three per namespace). Scope and reporter become branches of one
 * selector union inside each query; every query aggregates once over that
 * union. Latency is one query of bucket rates per cluster pair: its cost is
 * the bucket series it reads (most of a mesh's series), so they are read once
 * and every quantile of every grouping (cluster pair, edge, service) is
 * computed from the answer in assembly, not by `histogram_quantile` per
 * quantile and grouping. Pure: the golden files in testdata/ pin the text.
 */

/** One query of a plan. */
export interface PlannedQuery {
  id: 'requests' | 'latency-buckets' | 'tcp';
  promql: string;
}

/** What a topology plan needs. */
export interface TopologyPlanInput {
  scope: TopologyScope;
  /** PromQL range, e.g. `5m`. */
  window: string;
  reporter: Reporter;
}

/** The labels that place a request on an edge part (cluster pair, workloads, service). */
export const EDGE_LABELS = [
  'source_cluster',
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'destination_cluster',
  'destination_service_namespace',
  'destination_service_name',
  'destination_workload_namespace',
  'destination_workload',
  'request_protocol',
];

/**
 * Latency per cluster pair: grouped by caller's canonical service, not its
 * workload (see README). The bucket rates are fetched at this grouping; the
 * coarser ones below are sums of its groups.
 */
export const LATENCY_PART_LABELS = [
  'source_cluster',
  'source_workload_namespace',
  'source_canonical_service',
  'destination_cluster',
  'destination_service_namespace',
  'destination_service_name',
  'request_protocol',
];

/** Latency of a whole edge across clusters. */
export const LATENCY_EDGE_LABELS = [
  'source_workload_namespace',
  'source_canonical_service',
  'destination_service_namespace',
  'destination_service_name',
  'request_protocol',
];

/**
 * Latency of everything a service receives, from all callers in all clusters:
 * a node's inbound figures. Quantiles of edges cannot be combined into the
 * service's; their buckets can.
 */
export const LATENCY_SERVICE_LABELS = ['destination_service_namespace', 'destination_service_name'];

/**
 * Which reporter's series a graph reads. `both` (the default) is Kiali's
 * rule: the server's sidecar reports every request that reached it
 * (destination telemetry, which also knows mTLS); the client's sidecar adds
 * only what never reached a server sidecar (`destination_workload="unknown"`:
 * no healthy upstream, a server without sidecar, an external host). No
 * request is counted twice.
 */
export function reporterBranches(reporter: Reporter): Matcher[][] {
  const destination: Matcher[] = [{ label: 'reporter', op: '=', value: 'destination' }];
  const source: Matcher[] = [{ label: 'reporter', op: '=', value: 'source' }];
  switch (reporter) {
    case 'destination':
      return [destination];
    case 'source':
      return [source];
    default:
      return [destination, [...source, { label: 'destination_workload', op: '=', value: 'unknown' }]];
  }
}

/** Source-side or destination-side selectors of a scope; a series in either belongs to the graph. */
export function scopeBranches(scope: TopologyScope): Matcher[][] {
  switch (scope.kind) {
    case 'mesh':
      return [[]];
    case 'namespace':
      return [
        [oneOf('source_workload_namespace', scope.namespaces)],
        [oneOf('destination_service_namespace', scope.namespaces)],
      ];
    default:
      return [
        [
          { label: 'destination_service_namespace', op: '=', value: scope.namespace },
          { label: 'destination_service_name', op: '=', value: scope.service },
        ],
        [
          { label: 'source_workload_namespace', op: '=', value: scope.namespace },
          { label: 'source_canonical_service', op: '=', value: scope.service },
        ],
      ];
  }
}

function by(labels: string[]): string {
  return `by (${labels.join(', ')})`;
}

function requestsQuery(branches: Matcher[][], window: string): string {
  // Response codes become classes before aggregating, so the answer has a
  // handful of series per edge instead of one per status code.
  const withCodeClass = labelReplace(
    // eslint-disable-next-line no-template-curly-in-string
    labelReplace(rateUnion('istio_requests_total', branches, window), 'code_class', '${1}xx', 'response_code', '([0-9]).*'),
    'grpc_class',
    'error',
    'grpc_response_status',
    '([1-9]|1[0-6])',
  );
  const labels = [...EDGE_LABELS, 'reporter', 'connection_security_policy', 'code_class', 'grpc_class'];
  return `sum ${by(labels)} (${withCodeClass}) > 0`;
}

function latencyBucketsQuery(branches: Matcher[][], window: string): string {
  // No `> 0`: an empty bucket still bounds the next one's interpolation.
  return `sum ${by([...LATENCY_PART_LABELS, 'le'])} (${rateUnion('istio_request_duration_milliseconds_bucket', branches, window)})`;
}

function tcpQuery(branches: Matcher[][], window: string): string {
  const direction = (metric: string, name: string) =>
    labelReplace(rateUnion(metric, branches, window), 'direction', name, '', '');
  const labels = [...EDGE_LABELS, 'reporter', 'connection_security_policy', 'direction'];
  return `sum ${by(labels)} (${direction('istio_tcp_sent_bytes_total', 'sent')} or ${direction(
    'istio_tcp_received_bytes_total',
    'received',
  )}) > 0`;
}

/** The plan of one graph: always three instant queries. */
export function planTopology(input: TopologyPlanInput): PlannedQuery[] {
  const branches = crossBranches(reporterBranches(input.reporter), scopeBranches(input.scope));
  return [
    { id: 'requests', promql: requestsQuery(branches, input.window) },
    { id: 'latency-buckets', promql: latencyBucketsQuery(branches, input.window) },
    { id: 'tcp', promql: tcpQuery(branches, input.window) },
  ];
}
