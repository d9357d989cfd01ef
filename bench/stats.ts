/** Latency samples and error counts per API call kind, and their summary. */

/**
 * The API calls of the load, plus `task`: a whole task as its caller worker sees it, from
 * sending POST /calls to the agent's hang-up being acknowledged (its errors are timeouts).
 */
export const callKinds = ["calls", "offers", "accept", "hangup", "task"] as const;
export type CallKind = (typeof callKinds)[number];

export interface KindSummary {
  readonly count: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Nearest-rank percentile of ascending `sorted`; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

export class CallStats {
  readonly #samples = new Map<CallKind, number[]>(callKinds.map((k) => [k, []]));
  readonly #errors = new Map<CallKind, number>(callKinds.map((k) => [k, 0]));
  readonly #firstErrors: string[] = [];

  sample(kind: CallKind, ms: number): void {
    this.#samples.get(kind)?.push(ms);
  }

  error(kind: CallKind, description: string): void {
    this.#errors.set(kind, (this.#errors.get(kind) ?? 0) + 1);
    const line = `${kind}: ${description}`;
    if (this.#firstErrors.length < 5 && !this.#firstErrors.includes(line)) {
      this.#firstErrors.push(line);
    }
  }

  get totalErrors(): number {
    let total = 0;
    for (const n of this.#errors.values()) total += n;
    return total;
  }

  /** The first few distinct errors, to show what went wrong. */
  get firstErrors(): readonly string[] {
    return this.#firstErrors;
  }

  summary(): Record<CallKind, KindSummary> {
    const entries = callKinds.map((kind) => {
      const sorted = [...(this.#samples.get(kind) ?? [])].sort((a, b) => a - b);
      const summary: KindSummary = {
        count: sorted.length,
        errors: this.#errors.get(kind) ?? 0,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        maxMs: sorted.at(-1) ?? 0,
      };
      return [kind, summary] as const;
    });
    return Object.fromEntries(entries) as Record<CallKind, KindSummary>;
  }
}
