import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { BackendFeature, createBackendModule, DiscoveryService } from '@backstage/backend-plugin-api';
// The catalog module's tests run the real mesh backend; only tests import it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import meshBackend from '@meshfleet/plugin-mesh-backend';
import { ClusterView, MeshClient, MeshRecord, MeshRegistrationRequest } from '@meshfleet/plugin-mesh-common';
import { meshClusterSupplierExtensionPoint } from '@meshfleet/plugin-mesh-node';
import { Server } from 'node:http';
import { createServer } from 'node:net';

/** The source name of the clusters {@link unreachableClusters} supplies. */
export const TEST_CLUSTER_SOURCE = 'test-fleet';

/**
 * A mesh backend module that adds clusters through the public
 * `mesh.cluster-supplier` extension point. They point at a closed local port,
 * so discovery lists them at once and finds them unreachable: enough for
 * meshes to be registered on them and for the model to have clusters.
 */
export function unreachableClusters(names: string[]) {
  return createBackendModule({
    pluginId: 'mesh',
    moduleId: 'test-unreachable-clusters',
    register(reg) {
      reg.registerInit({
        deps: { suppliers: meshClusterSupplierExtensionPoint },
        async init({ suppliers }) {
          suppliers.addClusterSupplier({
            name: TEST_CLUSTER_SOURCE,
            getClusters: async () =>
              names.map(name => ({ name, url: 'https://127.0.0.1:9', authProvider: 'anonymous', source: TEST_CLUSTER_SOURCE })),
          });
        },
      });
    },
  });
}

/** A hosted mesh to register: control plane first, then members, each on a network of its own. */
export function hostedMesh(id: string, controlPlane: string, members: string[] = []): MeshRegistrationRequest {
  return {
    id,
    title: `Mesh ${id}`,
    type: 'hosted',
    controlPlaneCluster: controlPlane,
    controlPlaneNetwork: `net-${controlPlane}`,
    members: members.map(cluster => ({ cluster, network: `net-${cluster}` })),
    revision: 'default',
    trustDomain: 'cluster.local',
    owner: 'group:default/shop-team',
  };
}

/**
 * The real mesh backend plugin in a test backend of its own, with the given
 * clusters (unreachable), as the catalog module reaches it over HTTP.
 */
export class TestMeshBackend {
  /** The mesh backend's API, e.g. `http://localhost:<port>/api/mesh`. */
  readonly baseUrl: string;
  /** Discovery for the catalog module's side: `mesh` resolves to {@link TestMeshBackend.baseUrl} while up. */
  readonly discovery: DiscoveryService;
  private down: string | undefined;
  private readonly client: MeshClient;

  /**
   * Starts the backend with the given clusters; `features` go into the same
   * test backend (e.g. the catalog and this module, which then reach the mesh
   * backend through the test backend's own discovery).
   */
  static async start(clusters: string[], features: BackendFeature[] = []): Promise<TestMeshBackend> {
    const { server } = await startTestBackend({ features: [meshBackend, unreachableClusters(clusters), ...features] });
    const { port } = server.address() as { port: number };
    const backend = new TestMeshBackend(server, `http://localhost:${port}/api/mesh`);
    await backend.waitForClusters(all => clusters.every(name => all.some(c => c.name === name && c.unreachableSince)));
    return backend;
  }

  private constructor(readonly server: Server, baseUrl: string) {
    this.baseUrl = baseUrl;
    this.discovery = mockServices.discovery.mock({
      getBaseUrl: async () => this.down ?? this.baseUrl,
      getExternalBaseUrl: async () => this.baseUrl,
    });
    this.client = new MeshClient({ discoveryApi: { getBaseUrl: async () => this.baseUrl } });
  }

  /** Registers a mesh through the API, as a user would. */
  register(mesh: MeshRegistrationRequest): Promise<MeshRecord> {
    return this.client.registerMesh(mesh, { token: mockCredentials.user.token() });
  }

  /** Deletes a registered mesh through the API. */
  async unregister(meshId: string): Promise<void> {
    const token = mockCredentials.user.token();
    const { registration } = await this.client.getMesh(meshId, { token });
    await this.client.deleteMesh(meshId, { token, ifMatch: registration!.version });
  }

  /** Until {@link TestMeshBackend.comeBack}, discovery points the catalog module at a port nothing listens on. */
  async goDown(): Promise<void> {
    this.down = `http://127.0.0.1:${await closedPort()}/api/mesh`;
  }

  comeBack(): void {
    this.down = undefined;
  }

  /** Polls `GET /clusters` until `done` holds: discovery reads clusters after the backend starts. */
  async waitForClusters(done: (clusters: ClusterView[]) => boolean): Promise<ClusterView[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const clusters = await this.client.listClusters({ token: mockCredentials.user.token() });
      if (done(clusters)) {
        return clusters;
      }
      if (Date.now() > deadline) {
        throw new Error(`the mesh backend's clusters did not become as expected; last: ${JSON.stringify(clusters)}`);
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}
