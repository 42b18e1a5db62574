import {
  AuditorService,
  LifecycleService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { PermissionRuleset } from '@backstage/plugin-permission-node';
import { MeshPermissionResource } from '@meshfleet/plugin-mesh-node';
import { MeshStore } from '../database/MeshStore';
import { MeshModelSource } from '../model/MeshModelSource';
import { readOperationsConfig } from './config';
import { KindRegistry } from './KindRegistry';
import { OperationAccess } from './OperationAccess';
import { OperationNotifier } from './OperationNotifier';
import { OperationService } from './OperationService';
import { OperationRunner } from './runner/OperationRunner';
import { OperationStore } from './store/OperationStore';
import { AnyOperationKindDefinition } from './types';

/** What the mesh backend's operations engine is made of. */
export interface MeshOperations<S> {
  service: OperationService<S>;
  runner: OperationRunner<S>;
  kinds: KindRegistry<S>;
}

/**
 * Assembles the operations engine of this replica: the kinds, the API
 * service behind `/operations`, and the runner, which starts with the
 * backend (not awaited: it runs until shutdown) and on shutdown aborts its
 * running steps and hands their operations on.
 */
export function createMeshOperations<S>(options: {
  store: OperationStore;
  kinds: Iterable<AnyOperationKindDefinition<S>>;
  services: S;
  meshes: MeshStore;
  model: MeshModelSource;
  permissions: PermissionsService;
  permissionRuleset: PermissionRuleset<MeshPermissionResource>;
  events: EventsService;
  auditor: AuditorService;
  logger: LoggerService;
  lifecycle: LifecycleService;
  rootConfig: RootConfigService;
}): MeshOperations<S> {
  const { store, services, logger, lifecycle } = options;
  const config = readOperationsConfig(options.rootConfig);
  const kinds = new KindRegistry<S>(options.kinds);
  const notifier = new OperationNotifier(options);
  const runner = new OperationRunner<S>({
    store,
    kinds,
    services,
    notifier,
    logger,
    concurrency: config.concurrency,
    timings: { leaseDurationMs: config.leaseDurationMs },
  });
  const access = new OperationAccess({ ...options, kinds: kinds as KindRegistry<unknown> });
  const service = new OperationService<S>({ store, kinds, services, access, notifier, runner });
  lifecycle.addStartupHook(() => {
    runner.start();
    logger.info(
      `Operations runner ${runner.replicaId} started: kinds ${kinds.names().join(', ') || 'none'}, ` +
        `at most ${config.concurrency} at once, lease ${config.leaseDurationMs} ms`,
    );
  });
  lifecycle.addShutdownHook(() => runner.stop());
  return { service, runner, kinds };
}
