import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  meshClusterSupplierExtensionPoint,
  meshInstallerExtensionPoint,
  meshPermissionResourceRef,
} from '@meshfleet/plugin-mesh-node';
import { registerMeshActions, registerPolicyActions } from './actions';
import { DatabaseMeshStore } from './database/DatabaseMeshStore';
import { createMeshDiscovery } from './discovery/live/createMeshDiscovery';
import { MeshExtensions } from './extensions';
import { KubernetesPluginClusterSource } from './clusters/clusterSources';
import { createLifecycleServices, lifecycleOperationKinds } from './lifecycle';
import { createMeshOperations } from './operations/createMeshOperations';
import { operationKindsExtensionPoint, withReplacedKinds } from './operations/extensionPoint';
import { DatabaseOperationStore } from './operations/store/DatabaseOperationStore';
import { AnyOperationKindDefinition } from './operations/types';
import { DiscoveredMeshModelSource } from './model/DiscoveredMeshModelSource';
import { ObservabilityService, readObservabilityConfig, registerObservabilityActions } from './observability';
import { MeshAuthorizer } from './permissions/MeshAuthorizer';
import { publishModelChanges } from './model/publishModelChanges';
import { createPolicyGovernance } from './policies/governance';
import { readPolicyConfig } from './policies/config';
import { PolicyService } from './policies/PolicyService';
import { observabilityTraffic } from './policies/validation/observabilityTraffic';
import { MeshReader } from './service/MeshReader';
import { MeshRegistry } from './service/MeshRegistry';
import { createRouter } from './service/router';
import { meshViewResource } from './permissions/meshResource';
import { registerMeshPermissions } from './permissions/registerMeshPermissions';
import { withOwner } from './service/views';
import { WorkloadService } from './workloads';

/**
 * The Meshfleet backend plugin (`mesh`): the global management layer. It stores
 * the meshes Meshfleet manages, merges them with what discovery reads from the
 * clusters, serves the result at `/api/mesh`, and announces changes on the
 * events service.
 *
 * @public
 */
export const meshPlugin = createBackendPlugin({
  pluginId: 'mesh',
  register(env) {
    const extensions = new MeshExtensions();
    env.registerExtensionPoint(meshInstallerExtensionPoint, {
      setInstaller: installer => extensions.setInstaller(installer),
    });
    env.registerExtensionPoint(meshClusterSupplierExtensionPoint, {
      addClusterSupplier: supplier => extensions.addClusterSupplier(supplier),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const extraOperationKinds: AnyOperationKindDefinition<any>[] = [];
    env.registerExtensionPoint(operationKindsExtensionPoint, {
      addKind: kind => extraOperationKinds.push(kind),
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        auditor: coreServices.auditor,
        events: eventsServiceRef,
        rootConfig: coreServices.rootConfig,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { logger, database, httpRouter, httpAuth, permissions, permissionsRegistry, lifecycle, auditor, events } =
          deps;
        const discovery = createMeshDiscovery({
          rootConfig: deps.rootConfig,
          logger,
          lifecycle,
          database,
          catalog: { service: deps.catalog, auth: deps.auth },
          suppliers: extensions.getClusterSuppliers(),
        });
        const meshStore = await DatabaseMeshStore.create({ database });
        const model = new DiscoveredMeshModelSource(discovery, meshStore);
        registerMeshPermissions(permissionsRegistry, async () => {
          const [{ meshes }, records] = await Promise.all([model.getModel(), meshStore.listMeshes()]);
          return meshes.map(m => meshViewResource(withOwner(m, records.find(r => r.id === m.id))));
        });
        const permissionRuleset = permissionsRegistry.getPermissionRuleset(meshPermissionResourceRef);
        // What operations' steps use: the clusters discovery reads, Helm, trust, and the
        // registry (whose writes announce meshfleet.model.changed, as the write API's do).
        const lifecycleServices = createLifecycleServices({
          rootConfig: deps.rootConfig,
          logger,
          clusterSource: new KubernetesPluginClusterSource({
            rootConfig: deps.rootConfig,
            logger,
            catalog: { service: deps.catalog, auth: deps.auth },
            suppliers: extensions.getClusterSuppliers(),
          }),
          registry: new MeshRegistry({ store: meshStore, model, events, logger }),
          store: meshStore,
          model,
          installer: extensions.getInstaller(),
        });
        const operations = createMeshOperations({
          store: await DatabaseOperationStore.create({ database }),
          kinds: withReplacedKinds(
            lifecycleOperationKinds(lifecycleServices.config, lifecycleServices.installer),
            extraOperationKinds,
          ),
          services: lifecycleServices,
          meshes: meshStore,
          model,
          permissions,
          permissionRuleset,
          events,
          auditor,
          logger,
          lifecycle,
          rootConfig: deps.rootConfig,
        });
        const observability = new ObservabilityService(readObservabilityConfig(deps.rootConfig));
        // Agents and MCP clients: read-only actions, behind the same mesh.read
        // decision as GET /meshes/{meshId} (a mesh they may not read is not found).
        const reader = new MeshReader(new MeshAuthorizer(permissions, permissionRuleset), model, meshStore);
        registerObservabilityActions(deps.actionsRegistry, {
          observability,
          readableMesh: (credentials, meshId) => reader.readableMesh(credentials, meshId),
        });
        registerMeshActions(deps.actionsRegistry, {
          readableMesh: (credentials, meshId) => reader.readableMesh(credentials, meshId),
          clusters: async () => (await model.getModel()).clusters,
          listOperations: (filter, credentials) => operations.service.list(filter, credentials),
        });
        // Policies are written with the same cluster access as the operations' steps.
        const policies = new PolicyService(lifecycleServices.clusters, {
          traffic: observabilityTraffic(observability),
          clusterStateTtlMs: readPolicyConfig(deps.rootConfig).clusterStateTtlMs,
        });
        registerPolicyActions(deps.actionsRegistry, {
          readableMesh: (credentials, meshId) => reader.readableMesh(credentials, meshId),
          validate: (mesh, objects) => policies.validate(mesh, objects),
        });
        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            permissionRuleset,
            auditor,
            events,
            model,
            store: meshStore,
            operations: { operations: operations.service },
            observability,
            policies,
            // Workloads are read with the same cluster access as the operations' steps.
            workloads: new WorkloadService(lifecycleServices.clusters),
            policyGovernance: await createPolicyGovernance({
              database,
              clusters: lifecycleServices.clusters,
              policies,
              catalog: { service: deps.catalog, auth: deps.auth },
              observability,
            }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        const unsubscribe = publishModelChanges({ discovery, events, logger });
        lifecycle.addShutdownHook(unsubscribe);

        const suppliers = extensions.getClusterSuppliers().map(s => s.name);
        logger.info(
          `Mesh backend ready; istiod installed by: ${extensions.getInstaller()?.name ?? 'Helm (built in)'}; ` +
            `extra cluster suppliers: ${suppliers.length ? suppliers.join(', ') : 'none'}`,
        );
      },
    });
  },
});
