import { ConfigReader } from '@backstage/config';
import { ensureFleet, FleetEnv } from '@meshfleet/fleet';
import { MeshDetail } from '@meshfleet/plugin-mesh-common';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { XdsProxy } from './__testUtils__/xdsProxy';
import { readObservabilityConfig } from './config';
import { ControlPlaneHealth } from './controlPlane/controlPlaneHealth';
import { ObservabilityService } from './ObservabilityService';
import { eventually } from './__testUtils__/eventually';

/*
 * Control-plane health of the demo mesh from the fleet's real Prometheus,
 * which scrapes the real istiod in mesh-cp (job "istiod", labelled app and
 * istio_io_rev as Istio's Prometheus config labels it). No Envoy runs in the
 * fleet, so this test connects one stand-in sidecar over xDS
 * (__testUtils__/xdsProxy) for its duration: istiod itself counts the
 * connection and its pushes, Prometheus scrapes them, the backend reads them.
 * The fleet's traffic simulator holds an xDS stream per simulated sidecar as
 * well, so the figures can be there before the stand-in is answered: the test
 * waits for both.
 */

jest.setTimeout(180_000);

const exec = promisify(execFile);
const CONTROL_PLANE = 'mesh-cp';
/** istiod's plaintext xDS port. */
const XDS_PORT = 15010;
const CDS = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
const EDS = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment';

interface Fleet extends FleetEnv {
  prometheusUrl: string;
}

interface IstiodPod {
  name: string;
  revision: string;
  /** Where the fleet runs the pod's process: pod IP 10.a.b.c becomes 127.a.b.c. */
  loopback: string;
  version: string;
}

let fleet: Fleet;

async function istiodPods(): Promise<IstiodPod[]> {
  const kubeconfig = fleet.clusters.find(
    c => c.name === CONTROL_PLANE,
  )!.adminKubeconfig;
  const { stdout } = await exec(
    'kubectl',
    [
      '--kubeconfig',
      kubeconfig,
      'get',
      'pods',
      '-n',
      'istio-system',
      '-l',
      'app=istiod',
      '-o',
      'json',
    ],
    { timeout: 60_000 },
  );
  const pods = JSON.parse(stdout).items as Array<{
    metadata: { name: string; labels: Record<string, string> };
    status: { podIP?: string; phase: string };
  }>;
  return pods
    .filter(p => p.status.phase === 'Running' && p.status.podIP)
    .map(p => ({
      name: p.metadata.name,
      revision: p.metadata.labels['istio.io/rev'] || 'default',
      loopback: `127.${p.status.podIP!.split('.').slice(1).join('.')}`,
      version: p.metadata.labels['app.kubernetes.io/version'] ?? 'unknown',
    }));
}

function observability() {
  return new ObservabilityService(
    readObservabilityConfig(
      new ConfigReader({
        meshfleet: {
          prometheus: { url: fleet.prometheusUrl },
          observability: {
            cacheTtl: { milliseconds: 0 },
            limits: { minWindow: '10s' },
            // The fleet's one Prometheus also scrapes the istiods other tests
            // install in member clusters, each series labelled with its cluster
            // (as `fleet env` configures it): only mesh-cp's counts for the demo mesh.
            controlPlane: { clusterLabel: 'cluster' },
          },
        },
      }),
    ),
  );
}

describe('control-plane health of the demo mesh from the fleet’s Prometheus', () => {
  let proxy: XdsProxy | undefined;

  beforeAll(async () => {
    fleet = (await ensureFleet({ clusters: 3 })) as Fleet;
  });

  afterAll(() => {
    proxy?.close();
  });

  it('shows the real istiod’s revision with its connected proxies and push rate', async () => {
    const pods = await istiodPods();
    expect(pods).toHaveLength(1); // the demo runs one istiod, revision default
    const [istiod] = pods;
    proxy = new XdsProxy(`http://${istiod.loopback}:${XDS_PORT}`, {
      ip: '10.100.250.1', // in mesh-cp's pod network, held by no pod
      name: 'control-plane-health-it',
      namespace: 'default',
      clusterId: CONTROL_PLANE,
      istioVersion: istiod.version,
    });
    const mesh = { id: 'demo', controlPlaneCluster: CONTROL_PLANE, revisions: [istiod.revision] } as MeshDetail;
    const service = observability();
    const revisionOf = (health: ControlPlaneHealth) =>
      health.revisions.find(r => r.revision === istiod.revision);

    const health = await eventually(
      () => service.controlPlaneHealth(mesh, { window: '30s' }),
      h => {
        const figures = revisionOf(h)?.figures;
        if (proxy?.failure) {
          throw proxy.failure;
        }
        if (!figures || !figures.connectedProxies || !figures.pushRate) {
          return `revision ${istiod.revision}: ${JSON.stringify(figures)}`;
        }
        // The fleet's simulated sidecars (trafficsim's xDS streams) satisfy the figures above
        // at once; the stand-in's own subscriptions are answered when istiod gets to them.
        if (!proxy?.received.get(CDS) || !proxy?.received.get(EDS)) {
          return `the stand-in proxy has no CDS and EDS answer yet: ${JSON.stringify(Object.fromEntries(proxy?.received ?? []))}`;
        }
        return undefined;
      },
      90_000,
    );

    const revision = revisionOf(health)!;
    expect(health.revisions.map(r => r.revision)).toEqual([istiod.revision]);
    expect(revision.figures.instances).toBe(1);
    expect(revision.figures.connectedProxies).toBeGreaterThanOrEqual(1);
    expect(revision.figures.pushRate).toBeGreaterThan(0);
    expect(revision.figures.pushErrorRate).toBe(0);
    expect(revision.health.status).not.toBe('unknown');
    // istiod answered the stand-in's subscriptions: the pushes are real.
    expect(proxy.received.get(CDS)).toBeGreaterThanOrEqual(1);
    expect(proxy.received.get(EDS)).toBeGreaterThanOrEqual(1);
  });
});
