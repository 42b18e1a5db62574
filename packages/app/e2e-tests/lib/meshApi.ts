/**
 * The mesh backend's API as the browser tests' own setup and cleanup use it:
 * signed in as the guest (whom the local permission policy lets do
 * everything), operations started and followed as the portal and the
 * scaffolder actions do (POST /operations, then GET /operations/{id}).
 */

/** What the tests read of a mesh (the API's MeshView). */
export interface MeshSummary {
  id: string;
  managed: boolean;
  controlPlaneCluster: string;
  clusters: Array<{ cluster: string; role: string }>;
}

interface Operation {
  id: string;
  kind: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  error?: unknown;
}

/** How long one operation may take (istiod installs and joins on a loaded machine). */
const OPERATION_TIMEOUT_MS = 8 * 60_000;

export class MeshApi {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** Signs in as the guest at the backend `baseUrl`, as the portal's sign-in does. */
  static async signIn(baseUrl: string): Promise<MeshApi> {
    const response = await fetch(`${baseUrl}/api/auth/guest/refresh`, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    if (!response.ok) {
      throw new Error(`guest sign-in at ${baseUrl} failed: HTTP ${response.status} ${await response.text()}`);
    }
    const body = (await response.json()) as { backstageIdentity: { token: string } };
    return new MeshApi(baseUrl, body.backstageIdentity.token);
  }

  async meshes(): Promise<MeshSummary[]> {
    return this.call('GET', '/meshes');
  }

  /**
   * Removes every managed mesh `select` picks, as a user would: waits for its
   * unfinished operations (an interrupted run's resume), lets each member leave,
   * then deletes the mesh. Converges: a mesh half created or half joined is
   * removed the same way.
   */
  async removeMeshes(select: (mesh: MeshSummary) => boolean): Promise<string[]> {
    const removed = [];
    for (const mesh of (await this.meshes()).filter(m => m.managed && select(m))) {
      await this.waitForUnfinishedOperations(mesh.id);
      for (const member of mesh.clusters.filter(c => c.role === 'remote')) {
        await this.runOperation({ kind: 'cluster.leave', meshId: mesh.id, cluster: member.cluster });
      }
      await this.runOperation({ kind: 'mesh.delete', meshId: mesh.id });
      removed.push(mesh.id);
    }
    return removed;
  }

  /** Starts an operation and waits until it ended; rejects unless it succeeded. */
  async runOperation(request: Record<string, unknown>): Promise<void> {
    const started = await this.call<Operation>('POST', '/operations', request);
    await this.waitForOperation(started.id);
  }

  private async waitForUnfinishedOperations(meshId: string): Promise<void> {
    for (const status of ['pending', 'running']) {
      const unfinished = await this.call<Operation[]>('GET', `/operations?meshId=${encodeURIComponent(meshId)}&status=${status}`);
      for (const operation of unfinished) {
        await this.waitForOperation(operation.id).catch(() => {
          // A failed earlier operation is what the removal that follows cleans up.
        });
      }
    }
  }

  private async waitForOperation(id: string): Promise<void> {
    const deadline = Date.now() + OPERATION_TIMEOUT_MS;
    for (;;) {
      const operation = await this.call<Operation>('GET', `/operations/${id}`);
      if (operation.status === 'succeeded') return;
      if (operation.status === 'failed') {
        throw new Error(`operation ${id} (${operation.kind}) failed: ${JSON.stringify(operation.error)}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`operation ${id} (${operation.kind}) still ${operation.status} after ${OPERATION_TIMEOUT_MS / 60_000} minutes`);
      }
      await new Promise(resolve => setTimeout(resolve, 1_000));
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/mesh${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} /api/mesh${path}: HTTP ${response.status}: ${text}`);
    }
    return JSON.parse(text) as T;
  }
}
