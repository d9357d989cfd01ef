/** The figures of a scheduler-benchmark run, as printed and as written by `--json`. */
import type { CirrusFigures } from "./cirrus-run.ts";
import { giveUpMs } from "./fire-window.ts";
import type { FiredFigures } from "./fired-entries.ts";
import { stepMs } from "./lag-watchdog.ts";
import { targetMs } from "./lateness.ts";
import type { SchedulerBenchOptions } from "./options.ts";
import { type PollingFigures, pollIntervalMs } from "./polling-baseline.ts";

export interface SchedulerBenchFigures {
  readonly config: Omit<SchedulerBenchOptions, "snapshotEvery"> & {
    /** Null: the engine's default, as in production. */
    readonly snapshotEvery: number | null;
    readonly node: string;
    readonly cpus: number;
    /** 1-minute load average before and after: other work on the machine skews the times. */
    readonly loadAverage: { readonly before: number; readonly after: number };
  };
  readonly method: string;
  readonly cirrus: CirrusFigures;
  readonly memory: {
    readonly heapBytesPerEntry: number;
    readonly rssBytesPerEntry: number;
    readonly heapGrowthBytes: number;
    readonly rssGrowthBytes: number;
  };
  /**
   * Cirrus's idle CPU less the floor (the same process before any entry existed), beside
   * a poll's own CPU: what holding the entries costs, as a poll is what polling costs.
   */
  readonly idleAboveFloorMsPerSecond: number;
  readonly baseline: PollingFigures & { readonly pollIntervalMs: number };
  /** Cirrus ÷ baseline: below 1 Cirrus is better. */
  readonly ratios: {
    readonly p99Lateness: number | null;
    readonly maxLateness: number | null;
    readonly idleCpuVsIndexed: number | null;
    readonly idleCpuVsUnindexed: number | null;
  };
  /** Of the entries not due during the restart, how many fired within the target. */
  readonly target: {
    readonly ms: number;
    readonly entries: number;
    readonly withinTarget: number;
    readonly met: boolean;
  };
  /** Why the run failed (an entry lost, fired twice or unknown); empty when it did not. */
  readonly failures: readonly string[];
}

export const method =
  "Cirrus: Engine.open on openSqliteStore (WAL, synchronous FULL) with systemClock, the " +
  "demo directory provisioned; entries created with engine.execute(CreateSchedulerEntry), " +
  "--in-flight commands at a time; due dates uniform (seeded) over the window, which " +
  "starts a few seconds after creation ends (its length estimated on a throwaway store " +
  "first). Heap and RSS read after a forced full GC before and after creating them. " +
  "Lateness: a DueDateReached event's `at` (the engine's decision time) minus the entry's " +
  "due date, every event read back from the store. Halfway through the window the engine " +
  "is closed and a new one opened on the same store. Timers of the bench's own, armed in " +
  `advance every ${stepMs} ms, measure how late timers run; past ${giveUpMs / 1000} s the ` +
  "run gives up (the engine is closed and what fired is reported). Baseline: the same due " +
  "dates as rows " +
  "of a plain better-sqlite3 table (WAL, synchronous FULL), polled every " +
  `${pollIntervalMs / 1000} s with SELECT … WHERE due_at <= now AND fired = 0 and one ` +
  "UPDATE transaction for what it found; lateness is the poll's now minus the due date; " +
  "CPU from process.cpuUsage() over the same kind of stretch.";

export function ratio(cirrus: number, baseline: number): number | null {
  return baseline > 0 ? cirrus / baseline : null;
}

export function failuresOf(cirrus: CirrusFigures): string[] {
  const f = cirrus.fired;
  const failures: string[] = [];
  if (f.lost > 0) failures.push(`${f.lost} entries never fired`);
  if (f.firedTwice > 0) failures.push(`${f.firedTwice} entries fired more than once`);
  if (f.unknown > 0) failures.push(`${f.unknown} DueDateReached events of unknown entries`);
  if (f.firedOnce === 0) failures.push("no entry fired: nothing was checked");
  if (cirrus.errors.count > 0) {
    failures.push(`${cirrus.errors.count} errors reported by the engine`);
    failures.push(...cirrus.errors.first.map((e) => `  ${e}`));
  }
  if (failures.length > 0) failures.push(...f.examples.map((e) => `  ${e}`));
  return failures;
}

/** A smoke run's figures: the entries and what fired, no baseline and no timings. */
export interface SchedulerSmokeFigures {
  readonly config: SchedulerBenchOptions;
  readonly cirrus: CirrusFigures;
  readonly failures: readonly string[];
}

export function targetOf(entries: number, fired: FiredFigures): SchedulerBenchFigures["target"] {
  const considered = entries - fired.duringRestart.count;
  const withinTarget = fired.onTime.count - fired.onTime.overTarget;
  return { ms: targetMs, entries: considered, withinTarget, met: withinTarget === considered };
}
