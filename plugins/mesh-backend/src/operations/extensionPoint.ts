import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { AnyOperationKindDefinition } from './types';

/**
 * Adds kinds of operation to the mesh backend besides its own lifecycle
 * kinds. Internal (not exported from the package): its contract,
 * src/operations/types.ts, is not a public API yet. Tests use it to run the
 * engine with kinds of their own against the real plugin.
 */
export interface OperationKindsExtensionPoint {
  // The services a kind gets are the plugin's lifecycle services.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  addKind(kind: AnyOperationKindDefinition<any>): void;
}

export const operationKindsExtensionPoint = createExtensionPoint<OperationKindsExtensionPoint>({
  id: 'mesh.operation-kinds',
});
