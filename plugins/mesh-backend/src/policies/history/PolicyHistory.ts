import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import type { MeshPolicyChange, MeshPolicyChangesQuery, MeshPolicyKind } from '@meshfleet/plugin-mesh-common';
import { Knex } from 'knex';
import { StoredTime, toIso } from '../../operations/store/rows';
import type { PolicyContent } from './policyDiff';

const migrationsDir = resolvePackagePath('@meshfleet/plugin-mesh-backend', 'migrations');
const CHANGES = 'meshfleet_policy_changes';
const DEFAULT_LIMIT = 100;

/** One write to record: who did what to which policy, its diff, and the content after (none when deleted). */
export interface PolicyChangeEntry {
  actor: string;
  action: MeshPolicyChange['action'];
  kind: MeshPolicyKind;
  namespace: string;
  name: string;
  diff: string;
  after: PolicyContent | undefined;
}

/** What Meshfleet last wrote for one policy: its content, or undefined when its last write deleted it. */
export interface LastWritten {
  kind: MeshPolicyKind;
  namespace: string;
  name: string;
  after: PolicyContent | undefined;
}

interface ChangeRow {
  id: number | string;
  mesh_id: string;
  at: StoredTime;
  actor: string;
  action: string;
  kind: string;
  namespace: string;
  name: string;
  diff: string;
  after: string | null;
}

/** `Kind/namespace/name`: one policy of a mesh. */
export function policyKey(ref: { kind: string; namespace: string; name: string }): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

function toChange(row: ChangeRow): MeshPolicyChange {
  return {
    id: String(row.id),
    at: toIso(row.at),
    actor: row.actor,
    action: row.action as MeshPolicyChange['action'],
    kind: row.kind as MeshPolicyKind,
    namespace: row.namespace,
    name: row.name,
    diff: row.diff,
  };
}

/**
 * The policy history of every mesh in the Backstage database (SQLite or
 * PostgreSQL): what the history route lists, and what drift detection
 * compares the config cluster with.
 */
export class PolicyHistory {
  /** Connects and, unless the deployment manages migrations itself, migrates. */
  static async create(options: { database: DatabaseService }): Promise<PolicyHistory> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new PolicyHistory(client);
  }

  private constructor(private readonly db: Knex) {}

  /** Records the writes of one request together (a batch is one transaction); returns them as listed. */
  async record(meshId: string, entries: PolicyChangeEntry[], at: Date = new Date()): Promise<MeshPolicyChange[]> {
    if (entries.length === 0) return [];
    return this.db.transaction(async tx => {
      const recorded: MeshPolicyChange[] = [];
      for (const entry of entries) {
        const row = {
          mesh_id: meshId,
          at,
          actor: entry.actor,
          action: entry.action,
          kind: entry.kind,
          namespace: entry.namespace,
          name: entry.name,
          diff: entry.diff,
          after: entry.after ? JSON.stringify(entry.after) : null,
        };
        // One insert per row: both databases return the generated id for it.
        const [inserted] = await tx(CHANGES).insert(row, ['id']);
        const id = typeof inserted === 'object' ? inserted.id : inserted;
        recorded.push(toChange({ ...row, id, at: at.toISOString() }));
      }
      return recorded;
    });
  }

  /** The mesh's changes, newest first, narrowed by the query. */
  async list(meshId: string, query: MeshPolicyChangesQuery = {}): Promise<MeshPolicyChange[]> {
    const rows = await this.db<ChangeRow>(CHANGES)
      .where({ mesh_id: meshId })
      .modify(q => {
        if (query.kind) q.where({ kind: query.kind });
        if (query.namespace) q.where({ namespace: query.namespace });
        if (query.name) q.where({ name: query.name });
      })
      .orderBy('id', 'desc')
      .limit(query.limit ?? DEFAULT_LIMIT);
    return rows.map(toChange);
  }

  /** What Meshfleet last wrote for every policy of the mesh it ever wrote. */
  async lastWritten(meshId: string): Promise<LastWritten[]> {
    const latestIds = this.db(CHANGES).max('id').where({ mesh_id: meshId }).groupBy('kind', 'namespace', 'name');
    const rows = await this.db<ChangeRow>(CHANGES).whereIn('id', latestIds);
    return rows.map(row => ({
      kind: row.kind as MeshPolicyKind,
      namespace: row.namespace,
      name: row.name,
      after: row.after ? (JSON.parse(row.after) as PolicyContent) : undefined,
    }));
  }
}
