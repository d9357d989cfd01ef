/**
 * Where subscriptions read the log: the most recent committed events are kept in memory, so
 * consumers that keep up never touch the store; one that lags, or replays, reads the store.
 */
import type { Store, StoredEvent } from "../store/port.ts";

export interface FeedPage {
  /** Events of the tenant and types asked for, in order. */
  readonly events: readonly StoredEvent[];
  /** Every event up to this seq has been looked at; a cursor may move here. */
  readonly through: number;
}

export class EventFeed {
  readonly #store: Store;
  readonly #capacity: number;
  readonly #committedSeq: () => number;
  #buffer: StoredEvent[] = [];

  constructor(store: Store, committedSeq: () => number, capacity = 50_000) {
    this.#store = store;
    this.#committedSeq = committedSeq;
    this.#capacity = capacity;
  }

  push(events: readonly StoredEvent[]): void {
    const first = events[0];
    const last = this.#buffer.at(-1);
    // The buffer must hold an unbroken run of seqs: after a gap (events that reached the
    // store without passing here, e.g. a commit reported failed that did land) start anew,
    // and readers before the new run go to the store.
    if (first && last && first.seq !== last.seq + 1) this.#buffer = [];
    this.#buffer.push(...events);
    const excess = this.#buffer.length - this.#capacity;
    if (excess > this.#capacity / 10) this.#buffer = this.#buffer.slice(excess);
  }

  async read(
    after: number,
    limit: number,
    tenantId: string,
    types: ReadonlySet<string>,
  ): Promise<FeedPage> {
    const first = this.#buffer[0];
    if (first && after >= first.seq - 1) return this.#readBuffer(after, limit, tenantId, types);
    const committed = this.#committedSeq();
    const events = await this.#store.readEvents({ after, limit, tenantId, types: [...types] });
    const last = events.at(-1)?.seq ?? after;
    // A short page holds everything committed when the read began.
    return { events, through: events.length < limit ? Math.max(last, committed) : last };
  }

  /** One event by seq, if it is the tenant's. */
  async eventAt(tenantId: string, seq: number): Promise<StoredEvent | undefined> {
    const buffered = this.#buffer[this.#indexAfter(seq - 1)];
    if (buffered?.seq === seq) return buffered.tenantId === tenantId ? buffered : undefined;
    const [event] = await this.#store.readEvents({ after: seq - 1, limit: 1, tenantId });
    return event?.seq === seq ? event : undefined;
  }

  /** Index of the first buffered event after `seq`. */
  #indexAfter(seq: number): number {
    const buffer = this.#buffer;
    let low = 0;
    let high = buffer.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((buffer[mid]?.seq ?? 0) <= seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  #readBuffer(
    after: number,
    limit: number,
    tenantId: string,
    types: ReadonlySet<string>,
  ): FeedPage {
    const buffer = this.#buffer;
    const events: StoredEvent[] = [];
    let through = after;
    for (let i = this.#indexAfter(after); i < buffer.length && events.length < limit; i++) {
      const event = buffer[i] as StoredEvent;
      through = event.seq;
      if (event.tenantId === tenantId && types.has(event.type)) events.push(event);
    }
    return { events, through };
  }
}
