/**
 * A tenant's timers in one binary heap, under a single clock timer for the earliest. A
 * waiting task then costs a slot in the heap instead of a Node timeout with its closures.
 * Timers due at the same time fire in the order they were set, as separate timers did.
 */
import type { Timer } from "../domain/timers.ts";
import type { Clock, TimerHandle } from "./clock.ts";

interface Slot {
  readonly timer: Timer;
  /** When it is due; a time that is no number (a corrupt event) is due at once. */
  readonly at: number;
  readonly order: number;
  index: number;
}

interface Armed {
  readonly at: number;
  readonly handle: TimerHandle;
}

const earlier = (a: Slot, b: Slot) => a.at < b.at || (a.at === b.at && a.order < b.order);

export class TimerQueue {
  readonly #clock: Clock;
  readonly #fire: (timer: Timer) => void;
  readonly #slots = new Map<string, Slot>();
  readonly #heap: Slot[] = [];
  #order = 0;
  #armed: Armed | undefined;

  /** `fire` is called with each timer once it is due, unless it was cleared before. */
  constructor(clock: Clock, fire: (timer: Timer) => void) {
    this.#clock = clock;
    this.#fire = fire;
  }

  /** Timers set and not yet fired or cleared. */
  get size(): number {
    return this.#slots.size;
  }

  /** Sets the timer, replacing one of the same id. */
  set(timer: Timer): void {
    this.#remove(timer.id);
    const at = Number.isFinite(timer.at) ? timer.at : Number.NEGATIVE_INFINITY;
    const slot: Slot = { timer, at, order: this.#order++, index: this.#heap.length };
    this.#heap.push(slot);
    this.#slots.set(timer.id, slot);
    this.#up(slot.index);
    this.#arm();
  }

  clear(id: string): void {
    if (this.#remove(id)) this.#arm();
  }

  /** Clears every timer. */
  stop(): void {
    this.#armed?.handle.cancel();
    this.#armed = undefined;
    this.#slots.clear();
    this.#heap.length = 0;
  }

  #remove(id: string): boolean {
    const slot = this.#slots.get(id);
    if (!slot) return false;
    this.#slots.delete(id);
    const last = this.#heap.pop() as Slot;
    if (last !== slot) {
      this.#heap[slot.index] = last;
      last.index = slot.index;
      this.#down(this.#up(slot.index));
    }
    return true;
  }

  /** Keeps one clock timer, for the earliest slot. */
  #arm(): void {
    const first = this.#heap[0];
    if (this.#armed && first?.at === this.#armed.at) return;
    this.#armed?.handle.cancel();
    this.#armed = first && { at: first.at, handle: this.#clock.at(first.at, () => this.#wake()) };
  }

  #wake(): void {
    this.#armed = undefined;
    const now = this.#clock.now();
    for (let first = this.#heap[0]; first && first.at <= now; first = this.#heap[0]) {
      this.#remove(first.timer.id);
      this.#fire(first.timer);
    }
    this.#arm();
  }

  /** Moves the slot at `index` up to its place; returns where it ends. */
  #up(index: number): number {
    const heap = this.#heap;
    const slot = heap[index] as Slot;
    let at = index;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = heap[parentAt] as Slot;
      if (!earlier(slot, parent)) break;
      heap[at] = parent;
      parent.index = at;
      at = parentAt;
    }
    heap[at] = slot;
    slot.index = at;
    return at;
  }

  #down(index: number): void {
    const heap = this.#heap;
    const slot = heap[index] as Slot;
    let at = index;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && earlier(heap[right] as Slot, heap[left] as Slot) ? right : left;
      const next = heap[child] as Slot;
      if (!earlier(next, slot)) break;
      heap[at] = next;
      next.index = at;
      at = child;
    }
    heap[at] = slot;
    slot.index = at;
  }
}
