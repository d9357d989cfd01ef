/**
 * The benchmark's clock: CLOCK_MONOTONIC in ms. It is the same clock in every process of the
 * machine, so a receiver in a child process stamps arrivals on the sender's time line.
 */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Resolves after `ms`. */
export const pause = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Resolves once `done()` holds, polling every `everyMs`, or after `limitMs` (then false). */
export async function until(done: () => boolean, limitMs: number, everyMs = 2): Promise<boolean> {
  const deadline = nowMs() + limitMs;
  while (!done()) {
    if (nowMs() >= deadline) return false;
    await pause(everyMs);
  }
  return true;
}
