/** Time as the engine sees it: the system clock in production, a manual one in tests. */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fn` once `now()` has reached `at` (or soon after). */
  at(at: number, fn: () => void): TimerHandle;
}

/** Node caps a timeout at about 24.8 days; a later timer re-arms itself. */
const maxDelay = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  at(requested, fn) {
    // A time that is no number (a corrupt event) is due at once rather than never.
    const at = Number.isFinite(requested) ? requested : Date.now();
    let handle: NodeJS.Timeout;
    // Node's timers run on a monotonic clock and may fire a millisecond before `Date.now()`
    // reaches `at`; callers rely on the promise that it has, so check and re-arm.
    const arm = () => {
      const delay = at - Date.now();
      if (delay <= 0) return fn();
      handle = setTimeout(arm, Math.min(delay, maxDelay));
      handle.unref();
    };
    handle = setTimeout(arm, Math.max(0, Math.min(at - Date.now(), maxDelay)));
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
