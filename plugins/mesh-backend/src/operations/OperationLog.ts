import { LoggerService } from '@backstage/backend-plugin-api';
import { MeshOperationLogEntry } from '@meshfleet/plugin-mesh-common';
import { SecretRegistry } from './redaction';
import { OperationStore } from './store/OperationStore';
import { OperationLogger } from './types';

/** Longer messages are cut (after redaction): a log line is a line, not a dump. */
export const MAX_LOG_MESSAGE_LENGTH = 4000;

/**
 * The log of one operation as one replica writes it: every message is
 * redacted (patterns and the run's registered secrets) before it is stored,
 * and lines are stored in the order they were written. Writing never throws
 * into a step: a line the database refuses is reported to the backend's own
 * log (redacted as well).
 */
export class OperationLog {
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      operationId: string;
      store: OperationStore;
      secrets: SecretRegistry;
      now: () => Date;
      logger: LoggerService;
    },
  ) {}

  /** A logger whose lines carry `step` (or none for the operation's own lines). */
  forStep(step?: string): OperationLogger {
    return {
      info: message => this.write('info', message, step),
      warn: message => this.write('warn', message, step),
      error: message => this.write('error', message, step),
    };
  }

  /** Resolves when every line written so far is stored. */
  flush(): Promise<void> {
    return this.pending;
  }

  /** Redacts as this log does, for text that goes elsewhere (a step's detail, a failure message). */
  redact(text: string): string {
    return truncate(this.options.secrets.redact(text));
  }

  private write(level: MeshOperationLogEntry['level'], message: string, step?: string): void {
    const { store, operationId, now, logger } = this.options;
    const entry = { at: now(), level, step, message: this.redact(String(message)) };
    this.pending = this.pending.then(async () => {
      try {
        await store.appendLog(operationId, entry);
      } catch (error) {
        logger.warn(
          `Could not store a log line of operation '${operationId}': ${this.redact(String(error))}; the line: ${entry.message}`,
        );
      }
    });
  }
}

function truncate(text: string): string {
  return text.length <= MAX_LOG_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_LOG_MESSAGE_LENGTH)}… [cut]`;
}
