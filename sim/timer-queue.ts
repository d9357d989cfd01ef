/**
 * The simulator's timers, kept the way the engine keeps them: each event sets or clears
 * timers (`timerChangeOf`), a timer set again under its id replaces the old one, and a timer
 * that fires is gone. Due timers come out in order of time, then of setting.
 */
import type { DomainEvent } from "../src/domain/events.ts";
import { type Timer, timerChangeOf } from "../src/domain/timers.ts";
import { TimeQueue } from "./time-queue.ts";

export class TimerQueue {
  /** The live timer of each id; queued timers not found here are stale. */
  readonly #live = new Map<string, Timer>();
  readonly #due = new TimeQueue<Timer>();

  apply(event: DomainEvent): void {
    const change = timerChangeOf(event);
    for (const id of change.clear) this.#live.delete(id);
    for (const timer of change.set) {
      this.#live.set(timer.id, timer);
      this.#due.push(timer.at, timer);
    }
  }

  /** When the earliest live timer is due; Infinity when none is pending. */
  nextAt(): number {
    this.#dropStale();
    return this.#due.peek()?.at ?? Number.POSITIVE_INFINITY;
  }

  /** Removes and returns the earliest live timer due at or before `at`. */
  popDue(at: number): Timer | undefined {
    this.#dropStale();
    const top = this.#due.peek();
    if (!top || top.at > at) return undefined;
    this.#due.pop();
    this.#live.delete(top.item.id);
    return top.item;
  }

  /** Every live timer, by id. */
  live(): ReadonlyMap<string, Timer> {
    return this.#live;
  }

  #dropStale(): void {
    for (let top = this.#due.peek(); top; top = this.#due.peek()) {
      if (this.#live.get(top.item.id) === top.item) return;
      this.#due.pop();
    }
  }
}
