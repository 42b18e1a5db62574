import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import {
  MESH_MODEL_CHANGED_TOPIC,
  MeshMember,
  MeshModelChangedEvent,
  MeshRecord,
  MeshRegistrationRequest,
  MeshUpdateRequest,
} from '@meshfleet/plugin-mesh-common';
import { MeshVersionConflictError } from '../database/errors';
import { MeshChanges, MeshStore } from '../database/MeshStore';
import { MeshWriteOutcome } from '../audit/auditMeshWrite';
import { MeshModelSource } from '../model/MeshModelSource';
import {
  checkMemberAddition,
  checkMemberRemoval,
  checkRegistration,
  checkUpdate,
  RegistryContext,
} from './validation';

/** Throws (NotAllowedError) unless the caller may make this change to this mesh. */
export type MeshGuard = (current: MeshRecord) => void;

/**
 * A write without If-Match is applied to the newest record; if another write
 * lands between reading and writing it is re-applied to the record after it,
 * a few times, rather than overwriting that change.
 */
const ATTEMPTS_WITHOUT_IF_MATCH = 3;

/**
 * The managed-mesh registry's writes: checks (pure, naming the field), the
 * conditional store write, and the `meshfleet.model.changed` announcement.
 * Every write is based on a version: the caller's `If-Match`, or the record
 * just read when the route allows none.
 */
export class MeshRegistry {
  constructor(
    private readonly options: {
      store: MeshStore;
      model: MeshModelSource;
      events: EventsService;
      logger: LoggerService;
    },
  ) {}

  async get(id: string): Promise<MeshRecord> {
    const record = await this.options.store.getMesh(id);
    if (!record) {
      throw new NotFoundError(`No managed mesh with id '${id}'`);
    }
    return record;
  }

  async register(body: MeshRegistrationRequest): Promise<MeshWriteOutcome<MeshRecord>> {
    const mesh = checkRegistration(body, await this.context());
    const after = await this.options.store.createMesh(mesh);
    await this.announce(undefined, after);
    return { after, result: after };
  }

  async update(
    id: string,
    expectedVersion: number,
    body: MeshUpdateRequest,
    guard: MeshGuard,
  ): Promise<MeshWriteOutcome<MeshRecord>> {
    return this.change(id, expectedVersion, guard, async current => checkUpdate(body, current));
  }

  async addMember(
    id: string,
    member: MeshMember,
    expectedVersion: number | undefined,
    guard: MeshGuard,
  ): Promise<MeshWriteOutcome<MeshRecord>> {
    return this.change(id, expectedVersion, guard, async current =>
      checkMemberAddition(member, current, await this.context()),
    );
  }

  async removeMember(
    id: string,
    cluster: string,
    expectedVersion: number | undefined,
    guard: MeshGuard,
  ): Promise<MeshWriteOutcome<MeshRecord>> {
    return this.change(id, expectedVersion, guard, async current => checkMemberRemoval(cluster, current));
  }

  async delete(id: string, expectedVersion: number, guard: MeshGuard): Promise<MeshWriteOutcome<void>> {
    const current = await this.get(id);
    guard(current);
    assertVersion(current, expectedVersion);
    const before = await this.options.store.deleteMesh(id, expectedVersion);
    await this.announce(before, undefined);
    return { before, result: undefined };
  }

  private async change(
    id: string,
    expectedVersion: number | undefined,
    guard: MeshGuard,
    compute: (current: MeshRecord) => Promise<MeshChanges>,
  ): Promise<MeshWriteOutcome<MeshRecord>> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(id);
      guard(current);
      if (expectedVersion !== undefined) {
        assertVersion(current, expectedVersion);
      }
      const changes = await compute(current);
      try {
        const after = await this.options.store.updateMesh(id, current.version, changes);
        await this.announce(current, after);
        return { before: current, after, result: after };
      } catch (error) {
        const retry = expectedVersion === undefined && attempt < ATTEMPTS_WITHOUT_IF_MATCH;
        if (!(retry && error instanceof MeshVersionConflictError)) {
          throw error;
        }
      }
    }
  }

  private async context(): Promise<RegistryContext> {
    const [model, records] = await Promise.all([this.options.model.getModel(), this.options.store.listMeshes()]);
    return { knownClusters: model.clusters.map(c => c.name), records };
  }

  /**
   * Tells consumers (the catalog module) at once. The write is committed by
   * now, so a failed announcement is logged, not returned as the write's
   * failure; the consumers' schedules catch up.
   */
  private async announce(before: MeshRecord | undefined, after: MeshRecord | undefined): Promise<void> {
    const meshId = (after ?? before)!.id;
    const clusters = new Set([...clustersOf(before), ...clustersOf(after)]);
    const eventPayload: MeshModelChangedEvent = {
      meshes: [meshId],
      clusters: [...clusters].sort(),
      changedAt: new Date().toISOString(),
    };
    try {
      await this.options.events.publish({ topic: MESH_MODEL_CHANGED_TOPIC, eventPayload });
    } catch (error) {
      this.options.logger.warn(`Could not publish ${MESH_MODEL_CHANGED_TOPIC} for mesh '${meshId}': ${error}`);
    }
  }
}

function assertVersion(current: MeshRecord, expectedVersion: number): void {
  if (current.version !== expectedVersion) {
    throw new MeshVersionConflictError(current, expectedVersion);
  }
}

function clustersOf(record: MeshRecord | undefined): string[] {
  return record ? [record.controlPlaneCluster, ...record.members.map(m => m.cluster)] : [];
}
