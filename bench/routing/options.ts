/** Command-line options of `npm run bench -- routing`. */
import { parseBenchArgs, wholeOption } from "../cli-options.ts";

export interface RoutingBenchOptions {
  readonly users: number;
  readonly services: number;
  /** Routing decisions measured, after the warm-up. */
  readonly decisions: number;
  /** Routing decisions run before measuring. */
  readonly warmup: number;
  /** Live tasks (queued or connected) the load keeps: arrivals and ends balance around it. */
  readonly tasks: number;
  readonly seed: number;
  /** Small sizes: the checks decide, no timings are reported. */
  readonly smoke: boolean;
  readonly json: string | undefined;
}

const usage = `usage: npm run bench -- routing [options]
  --users N       users in the directory (default 15000; smoke 2000)
  --services N    services (queues) in the directory (default 5000; smoke 200)
  --decisions N   routing decisions measured after the warm-up (default 6000; smoke 500)
  --warmup N      routing decisions before measuring (default 1000; smoke 100)
  --tasks N       live tasks, queued or connected, the load keeps (default 20000; smoke 1000)
  --seed N        seed of the directory and of the load (default 1)
  --json FILE     also write the figures as JSON`;

export function readRoutingOptions(argv: readonly string[]): RoutingBenchOptions {
  const values = parseBenchArgs(
    argv,
    ["users", "services", "decisions", "warmup", "tasks", "seed", "json"],
    usage,
  );
  const { smoke } = values;
  return {
    users: wholeOption("users", values.users, smoke ? 2_000 : 15_000),
    services: wholeOption("services", values.services, smoke ? 200 : 5_000),
    // Not more by default: the baseline's scans take 0.5–3 ms a decision and Cirrus's up to
    // several ms today, and a default run must stay well under a minute on 2 cores. p99 is
    // still the 60th slowest of 6,000; pass --decisions 20000 for a finer tail.
    decisions: wholeOption("decisions", values.decisions, smoke ? 500 : 6_000),
    warmup: wholeOption("warmup", values.warmup, smoke ? 100 : 1_000, 0),
    tasks: wholeOption("tasks", values.tasks, smoke ? 1_000 : 20_000),
    seed: wholeOption("seed", values.seed, 1, 0),
    smoke,
    json: values.json,
  };
}
