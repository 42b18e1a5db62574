import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { MeshDetail, MeshDetailResponse, MeshRecord, meshReadPermission } from '@meshfleet/plugin-mesh-common';
import { MeshStore } from '../database/MeshStore';
import { MeshModelSource } from '../model/MeshModelSource';
import { MeshAuthorizer } from '../permissions/MeshAuthorizer';
import { meshViewResource } from '../permissions/meshResource';
import { withOwner } from './views';

/**
 * Reads meshes as a caller may see them: the `mesh.read` decision (one
 * conditional decision per call, applied in memory to every mesh) used by
 * `GET /meshes`, `GET /meshes/{meshId}`, the observability routes and actions,
 * and `GET /component-services`, so they all hide the same meshes.
 */
export class MeshReader {
  constructor(
    private readonly authorizer: MeshAuthorizer,
    private readonly model: MeshModelSource,
    private readonly store: Pick<MeshStore, 'listMeshes'>,
  ) {}

  /** The merged meshes, each with its stored owner, and the stored records by id. */
  async readMeshes(): Promise<{ meshes: MeshDetail[]; records: Map<string, MeshRecord> }> {
    const [{ meshes }, records] = await Promise.all([this.model.getModel(), this.store.listMeshes()]);
    const byId = new Map(records.map(r => [r.id, r]));
    return { meshes: meshes.map(m => withOwner(m, byId.get(m.id))), records: byId };
  }

  /** Every mesh these credentials may read; none when the policy denies `mesh.read` outright. */
  async readableMeshes(credentials: BackstageCredentials): Promise<MeshDetail[]> {
    const decision = await this.authorizer.decide(meshReadPermission, credentials);
    if (!decision.anyAllowed) {
      return [];
    }
    const { meshes } = await this.readMeshes();
    return meshes.filter(m => decision.allows(meshViewResource(m)));
  }

  /**
   * One mesh with its stored record (for a managed mesh) when these
   * credentials may read it. A mesh the caller may not read is answered as
   * absent (NotFoundError), as the catalog does for entities.
   */
  async readableMesh(credentials: BackstageCredentials, meshId: string): Promise<MeshDetailResponse> {
    const decision = await this.authorizer.decide(meshReadPermission, credentials);
    const { meshes, records } = decision.anyAllowed ? await this.readMeshes() : { meshes: [], records: new Map() };
    const mesh = meshes.find(m => m.id === meshId);
    if (!mesh || !decision.allows(meshViewResource(mesh))) {
      throw new NotFoundError(`No mesh with id '${meshId}'`);
    }
    const registration = records.get(meshId);
    return registration ? { ...mesh, registration } : mesh;
  }
}
