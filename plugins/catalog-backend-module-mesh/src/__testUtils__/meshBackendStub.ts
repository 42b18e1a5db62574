import { mockServices } from '@backstage/backend-test-utils';
import { DiscoveryService } from '@backstage/backend-plugin-api';
import { ClusterView, MeshDetail } from '@meshfleet/plugin-mesh-common';
import express from 'express';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { MeshModel } from '../translate';

/**
 * A small stand-in for the mesh backend's three read routes, for tests that
 * need HTTP but not the whole backend. It checks the service token the way
 * Backstage's mock auth issues it, and its model can be changed or made to fail.
 */
export class MeshBackendStub {
  model: MeshModel = { clusters: [], meshes: [] };
  /** When set, every route answers this status. */
  failWith: number | undefined;
  readonly requests: string[] = [];
  private server: Server | undefined;

  async start(): Promise<{ baseUrl: string; discovery: DiscoveryService }> {
    const app = express();
    app.use((req, res, next) => {
      this.requests.push(`${req.method} ${req.path}`);
      const header = req.header('authorization') ?? '';
      if (!header.startsWith('Bearer mock-service-token') || !header.includes('"target":"mesh"')) {
        res.status(401).json({ error: { name: 'AuthenticationError', message: 'no service token for mesh' } });
        return;
      }
      if (this.failWith) {
        res.status(this.failWith).json({ error: { name: 'Error', message: `stub told to fail with ${this.failWith}` } });
        return;
      }
      next();
    });
    app.get('/clusters', (_req, res) => {
      res.json(this.model.clusters);
    });
    app.get('/meshes', (_req, res) => {
      res.json(this.model.meshes.map(({ services: _services, ...view }) => view));
    });
    app.get('/meshes/:id', (req, res) => {
      const found = this.model.meshes.find(m => m.id === req.params.id);
      if (found) {
        res.json(found);
      } else {
        res.status(404).json({ error: { name: 'NotFoundError', message: `No mesh with id '${req.params.id}'` } });
      }
    });
    this.server = await new Promise<Server>(resolve => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    const discovery = mockServices.discovery.mock({
      getBaseUrl: async pluginId => {
        if (pluginId !== 'mesh') throw new Error(`unexpected plugin ${pluginId}`);
        return baseUrl;
      },
    });
    return { baseUrl, discovery };
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A reachable cluster with the given name. */
export function cluster(name: string, extra: Partial<ClusterView> = {}): ClusterView {
  return {
    name,
    url: `https://${name}.example:6443`,
    source: 'config',
    reachability: 'reachable',
    istioRole: 'none',
    revisions: [],
    warnings: [],
    ...extra,
  };
}

/** A hosted mesh with its control plane on `controlPlane` and the given members. */
export function mesh(id: string, controlPlane: string, members: string[] = [], extra: Partial<MeshDetail> = {}): MeshDetail {
  return {
    id,
    title: `Mesh ${id}`,
    type: 'hosted',
    managed: true,
    controlPlaneCluster: controlPlane,
    clusters: [
      { cluster: controlPlane, role: 'control-plane', reachability: 'reachable' },
      ...members.map(m => ({ cluster: m, role: 'remote' as const, reachability: 'reachable' as const })),
    ],
    revisions: ['default'],
    istioVersion: '1.31.0',
    trustDomain: 'cluster.local',
    health: 'healthy',
    drift: [],
    warnings: [],
    serviceCount: 0,
    services: [],
    ...extra,
  };
}
