/** The most recent delivery attempts of a subscription, for its administrators. */
export interface AttemptRecord {
  readonly seq: number;
  readonly taskId: string | null;
  readonly attempt: number;
  readonly status: number;
  readonly latencyMs: number;
  readonly error: string | null;
  readonly at: number;
}

export class AttemptLog {
  readonly #capacity: number;
  readonly #entries: AttemptRecord[] = [];

  constructor(capacity = 50) {
    this.#capacity = capacity;
  }

  add(entry: AttemptRecord): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#capacity) this.#entries.shift();
  }

  /** Newest first. */
  recent(): AttemptRecord[] {
    return [...this.#entries].reverse();
  }
}
