/** Invariant violations found by a simulation, by kind, with the first few as examples. */

export interface ViolationSummary {
  readonly kind: string;
  readonly count: number;
  readonly examples: readonly string[];
}

const examplesKept = 3;

export class Violations {
  readonly #byKind = new Map<string, { count: number; examples: string[] }>();
  #total = 0;

  record(kind: string, message: string): void {
    this.#total++;
    let entry = this.#byKind.get(kind);
    if (!entry) {
      entry = { count: 0, examples: [] };
      this.#byKind.set(kind, entry);
    }
    entry.count++;
    if (entry.examples.length < examplesKept) entry.examples.push(message);
  }

  get total(): number {
    return this.#total;
  }

  summary(): ViolationSummary[] {
    return [...this.#byKind].map(([kind, { count, examples }]) => ({ kind, count, examples }));
  }
}
