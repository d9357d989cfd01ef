/**
 * Follows the firing through the engine's commit listener: how many entries have fired
 * (DueDateReached committed), and the longest group commit, which holds the event loop
 * while SQLite writes (and, every `snapshotEvery` events, a snapshot of the whole state).
 */
import type { Engine } from "../../src/engine/engine.ts";

export class FireWatch {
  readonly #onFired: (fired: number) => void;
  #fired = 0;
  #longestCommitMs = 0;
  #detach: (() => void) | undefined;
  #waiter: { readonly count: number; readonly resolve: (done: boolean) => void } | undefined;

  constructor(onFired: (fired: number) => void) {
    this.#onFired = onFired;
  }

  get fired(): number {
    return this.#fired;
  }

  get longestCommitMs(): number {
    return this.#longestCommitMs;
  }

  /** Follows `engine` from now on (and stops following the one before). */
  follow(engine: Engine): void {
    this.stop();
    const detach = engine.onCommit((events, ms) => {
      this.#longestCommitMs = Math.max(this.#longestCommitMs, ms);
      let fired = 0;
      for (const event of events) if (event.type === "DueDateReached") fired++;
      if (fired === 0) return;
      this.#fired += fired;
      this.#onFired(this.#fired);
      if (this.#waiter && this.#fired >= this.#waiter.count) this.settle(true);
    });
    this.#detach = () => void detach();
  }

  stop(): void {
    this.#detach?.();
    this.#detach = undefined;
  }

  /**
   * Resolves true once `count` entries have fired; false if `deadline` (epoch ms) or
   * `settle(false)` comes first.
   */
  until(count: number, deadline: number): Promise<boolean> {
    if (this.#fired >= count) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(false), Math.max(0, deadline - Date.now()));
      this.#waiter = {
        count,
        resolve: (done) => {
          clearTimeout(timer);
          resolve(done);
        },
      };
    });
  }

  /** Ends the wait of `until`, if any. */
  settle(done: boolean): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve(done);
  }
}
