import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { AnyOperationKindDefinition } from './types';

/**
 * Adds kinds of operation to the mesh backend, or replaces its own
 * lifecycle kind of the same name. Internal (not exported from the
 * package): its contract, src/operations/types.ts, is not a public API yet.
 * Tests use it to run the engine against the real plugin with kinds that
 * need no clusters.
 */
export interface OperationKindsExtensionPoint {
  // The services a kind gets are the plugin's lifecycle services.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  addKind(kind: AnyOperationKindDefinition<any>): void;
}

export const operationKindsExtensionPoint = createExtensionPoint<OperationKindsExtensionPoint>({
  id: 'mesh.operation-kinds',
});

/** The built-in kinds with those added through the extension point; an added kind replaces a built-in one of its name. */
export function withReplacedKinds<S>(
  builtIn: AnyOperationKindDefinition<S>[],
  added: AnyOperationKindDefinition<S>[],
): AnyOperationKindDefinition<S>[] {
  const replaced = new Set(added.map(k => k.kind));
  return [...builtIn.filter(k => !replaced.has(k.kind)), ...added];
}
