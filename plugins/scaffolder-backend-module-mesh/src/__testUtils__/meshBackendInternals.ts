/*
 * What the mesh backend's own tests use to run its engine without clusters:
 * the internal extension point for operation kinds, the scripted kinds, a
 * cluster supplier of closed ports, and an httpAuth that keeps the plugin as
 * actor of an on-behalf-of token (as real tokens do). They are not part of
 * the mesh backend's public API (src/operations/types.ts is not stable yet),
 * so they are imported from its sources, in tests only.
 */
/* eslint-disable @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports */
export { operationKindsExtensionPoint } from '@meshfleet/plugin-mesh-backend/src/operations/extensionPoint';
export { ScriptedKind, gate, eventually } from '@meshfleet/plugin-mesh-backend/src/operations/__testUtils__/scriptedKinds';
export { StepError } from '@meshfleet/plugin-mesh-backend/src/operations/errors';
export { closedPortClusterSupplier, FLEET_CLUSTERS } from '@meshfleet/plugin-mesh-backend/src/__testUtils__/fixedFleet';
export { httpAuthWithActorsFactory } from '@meshfleet/plugin-mesh-backend/src/__testUtils__/httpAuthWithActors';
export { createTestDatabases } from '@meshfleet/plugin-mesh-backend/src/__testUtils__/testDatabases';
export { KubernetesClusterClient } from '@meshfleet/plugin-mesh-backend/src/lifecycle/clusters/ClusterClient';
