import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { MeshRecord } from '@meshfleet/plugin-mesh-common';
import { Knex } from 'knex';
import { MemberRow, MeshRow, MeshStore, NewMesh } from './MeshStore';
import { toMeshInsert, toMeshRecord } from './rows';

const migrationsDir = resolvePackagePath('@meshfleet/plugin-mesh-backend', 'migrations');

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
    const [rows, members] = await Promise.all([
      this.db<MeshRow>('meshfleet_meshes').orderBy('id'),
      this.db<MemberRow>('meshfleet_mesh_members'),
    ]);
    return rows.map(row => toMeshRecord(row, members));
  }

  async getMesh(id: string): Promise<MeshRecord | undefined> {
    const row = await this.db<MeshRow>('meshfleet_meshes').where({ id }).first();
    if (!row) {
      return undefined;
    }
    const members = await this.db<MemberRow>('meshfleet_mesh_members').where({ mesh_id: id });
    return toMeshRecord(row, members);
  }

  async createMesh(mesh: NewMesh): Promise<MeshRecord> {
    await this.db.transaction(async tx => {
      await this.assertFree(tx, mesh);
      await tx('meshfleet_meshes').insert(toMeshInsert(mesh));
      if (mesh.members.length > 0) {
        await tx('meshfleet_mesh_members').insert(
          mesh.members.map(m => ({ mesh_id: mesh.id, cluster: m.cluster, network: m.network })),
        );
      }
    });
    const created = await this.getMesh(mesh.id);
    if (!created) {
      throw new Error(`Mesh '${mesh.id}' was inserted but cannot be read back`);
    }
    return created;
  }

  /** Checks the constraints up front so the error names the mesh or cluster at fault. */
  private async assertFree(tx: Knex.Transaction, mesh: NewMesh): Promise<void> {
    if (await tx('meshfleet_meshes').where({ id: mesh.id }).first()) {
      throw new ConflictError(`A mesh with id '${mesh.id}' already exists`);
    }
    const clusters = mesh.members.map(m => m.cluster);
    const taken = await tx<MemberRow>('meshfleet_mesh_members').whereIn('cluster', clusters).first();
    if (taken) {
      throw new ConflictError(`Cluster '${taken.cluster}' is already a member of mesh '${taken.mesh_id}'`);
    }
  }
}
