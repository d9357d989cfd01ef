/** Lateness samples (ms after the due date) and their summary against the 1 s target. */
import { percentile } from "../stats.ts";

/** The target: every entry starts within a second of its due date. */
export const targetMs = 1_000;

export interface LatenessSummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Samples more than `targetMs` late. */
  readonly overTarget: number;
}

export const noSamples: LatenessSummary = {
  count: 0,
  p50Ms: 0,
  p99Ms: 0,
  maxMs: 0,
  meanMs: 0,
  overTarget: 0,
};

export function summarise(samples: readonly number[]): LatenessSummary {
  if (samples.length === 0) return noSamples;
  const sorted = [...samples].sort((a, b) => a - b);
  let sum = 0;
  let over = 0;
  for (const ms of sorted) {
    sum += ms;
    if (ms > targetMs) over++;
  }
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? 0,
    meanMs: sum / sorted.length,
    overTarget: over,
  };
}
