import { readSchedulerServiceTaskScheduleDefinitionFromConfig, SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { durationToMilliseconds } from '@backstage/types';

/** Where this module's settings live in app-config. */
export const CONFIG_ROOT = 'catalog.providers.meshfleet';

/**
 * The module's settings, read from `catalog.providers.meshfleet`.
 *
 * @public
 */
export interface MeshProviderConfig {
  /** Full entity ref of the owner of every emitted entity. */
  owner: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  unreachableGracePeriodMs: number;
  /** Value of `kubernetes.io/auth-provider` on cluster entities, when configured. */
  clusterAuthProvider?: string;
}

const DEFAULT_OWNER = 'group:default/platform-team';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 30 },
  timeout: { minutes: 3 },
  // Start soon after startup but not in the same tick as every other provider.
  initialDelay: { seconds: 5 },
};

const DEFAULT_GRACE_PERIOD_MS = 60 * 60 * 1000;

/**
 * Reads the module's settings; every key is optional.
 *
 * @public
 */
export function readMeshProviderConfig(config: Config): MeshProviderConfig {
  const c = config.getOptionalConfig(CONFIG_ROOT);
  const owner = c?.getOptionalString('owner') ?? DEFAULT_OWNER;
  return {
    owner: normaliseOwner(owner),
    schedule: c?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(c.getConfig('schedule'))
      : DEFAULT_SCHEDULE,
    unreachableGracePeriodMs: c?.has('unreachableGracePeriod')
      ? durationToMilliseconds(readDurationFromConfig(c, { key: 'unreachableGracePeriod' }))
      : DEFAULT_GRACE_PERIOD_MS,
    clusterAuthProvider: c?.getOptionalString('clusterAuthProvider'),
  };
}

/** Owners are written in full (`group:default/x`) so the catalog never guesses the kind. */
function normaliseOwner(owner: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' }));
  } catch (e) {
    throw new Error(`${CONFIG_ROOT}.owner: '${owner}' is not an entity ref: ${(e as Error).message}`);
  }
}
