import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MeshApi, MeshOperation, MeshOperationLogEntry } from '@meshfleet/plugin-mesh-common';
import { setTimeout } from 'node:timers/promises';

/** How long one log request waits for new lines (the backend allows up to 30 s). */
const LOG_WAIT_SECONDS = 25;

/**
 * How many failed log requests in a row are tolerated (the mesh backend
 * restarting: the operation resumes there, and the task keeps following it),
 * and how long to wait between them.
 */
const MAX_CONSECUTIVE_FAILURES = 30;
const RETRY_DELAY_MS = 2_000;

/** What following an operation needs: the client, a fresh token per request, the task's logger and signal. */
export interface FollowOptions {
  client: MeshApi;
  token: () => Promise<string>;
  logger: LoggerService;
  signal?: AbortSignal;
}

/** One operation log line as a task log line, prefixed with the step that wrote it. */
export function taskLogLine(entry: MeshOperationLogEntry): string {
  return entry.step ? `[${entry.step}] ${entry.message}` : entry.message;
}

function write(logger: LoggerService, entry: MeshOperationLogEntry): void {
  const line = taskLogLine(entry);
  if (entry.level === 'error') {
    logger.error(line);
  } else if (entry.level === 'warn') {
    logger.warn(line);
  } else {
    logger.info(line);
  }
}

/** Whether a failed request is worth repeating: the backend was unreachable or answered 5xx. */
function isTransient(error: unknown): boolean {
  const status = (error as { statusCode?: number }).statusCode;
  return status === undefined || status >= 500;
}

/**
 * Copies the operation's (already redacted) log into the task log with long
 * polls, from the first line, until the operation has ended and every line
 * was read; then answers the operation as it ended. Stops with the task's
 * signal (the operation itself goes on in the mesh backend).
 */
export async function followOperation(operationId: string, options: FollowOptions): Promise<MeshOperation> {
  const { client, token, logger, signal } = options;
  let after = 0;
  let failures = 0;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const page = await client.getOperationLog(
        operationId,
        { after, waitSeconds: LOG_WAIT_SECONDS },
        { token: await token(), signal },
      );
      failures = 0;
      page.entries.forEach(entry => write(logger, entry));
      after = page.nextSeq;
      if (page.done) {
        return await client.getOperation(operationId, { token: await token(), signal });
      }
    } catch (error) {
      if (signal?.aborted || !isTransient(error) || ++failures > MAX_CONSECUTIVE_FAILURES) {
        throw error;
      }
      logger.warn(`Reading the log of operation ${operationId} failed (${(error as Error).message}); trying again`);
      await setTimeout(RETRY_DELAY_MS, undefined, { signal });
    }
  }
}
