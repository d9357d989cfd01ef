/**
 * Group commit: events of every command decided in the same tick go to the store in one
 * transaction, and each command is acknowledged only once its events are durable. While a
 * batch is being written the next one fills; batches are written strictly in order.
 */
import type { AppendBatch, Snapshot, StoredEvent } from "../store/port.ts";

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Batch {
  events: StoredEvent[];
  waiters: Waiter[];
}

export interface GroupCommitHooks {
  /** Writes one batch durably. */
  readonly write: (batch: AppendBatch) => Promise<void>;
  /** Snapshots to write with the batch about to be written (taken synchronously). */
  readonly snapshotsDue: () => Snapshot[];
  readonly committed: (events: readonly StoredEvent[], durationMs: number) => void;
  /**
   * A write failed: every event not yet durable is gone and state must be rebuilt. Returns
   * what the waiting commands are rejected with.
   */
  readonly failed: (error: unknown) => unknown;
  readonly now: () => number;
}

const emptyBatch = (): Batch => ({ events: [], waiters: [] });

export class GroupCommit {
  readonly #hooks: GroupCommitHooks;
  #open: Batch = emptyBatch();
  #writing = false;
  #scheduled = false;
  #idle: (() => void)[] = [];

  constructor(hooks: GroupCommitHooks) {
    this.#hooks = hooks;
  }

  /** Adds events to the open batch; resolves once they are durable. */
  add(events: readonly StoredEvent[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#open.events.push(...events);
      this.#open.waiters.push({ resolve, reject });
      this.#schedule();
    });
  }

  /**
   * Resolves once everything added so far is durable (at once if nothing is pending), and
   * rejects if any of it is lost.
   */
  barrier(): Promise<void> {
    if (!this.#writing && this.#open.waiters.length === 0) return Promise.resolve();
    return this.add([]);
  }

  /** Resolves when nothing is waiting to be written. */
  drained(): Promise<void> {
    if (!this.#writing && !this.#scheduled && this.#open.waiters.length === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled || this.#writing) return;
    this.#scheduled = true;
    setImmediate(() => void this.#write());
  }

  async #write(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#open;
    if (batch.waiters.length === 0) return this.#settle();
    this.#open = emptyBatch();
    this.#writing = true;
    const started = this.#hooks.now();
    try {
      // A batch of barriers only has to wait its turn: the batches before it are durable.
      if (batch.events.length > 0) {
        await this.#hooks.write({ events: batch.events, snapshots: this.#hooks.snapshotsDue() });
      }
    } catch (error) {
      // Later commands were decided on top of this batch: they cannot stand either.
      const lost = [...batch.waiters, ...this.#open.waiters];
      this.#open = emptyBatch();
      this.#writing = false;
      const reason = this.#hooks.failed(error);
      for (const waiter of lost) waiter.reject(reason);
      return this.#settle();
    }
    this.#writing = false;
    if (batch.events.length > 0) this.#hooks.committed(batch.events, this.#hooks.now() - started);
    for (const waiter of batch.waiters) waiter.resolve();
    if (this.#open.waiters.length > 0) this.#schedule();
    else this.#settle();
  }

  #settle(): void {
    if (this.#writing || this.#scheduled || this.#open.waiters.length > 0) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
