import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Logs each distinct problem once while it lasts, and once more when it is
 * gone, so a problem that persists across syncs every 30 s is not repeated in
 * the log every 30 s, and is never silent either.
 */
export class OnceLog {
  private active = new Set<string>();

  constructor(
    private readonly logger: LoggerService,
    private readonly resolvedMessage: (problem: string) => string,
  ) {}

  /**
   * Reports the problems seen in this sync: new ones are logged as warnings,
   * ones seen before only at debug level, and ones no longer seen as resolved.
   */
  report(problems: string[]): void {
    const now = new Set(problems);
    for (const problem of now) {
      if (this.active.has(problem)) {
        this.logger.debug(problem);
      } else {
        this.logger.warn(problem);
      }
    }
    for (const problem of this.active) {
      if (!now.has(problem)) {
        this.logger.info(this.resolvedMessage(problem));
      }
    }
    this.active = now;
  }
}
