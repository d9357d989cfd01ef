/** The figures of one run, as printed and as written by `--json`. */
import type { LoadResult } from "./load-generator.ts";
import type { BenchOptions } from "./options.ts";
import type { EventMix } from "./run-log.ts";
import type { AppendRate } from "./sqlite-baseline.ts";
import type { CallKind, KindSummary } from "./stats.ts";

export interface BaselineFigure extends AppendRate {
  /** End-to-end events/s divided by this raw append rate. */
  readonly ratio: number;
}

export interface BenchFigures {
  readonly config: {
    readonly agents: number;
    readonly callers: number;
    readonly warmupSeconds: number;
    readonly seconds: number;
    readonly sqliteSynchronous: "FULL";
    readonly node: string;
    readonly cpus: number;
  };
  readonly windowSeconds: number;
  readonly tasks: { readonly completed: number; readonly perSecond: number };
  readonly events: {
    readonly written: number;
    readonly perSecond: number;
    /** Events written in the window per task completed in it. */
    readonly perTask: number;
    /** From the log: the full history of the tasks terminated in the window. */
    readonly mix: EventMix;
  };
  readonly groupCommit: {
    readonly commits: number;
    readonly avgBatchEvents: number;
    readonly avgCommitMs: number;
  };
  /** CPU cores busy on average during the window. */
  readonly cpu: { readonly server: number; readonly bench: number };
  readonly calls: Readonly<Record<CallKind, KindSummary>>;
  readonly errors: { readonly total: number; readonly first: readonly string[] };
  readonly baseline: {
    readonly method: string;
    readonly batchSizeSource: string;
    readonly perEvent: BaselineFigure;
    readonly batched: BaselineFigure;
  };
  /** Why the run failed; empty when it did not. */
  readonly failures: readonly string[];
}

/** The average group-commit batch of the window, or undefined if the server lacks it. */
export function windowBatchSize(load: LoadResult): number | undefined {
  const count = load.after.commitBatchCount - load.before.commitBatchCount;
  const sum = load.after.commitBatchSum - load.before.commitBatchSum;
  return Number.isFinite(sum / count) && count > 0 ? sum / count : undefined;
}

export interface FigureInputs {
  readonly options: BenchOptions;
  readonly cpus: number;
  readonly load: LoadResult;
  readonly mix: EventMix;
  readonly baselineMethod: string;
  readonly batchSizeSource: string;
  readonly perEvent: AppendRate;
  readonly batched: AppendRate;
}

/**
 * The run's checks: no API call failed, tasks were completed, and every task terminated in
 * the window was offered to an agent and connected once (the log's events per task).
 */
export function failuresOf(
  load: LoadResult,
  mix: EventMix,
  errors: BenchFigures["errors"],
): string[] {
  const failures: string[] = [];
  if (errors.total > 0) {
    failures.push(`${errors.total} API calls failed`, ...errors.first.map((e) => `  ${e}`));
  }
  if (load.tasksInWindow === 0 || mix.tasks === 0) {
    failures.push("no task was hung up within the measured window");
  }
  for (const type of ["OfferCreated", "ConnectedToUser", "Terminated"]) {
    const perTask = mix.byType[type] ?? 0;
    if (mix.tasks > 0 && perTask !== 1) {
      failures.push(`${type}: ${perTask.toFixed(2)} per terminated task, not 1`);
    }
  }
  return failures;
}

export function computeFigures(inputs: FigureInputs): BenchFigures {
  const { options, load } = inputs;
  const { before, after } = load;
  const seconds = (after.at - before.at) / 1000;
  const written = after.lastSeq - before.lastSeq;
  const eventsPerSecond = written / seconds;
  const commits = after.commitBatchCount - before.commitBatchCount;
  const errors = { total: load.stats.totalErrors, first: load.stats.firstErrors };
  const withRatio = (rate: AppendRate): BaselineFigure => ({
    ...rate,
    ratio: rate.eventsPerSecond > 0 ? eventsPerSecond / rate.eventsPerSecond : 0,
  });
  return {
    config: {
      agents: options.agents,
      callers: options.callers,
      warmupSeconds: options.warmupSeconds,
      seconds: options.seconds,
      sqliteSynchronous: "FULL",
      node: process.version,
      cpus: inputs.cpus,
    },
    windowSeconds: seconds,
    tasks: { completed: load.tasksInWindow, perSecond: load.tasksInWindow / seconds },
    events: {
      written,
      perSecond: eventsPerSecond,
      perTask: load.tasksInWindow > 0 ? written / load.tasksInWindow : 0,
      mix: inputs.mix,
    },
    groupCommit: {
      commits,
      avgBatchEvents: windowBatchSize(load) ?? Number.NaN,
      avgCommitMs:
        commits > 0 ? ((after.commitSecondsSum - before.commitSecondsSum) / commits) * 1000 : 0,
    },
    cpu: {
      server: (after.cpuSeconds - before.cpuSeconds) / seconds,
      bench: (after.benchCpuSeconds - before.benchCpuSeconds) / seconds,
    },
    calls: load.stats.summary(),
    errors,
    baseline: {
      method: inputs.baselineMethod,
      batchSizeSource: inputs.batchSizeSource,
      perEvent: withRatio(inputs.perEvent),
      batched: withRatio(inputs.batched),
    },
    failures: failuresOf(load, inputs.mix, errors),
  };
}
