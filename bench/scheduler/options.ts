/** Command-line options of `npm run bench -- scheduler`. */
import { maxPendingEntries, maxPendingEntriesPerService } from "../../src/domain/scheduler.ts";
import { parseBenchArgs, positiveOption, wholeOption } from "../cli-options.ts";

export interface SchedulerBenchOptions {
  /** Pending scheduler entries created through the engine. */
  readonly entries: number;
  /** The due dates spread uniformly over this many seconds, starting after creation. */
  readonly windowSeconds: number;
  /** CreateSchedulerEntry commands issued together, so that group commit batches them. */
  readonly inFlight: number;
  /** Events between snapshots of the state; undefined: the engine's default, as in production. */
  readonly snapshotEvery: number | undefined;
  /** Seconds of real one-second polling in the baseline. */
  readonly baselineSeconds: number;
  readonly seed: number;
  /** Small sizes, no polling baseline: the checks decide, no timings are reported. */
  readonly smoke: boolean;
  readonly json: string | undefined;
}

const usage = `usage: npm run bench -- scheduler [options]
  --entries N            pending entries created through the engine (default 100000;
                         smoke 2000)
  --window-seconds S     due dates spread uniformly over S seconds (default 60; smoke 4)
  --in-flight N          CreateSchedulerEntry commands issued together (default 500;
                         smoke 100)
  --snapshot-every N     events between snapshots of the state (default: the engine's, as
                         in production)
  --baseline-seconds S   seconds of real one-second polling in the baseline (default 5)
  --seed N               seed of the due dates (default 1)
  --json FILE            also write the figures as JSON`;

export function readSchedulerOptions(argv: readonly string[]): SchedulerBenchOptions {
  const values = parseBenchArgs(
    argv,
    [
      "entries",
      "window-seconds",
      "in-flight",
      "snapshot-every",
      "baseline-seconds",
      "seed",
      "json",
    ],
    usage,
  );
  const { smoke } = values;
  const windowSeconds = positiveOption("window-seconds", values["window-seconds"], smoke ? 4 : 60);
  // The restart happens halfway; a shorter window leaves nothing to measure around it.
  if (windowSeconds < 4)
    throw new Error(`--window-seconds must be at least 4, not ${windowSeconds}`);
  const entries = wholeOption("entries", values.entries, smoke ? 2_000 : 100_000);
  // Every entry is for the same service.
  const most = Math.min(maxPendingEntries, maxPendingEntriesPerService);
  if (entries > most) {
    throw new Error(`--entries must be at most ${most}, the most one service keeps waiting`);
  }
  return {
    entries,
    windowSeconds,
    inFlight: wholeOption("in-flight", values["in-flight"], smoke ? 100 : 500),
    snapshotEvery: optionalWhole("snapshot-every", values["snapshot-every"]),
    baselineSeconds: positiveOption("baseline-seconds", values["baseline-seconds"], 5),
    seed: wholeOption("seed", values.seed, 1, 0),
    smoke,
    json: values.json,
  };
}

function optionalWhole(name: string, value: string | undefined): number | undefined {
  return value === undefined ? undefined : wholeOption(name, value, 1);
}
