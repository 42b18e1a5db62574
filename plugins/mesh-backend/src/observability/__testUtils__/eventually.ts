/** Polls `read` until `check` returns no complaint or the deadline passes; returns the last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (v: T) => string | undefined,
  deadlineMs: number,
): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    const complaint = check(value);
    if (!complaint) {
      return value;
    }
    if (Date.now() > until) {
      throw new Error(`not within ${deadlineMs} ms: ${complaint}`);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}
