/**
 * The simulator's timers, kept the way the engine keeps them: each event sets or clears
 * timers (`timerChangeOf`), a timer set again under its id replaces the old one, and a timer
 * that fires is gone. Due timers come out in order of time, then of setting.
 */
import type { DomainEvent } from "../src/domain/events.ts";
import { type Timer, timerChangeOf } from "../src/domain/timers.ts";

interface Entry {
  readonly timer: Timer;
  readonly seq: number;
}

const before = (a: Entry, b: Entry) =>
  a.timer.at < b.timer.at || (a.timer.at === b.timer.at && a.seq < b.seq);

export class TimerQueue {
  /** The live timer of each id; heap entries not found here are stale. */
  readonly #live = new Map<string, Timer>();
  readonly #heap: Entry[] = [];
  #seq = 0;

  apply(event: DomainEvent): void {
    const change = timerChangeOf(event);
    for (const id of change.clear) this.#live.delete(id);
    for (const timer of change.set) {
      this.#live.set(timer.id, timer);
      this.#push({ timer, seq: this.#seq++ });
    }
  }

  /** When the earliest live timer is due; Infinity when none is pending. */
  nextAt(): number {
    this.#dropStale();
    return this.#heap[0]?.timer.at ?? Number.POSITIVE_INFINITY;
  }

  /** Removes and returns the earliest live timer due at or before `at`. */
  popDue(at: number): Timer | undefined {
    this.#dropStale();
    const top = this.#heap[0];
    if (!top || top.timer.at > at) return undefined;
    this.#pop();
    this.#live.delete(top.timer.id);
    return top.timer;
  }

  /** Every live timer, by id. */
  live(): ReadonlyMap<string, Timer> {
    return this.#live;
  }

  #dropStale(): void {
    for (let top = this.#heap[0]; top; top = this.#heap[0]) {
      if (this.#live.get(top.timer.id) === top.timer) return;
      this.#pop();
    }
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const up = heap[parent] as Entry;
      if (!before(entry, up)) break;
      heap[i] = up;
      i = parent;
    }
    heap[i] = entry;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && before(heap[right] as Entry, heap[left] as Entry) ? right : left;
      if (!before(heap[child] as Entry, last)) break;
      heap[i] = heap[child] as Entry;
      i = child;
    }
    heap[i] = last;
  }
}
