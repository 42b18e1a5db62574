/*
 * Helper of bench/discovery-share (run with `node -r sucrase/register`): what
 * sharing discovery through PostgreSQL costs, with mesh-backend's own lease and
 * snapshot store. One holder writes N clusters of S Services each (the first
 * write after it takes the lease), then one changed cluster; a second replica
 * loads everything (start or takeover), then the one change, and polls the
 * generation as it does every second. Prints one JSON line.
 *
 * Env: DATABASE_URL (a PostgreSQL database it may create tables in), CLUSTERS
 * (200), SERVICES (250 per cluster).
 */
import knexFactory from 'knex';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { buildMeshModel } from '../../plugins/mesh-backend/src/discovery/buildMeshModel';
import { DiscoveryLease } from '../../plugins/mesh-backend/src/discovery/shared/DiscoveryLease';
import {
  SharedSnapshotStore,
  toStoredCluster,
} from '../../plugins/mesh-backend/src/discovery/shared/SharedSnapshotStore';
import type { ClusterSnapshot } from '../../plugins/mesh-backend/src/discovery/types';

const clusters = Number(process.env.CLUSTERS ?? 200);
const services = Number(process.env.SERVICES ?? 250);

/** A cluster as bench/scale's logical clusters look: an istiod and S Services. */
function cluster(i: number, generation: number): ClusterSnapshot {
  const name = `scale-${String(i).padStart(3, '0')}`;
  return {
    status: {
      name,
      url: `https://127.0.0.1:${16452 + (i % 4)}`,
      source: 'config',
      reachability: 'reachable',
      lastSyncAt: new Date(1_800_000_000_000 + generation).toISOString(),
      kubernetesVersion: 'v1.36.3',
    },
    istio: {
      cluster: name,
      role: 'control-plane',
      revisions: [
        {
          revision: 'default',
          namespace: 'bench-scale-1',
          deployment: 'istiod',
          image: 'docker.io/istio/pilot:1.28.0',
          version: '1.28.0',
          replicas: 0,
          readyReplicas: 0,
        },
      ],
      remoteSecrets: [],
      injection: [],
      gateways: [],
      warnings: [],
    },
    services: Array.from({ length: services }, (_, s) => {
      const svc = `svc-${String(s + 1).padStart(4, '0')}`;
      return {
        namespace: `bench-scale-${(s % 5) + 1}`,
        name: svc,
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: svc },
      };
    }),
  };
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, Math.round((performance.now() - start) * 10) / 10];
}

async function main() {
  const knex = knexFactory({
    client: 'pg',
    connection: process.env.DATABASE_URL,
    pool: { min: 0, max: 5 },
  });
  try {
    await knex.migrate.latest({
      directory: path.resolve(__dirname, '../../plugins/mesh-backend/migrations'),
    });
    await knex('meshfleet_discovery_clusters').delete();
    const db = async () => knex;
    const lease = new DiscoveryLease(db, 'bench-holder', 15_000);
    const store = new SharedSnapshotStore(db);
    if (!(await lease.hold())) throw new Error('the bench database has another lease holder');

    const all = Array.from({ length: clusters }, (_, i) =>
      toStoredCluster(cluster(i + 1, 0)),
    );
    const bytes = all.reduce((n, c) => n + JSON.stringify(c.snapshot).length, 0);
    const [, firstWriteMs] = await timed(() => store.write(lease.holder, all, []));

    // The other replica: a full load (its start, or a takeover), then the model.
    const before = await store.generation();
    const heapBefore = process.memoryUsage().heapUsed;
    const [loaded, fullLoadMs] = await timed(() => store.changesSince(-1));
    const [model, modelMs] = await timed(async () =>
      buildMeshModel(
        { takenAt: new Date().toISOString(), clusters: loaded!.changed.map(c => c.snapshot) },
        [],
      ),
    );
    const followerHeapMib =
      Math.round(((process.memoryUsage().heapUsed - heapBefore) / 1048576) * 10) / 10;

    // One cluster changes: the holder writes it, the other replica loads it.
    const [, changeWriteMs] = await timed(() =>
      store.write(lease.holder, [toStoredCluster(cluster(1, 1))], []),
    );
    const [delta, deltaLoadMs] = await timed(() => store.changesSince(before));
    const polls: number[] = [];
    for (let i = 0; i < 20; i++) polls.push((await timed(() => store.generation()))[1]);
    polls.sort((a, b) => a - b);

    console.log(
      JSON.stringify({
        clusters,
        services: clusters * services,
        shared_mib: Math.round((bytes / 1048576) * 10) / 10,
        bytes_per_cluster: Math.round(bytes / clusters),
        first_write_ms: firstWriteMs,
        change_write_ms: changeWriteMs,
        follower_full_load_ms: fullLoadMs,
        follower_model_ms: modelMs,
        follower_heap_mib: followerHeapMib,
        meshes: model.meshes.length,
        follower_change_load_ms: deltaLoadMs,
        change_rows: delta?.changed.length,
        generation_poll_ms: polls[Math.floor(polls.length / 2)],
      }),
    );
    await lease.release();
  } finally {
    await knex.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
