/**
 * A step's failure with advice: `hint` becomes the operation's
 * `error.hint` (e.g. "Check that the cluster's API server is reachable, then
 * retry"). Any other error fails the step too, with a generic hint.
 */
export class StepError extends Error {
  readonly hint?: string;

  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StepError';
    this.hint = options?.hint;
  }
}

/**
 * This replica no longer holds an operation's lease (another replica took it
 * over after the lease expired): the local run stops without recording anything.
 */
export class LeaseLostError extends Error {
  constructor(operationId: string) {
    super(`Lost the lease of operation '${operationId}' to another replica`);
    this.name = 'LeaseLostError';
  }
}
