/*
 * Helper of bench/topology (run with `node -r sucrase/register`), running for
 * the whole bench:
 *
 * - The mesh model. The bench backend runs mesh-backend's shared discovery on a
 *   PostgreSQL database of the bench's own; this process holds that database's
 *   discovery lease (renewing it) and writes the snapshots of the five logical
 *   clusters bench-c1..bench-c5 with the simulated mesh's Services, as a lease
 *   holder that had read them would. The backend, a follower, serves them. So
 *   the 1,000 services are mesh services (one graph node each, merged across
 *   clusters) without writing 1,000 Services into any fleet cluster, and
 *   nothing reads or writes a cluster.
 * - A counting proxy in front of the bench's Prometheus: the backend's
 *   meshfleet.prometheus.url points at it, and `GET /__bench/queries` answers
 *   how many queries (`/api/v1/query*`) went through, so the bench counts what
 *   one graph costs from outside the product.
 *
 * Env: DATABASE_URL (the mesh plugin's database), GRAPH (the trafficsim graph
 * file), PROMETHEUS_URL, PROXY_PORT. Prints `ready` when both are in place;
 * on SIGTERM it gives the lease up and exits.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import knexFactory from 'knex';
import { DiscoveryLease } from '../../plugins/mesh-backend/src/discovery/shared/DiscoveryLease';
import {
  SharedSnapshotStore,
  toStoredCluster,
} from '../../plugins/mesh-backend/src/discovery/shared/SharedSnapshotStore';
import type { ClusterSnapshot, DiscoveredService } from '../../plugins/mesh-backend/src/discovery/types';

interface GraphWorkload {
  cluster: string;
  namespace: string;
  service: string;
  app: string;
}

const LEASE_MS = 15_000;
const RENEW_MS = 4_000;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/** One logical cluster: its Services from the graph's workloads; bench-c1 runs the control plane. */
export function clusterSnapshots(workloads: GraphWorkload[]): ClusterSnapshot[] {
  const byCluster = new Map<string, Map<string, DiscoveredService>>();
  for (const w of workloads) {
    const services = byCluster.get(w.cluster) ?? new Map<string, DiscoveredService>();
    byCluster.set(w.cluster, services);
    services.set(`${w.namespace}/${w.service}`, {
      namespace: w.namespace,
      name: w.service,
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      selector: { app: w.app },
    });
  }
  const syncedAt = new Date().toISOString();
  return [...byCluster.keys()].sort().map(name => {
    const services = [...byCluster.get(name)!.values()].sort(
      (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
    );
    const controlPlane = name === 'bench-c1';
    return {
      status: {
        name,
        url: `https://${name}.bench-topology.invalid`,
        source: 'config',
        reachability: 'reachable',
        lastSyncAt: syncedAt,
        kubernetesVersion: 'v1.36.3',
      },
      istio: {
        cluster: name,
        role: controlPlane ? 'control-plane' : 'remote',
        revisions: controlPlane
          ? [
              {
                revision: 'default',
                namespace: 'istio-system',
                deployment: 'istiod',
                image: 'docker.io/istio/pilot:1.28.0',
                version: '1.28.0',
                replicas: 1,
                readyReplicas: 1,
                clusterId: name,
              },
            ]
          : [],
        clusterId: name,
        network: `net-${name}`,
        remoteSecrets: [],
        injection: [...new Set(services.map(s => s.namespace))].map(namespace => ({
          namespace,
          mode: 'enabled' as const,
        })),
        gateways: [],
        warnings: [],
      },
      services,
    };
  });
}

/** Forwards everything to Prometheus and counts the queries. */
function countingProxy(prometheusUrl: string) {
  const target = new URL(prometheusUrl);
  let queries = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/__bench/queries') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ queries }));
      return;
    }
    if (req.url?.startsWith('/api/v1/query')) queries += 1;
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', error => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`bench proxy: ${error.message}`);
    });
    req.pipe(upstream);
  });
  return server;
}

async function main() {
  const graph = JSON.parse(fs.readFileSync(required('GRAPH'), 'utf8')) as { workloads: GraphWorkload[] };
  const knex = knexFactory({ client: 'pg', connection: required('DATABASE_URL'), pool: { min: 0, max: 3 } });
  await knex.migrate.latest({ directory: path.resolve(__dirname, '../../plugins/mesh-backend/migrations') });
  const db = async () => knex;
  const lease = new DiscoveryLease(db, 'bench-topology', LEASE_MS);
  if (!(await lease.hold())) throw new Error('the bench database has another discovery lease holder');
  await new SharedSnapshotStore(db).write(lease.holder, clusterSnapshots(graph.workloads).map(toStoredCluster), []);
  const renew = setInterval(() => {
    lease.hold().then(
      held => held || console.error('topology_fixture: lost the discovery lease'),
      error => console.error(`topology_fixture: renewing the lease failed: ${error}`),
    );
  }, RENEW_MS);

  const proxy = countingProxy(required('PROMETHEUS_URL'));
  await new Promise<void>(resolve => proxy.listen(Number(required('PROXY_PORT')), '127.0.0.1', resolve));
  console.log('ready');

  const stop = async () => {
    clearInterval(renew);
    proxy.close();
    await lease.release().catch(() => undefined);
    await knex.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
