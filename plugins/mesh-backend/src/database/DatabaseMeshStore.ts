import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { MeshRecord } from '@meshfleet/plugin-mesh-common';
import { Knex } from 'knex';
import { isUniqueViolation, MeshVersionConflictError } from './errors';
import { MeshChanges, MeshClusterRow, MeshRow, MeshStore, NewMesh } from './MeshStore';
import { toClusterRows, toMeshInsert, toMeshRecord, toMeshUpdate } from './rows';

const migrationsDir = resolvePackagePath('@meshfleet/plugin-mesh-backend', 'migrations');

const MESHES = 'meshfleet_meshes';
const CLUSTERS = 'meshfleet_mesh_clusters';

/**
 * {@link MeshStore} on the Backstage database (SQLite or PostgreSQL, via knex).
 *
 * @public
 */
export class DatabaseMeshStore implements MeshStore {
  /** Connects and, unless the deployment manages migrations itself, migrates. */
  static async create(options: { database: DatabaseService }): Promise<DatabaseMeshStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseMeshStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async listMeshes(): Promise<MeshRecord[]> {
    const [rows, clusters] = await Promise.all([
      this.db<MeshRow>(MESHES).orderBy('id'),
      this.db<MeshClusterRow>(CLUSTERS),
    ]);
    return rows.map(row => toMeshRecord(row, clusters));
  }

  async getMesh(id: string): Promise<MeshRecord | undefined> {
    return read(this.db, id);
  }

  async createMesh(mesh: NewMesh): Promise<MeshRecord> {
    return this.writing(mesh.id, async tx => {
      if (await tx(MESHES).where({ id: mesh.id }).first()) {
        throw new ConflictError(`A mesh with id '${mesh.id}' already exists`);
      }
      const rows = toClusterRows(mesh.id, mesh.controlPlaneCluster, mesh);
      await assertClustersFree(tx, mesh.id, rows);
      await tx(MESHES).insert(toMeshInsert(mesh));
      await tx(CLUSTERS).insert(rows);
      return mustRead(tx, mesh.id);
    });
  }

  async updateMesh(id: string, expectedVersion: number, changes: MeshChanges): Promise<MeshRecord> {
    return this.writing(id, async tx => {
      const row = await claimVersion(tx, id, expectedVersion, toMeshUpdate(changes));
      await replaceClusters(tx, toClusterRows(id, row.control_plane_cluster, changes));
      return mustRead(tx, id);
    });
  }

  async deleteMesh(id: string, expectedVersion: number): Promise<MeshRecord> {
    return this.writing(id, async tx => {
      // Only the version moves, so what is returned is the record as it was.
      await claimVersion(tx, id, expectedVersion, {});
      const deleted = await mustRead(tx, id);
      await tx(CLUSTERS).where({ mesh_id: id }).delete();
      await tx(MESHES).where({ id }).delete();
      return { ...deleted, version: expectedVersion };
    });
  }

  /**
   * Runs a write in a transaction. The checks inside name what is wrong; a
   * unique violation that slips past them (two writers racing) still ends as
   * a ConflictError, with nothing written.
   */
  private async writing<T>(meshId: string, write: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(write);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `Mesh '${meshId}' was not written: its id or one of its clusters was taken by another mesh at the same moment`,
        );
      }
      throw error;
    }
  }
}

async function read(db: Knex, id: string): Promise<MeshRecord | undefined> {
  const row = await db<MeshRow>(MESHES).where({ id }).first();
  if (!row) {
    return undefined;
  }
  return toMeshRecord(row, await db<MeshClusterRow>(CLUSTERS).where({ mesh_id: id }));
}

async function mustRead(tx: Knex.Transaction, id: string): Promise<MeshRecord> {
  const record = await read(tx, id);
  if (!record) {
    throw new Error(`Mesh '${id}' was written but cannot be read back`);
  }
  return record;
}

/**
 * The optimistic-concurrency check: `UPDATE … SET …, version = version + 1
 * WHERE id = ? AND version = ?`. On PostgreSQL a concurrent writer of the same
 * row waits for this transaction and then matches no row; on SQLite writers
 * are serialised. Either way, zero rows means the caller's version is stale
 * (or the mesh is gone), and exactly one of two racing writers wins.
 */
async function claimVersion(
  tx: Knex.Transaction,
  id: string,
  expectedVersion: number,
  columns: Partial<MeshRow>,
): Promise<MeshRow> {
  const updated = await tx<MeshRow>(MESHES)
    .where({ id, version: expectedVersion })
    .update({
      ...columns,
      ...(Object.keys(columns).length > 0 ? { updated_at: tx.fn.now() } : {}),
      version: tx.raw('?? + 1', ['version']),
    });
  if (updated === 0) {
    const current = await read(tx, id);
    if (!current) {
      throw new NotFoundError(`No managed mesh with id '${id}'`);
    }
    throw new MeshVersionConflictError(current, expectedVersion);
  }
  return (await tx<MeshRow>(MESHES).where({ id }).first())!;
}

/** Makes the mesh's cluster rows exactly `wanted`: deletes, inserts and updates only what differs. */
async function replaceClusters(tx: Knex.Transaction, wanted: MeshClusterRow[]): Promise<void> {
  const meshId = wanted[0].mesh_id;
  const existing = new Map(
    (await tx<MeshClusterRow>(CLUSTERS).where({ mesh_id: meshId })).map(row => [row.cluster, row]),
  );
  const wantedNames = new Set(wanted.map(row => row.cluster));
  const gone = [...existing.keys()].filter(cluster => !wantedNames.has(cluster));
  if (gone.length > 0) {
    await tx(CLUSTERS).where({ mesh_id: meshId }).whereIn('cluster', gone).delete();
  }
  const added = wanted.filter(row => !existing.has(row.cluster));
  await assertClustersFree(tx, meshId, added);
  if (added.length > 0) {
    await tx(CLUSTERS).insert(added);
  }
  for (const row of wanted) {
    const before = existing.get(row.cluster);
    if (before && (before.network !== row.network || before.role !== row.role)) {
      await tx(CLUSTERS).where({ mesh_id: meshId, cluster: row.cluster }).update({ network: row.network, role: row.role });
    }
  }
}

/** Names the first cluster that already belongs to another mesh, and how. */
async function assertClustersFree(tx: Knex.Transaction, meshId: string, rows: MeshClusterRow[]): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const taken = await tx<MeshClusterRow>(CLUSTERS)
    .whereIn(
      'cluster',
      rows.map(r => r.cluster),
    )
    .whereNot({ mesh_id: meshId })
    .orderBy('cluster')
    .first();
  if (taken) {
    const as = taken.role === 'control-plane' ? 'the control plane' : 'a member';
    throw new ConflictError(`Cluster '${taken.cluster}' already belongs to mesh '${taken.mesh_id}' as ${as}`);
  }
}
