import type { LoggerService } from '@backstage/backend-plugin-api';
import type { PolicyChangeEntry, PolicyHistory } from './PolicyHistory';

/**
 * Records a write that already reached the config cluster. The cluster and
 * the database cannot change in one transaction, so a failure here must not
 * turn a write that happened into an error the caller would retry as if
 * nothing changed: it is logged and returned as a warning instead. Without
 * the record, the next drift check shows this write as a change made outside
 * Meshfleet; the warning says so, and adopting it records it.
 */
export async function recordPolicyWrite(
  history: PolicyHistory | undefined,
  meshId: string,
  entries: PolicyChangeEntry[],
  logger: LoggerService | undefined,
): Promise<string | undefined> {
  if (!history || entries.length === 0) return undefined;
  try {
    await history.record(meshId, entries);
    return undefined;
  } catch (error) {
    const what = entries.map(e => `${e.action} ${e.kind} ${e.namespace}/${e.name}`).join(', ');
    logger?.error(`Mesh ${meshId}: applied but could not record in the policy history: ${what}`, error as Error);
    return (
      `The change was applied to the config cluster but not recorded in the policy history ` +
      `(${(error as Error).message}); it will show as drift until adopted on the mesh's Policies tab.`
    );
  }
}
