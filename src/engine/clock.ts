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
  at(at, fn) {
    let handle: NodeJS.Timeout;
    const arm = () => {
      const delay = at - Date.now();
      handle = setTimeout(delay > maxDelay ? arm : fn, Math.max(0, Math.min(delay, maxDelay)));
      handle.unref();
    };
    arm();
    return { cancel: () => clearTimeout(handle) };
  },
};
