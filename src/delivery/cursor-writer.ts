/**
 * Subscriptions' cursors are saved together, at most every `intervalMs`: one transaction for
 * every subscription that moved, instead of a durable write per page. A crash can only
 * rewind a cursor by that much, and redelivery is what at-least-once allows.
 */
import type { Store } from "../store/port.ts";
import type { CursorPosition } from "../store/subscription-records.ts";

export class CursorWriter {
  readonly #store: Store;
  readonly #intervalMs: number;
  readonly #onError: (error: unknown) => void;
  #pending = new Map<string, CursorPosition>();
  /** The newest position given for each subscription, written or not. */
  readonly #latest = new Map<string, CursorPosition>();
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(store: Store, onError: (error: unknown) => void, intervalMs = 100) {
    this.#store = store;
    this.#onError = onError;
    this.#intervalMs = intervalMs;
  }

  save(position: CursorPosition): void {
    this.#pending.set(position.id, position);
    this.#latest.set(position.id, position);
    this.#schedule();
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#intervalMs);
  }

  /** A removed subscription's position is not saved any more. */
  forget(id: string): void {
    this.#pending.delete(id);
    this.#latest.delete(id);
  }

  /** Writes what is pending; flushes run one after another, in order. */
  flush(): Promise<void> {
    const positions = [...this.#pending.values()];
    this.#pending = new Map();
    if (positions.length === 0) return this.#writing;
    this.#writing = this.#writing
      .then(() => this.#store.saveCursors(positions))
      .catch((error: unknown) => {
        // Try again, but only positions nothing newer has replaced since.
        for (const p of positions) {
          if (this.#latest.get(p.id) === p && !this.#pending.has(p.id)) this.#pending.set(p.id, p);
        }
        if (this.#pending.size > 0) this.#schedule();
        this.#onError(error);
      });
    return this.#writing;
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }
}
