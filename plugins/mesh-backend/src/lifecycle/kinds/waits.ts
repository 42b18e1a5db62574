import { StepError } from '../../operations/errors';
import { interruptibleSleep } from '../../discovery/live/interruptibleSleep';

/** How often a wait checks again. */
const POLL_MS = 1000;

/**
 * Checks until `check` returns undefined (done) or the timeout passes; each
 * other answer says what is still missing, and the last one is the failure's
 * message. A check that throws counts as not done yet (the cluster may be
 * busy restarting something); its message is kept. Stops at once when
 * `signal` aborts.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<string | undefined>,
  options: { timeoutMs: number; signal: AbortSignal; hint?: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = 'not checked yet';
  for (;;) {
    if (options.signal.aborted) {
      throw new Error(`stopped while waiting for ${what}`);
    }
    try {
      const problem = await check();
      if (problem === undefined) return;
      lastProblem = problem;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    if (Date.now() >= deadline) {
      throw new StepError(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${what}: ${lastProblem}`, {
        hint: options.hint,
      });
    }
    await interruptibleSleep(POLL_MS, options.signal);
  }
}
