/**
 * A clock that moves only when told. Timers due at or before the new time run in order of
 * their due time. It may also be set backwards: nothing fires then, as with a wall clock
 * stepped back.
 */
import type { Clock, TimerHandle } from "./clock.ts";

interface Pending {
  readonly at: number;
  readonly order: number;
  readonly fn: () => void;
  cancelled: boolean;
}

export class ManualClock implements Clock {
  #now: number;
  #order = 0;
  #pending: Pending[] = [];

  constructor(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  at(at: number, fn: () => void): TimerHandle {
    const pending: Pending = { at, order: this.#order++, fn, cancelled: false };
    this.#pending.push(pending);
    return {
      cancel: () => {
        pending.cancelled = true;
      },
    };
  }

  /** Moves time by `ms` and runs every timer now due. */
  advance(ms: number): void {
    this.set(this.#now + ms);
  }

  set(epochMs: number): void {
    this.#now = epochMs;
    for (;;) {
      const due = this.#pending
        .filter((p) => !p.cancelled && p.at <= this.#now)
        .sort((a, b) => a.at - b.at || a.order - b.order);
      const next = due[0];
      if (!next) break;
      next.cancelled = true;
      next.fn();
    }
    this.#pending = this.#pending.filter((p) => !p.cancelled);
  }

  /** Timers still waiting, for assertions. */
  get pendingCount(): number {
    return this.#pending.filter((p) => !p.cancelled).length;
  }
}
