import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { BasicPermission, ResourcePermission } from '@backstage/plugin-permission-common';
import { EventsService } from '@backstage/plugin-events-node';
import { MeshOperationKind, meshClusterJoinPermission } from '@meshfleet/plugin-mesh-common';
import { Knex } from 'knex';
import { KindRegistry } from '../KindRegistry';
import { OperationNotifier } from '../OperationNotifier';
import { OperationStore } from '../store/OperationStore';
import { OperationKindDefinition, StepContext, StepResult } from '../types';

/** The parameters of the scripted kinds: a mesh and a cluster. */
export interface ScriptedParams {
  meshId: string;
  cluster: string;
}

export type StepScript = (ctx: StepContext<ScriptedParams>) => Promise<StepResult>;

/**
 * A kind whose steps run scripts the test sets (and may change between
 * runs), counting every run per step: what the engine tests run instead of
 * the lifecycle's kinds, which need clusters.
 */
export class ScriptedKind implements OperationKindDefinition<ScriptedParams> {
  readonly runs = new Map<string, number>();
  private readonly scripts = new Map<string, StepScript>();

  constructor(
    readonly kind: MeshOperationKind,
    private readonly stepIds: string[],
    readonly permission: BasicPermission | ResourcePermission<'mesh'> = meshClusterJoinPermission,
  ) {
    for (const id of stepIds) {
      this.script(id, async () => ({ detail: `did ${id}` }));
    }
  }

  /** Sets what step `id` does from now on. */
  script(id: string, run: StepScript): this {
    this.scripts.set(id, run);
    return this;
  }

  runsOf(id: string): number {
    return this.runs.get(id) ?? 0;
  }

  parseParams(body: unknown): ScriptedParams {
    const { meshId, cluster } = (body ?? {}) as Record<string, unknown>;
    if (typeof meshId !== 'string' || typeof cluster !== 'string') {
      throw new InputError('meshId, cluster: expected strings');
    }
    return { meshId, cluster };
  }

  meshIdOf(params: ScriptedParams): string {
    return params.meshId;
  }

  async validate(params: ScriptedParams): Promise<void> {
    if (params.cluster === 'unknown') {
      throw new InputError(`cluster: unknown cluster '${params.cluster}'`);
    }
  }

  steps(params: ScriptedParams) {
    return this.stepIds.map(id => ({
      id,
      title: `${id} in ${params.cluster}`,
      plan: async () => ({
        changes: [{ cluster: params.cluster, action: 'create' as const, apiVersion: 'v1', kind: 'ConfigMap', namespace: 'istio-system', name: id }],
        helmReleases: [],
        warnings: [],
      }),
      run: async (ctx: StepContext<ScriptedParams>) => {
        this.runs.set(id, this.runsOf(id) + 1);
        return this.scripts.get(id)!(ctx);
      },
    }));
  }
}

/** A promise to resolve (or reject) from the test. */
export function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/** Resolves when `check` returns a value other than undefined or false (polled; no timing is asserted). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 25));
  }
}

export function databaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex, migrations: { skip: false } };
}

/** A notifier whose published events the test can read. */
export function recordingNotifier(): { notifier: OperationNotifier; published: Array<{ topic: string; eventPayload: unknown }> } {
  const published: Array<{ topic: string; eventPayload: unknown }> = [];
  const events: EventsService = {
    publish: async params => {
      published.push({ topic: params.topic, eventPayload: params.eventPayload });
    },
    subscribe: async () => undefined,
  };
  const notifier = new OperationNotifier({
    events,
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
  });
  return { notifier, published };
}

/**
 * The store as a replica that crashes sees it: after `crash()` every call
 * fails, as if the process were gone; what it wrote before stays.
 */
export function crashableStore(store: OperationStore): OperationStore & { crash(): void } {
  let crashed = false;
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'crash') {
        return () => {
          crashed = true;
        };
      }
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') {
        return value;
      }
      return (...args: unknown[]) => {
        if (crashed) {
          return Promise.reject(new Error('the replica crashed'));
        }
        return value.apply(target, args);
      };
    },
  });
  return proxy as OperationStore & { crash(): void };
}

export function registryOf(...kinds: ScriptedKind[]): KindRegistry<unknown> {
  return new KindRegistry<unknown>(kinds);
}
