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
  readonly json: string | undefined;
}

const usage = `usage: npm run bench -- routing [options]
  --users N       users in the directory (default 15000)
  --services N    services (queues) in the directory (default 5000)
  --decisions N   routing decisions measured after the warm-up (default 6000)
  --warmup N      routing decisions before measuring (default 1000)
  --tasks N       live tasks, queued or connected, the load keeps (default 20000)
  --seed N        seed of the directory and of the load (default 1)
  --json FILE     also write the figures as JSON`;

export function readRoutingOptions(argv: readonly string[]): RoutingBenchOptions {
  const values = parseBenchArgs(
    argv,
    ["users", "services", "decisions", "warmup", "tasks", "seed", "json"],
    usage,
  );
  return {
    users: wholeOption("users", values.users, 15_000),
    services: wholeOption("services", values.services, 5_000),
    // Not more by default: the baseline's scans take 0.5–3 ms a decision and Cirrus's up to
    // several ms today, and a default run must stay well under a minute on 2 cores. p99 is
    // still the 60th slowest of 6,000; pass --decisions 20000 for a finer tail.
    decisions: wholeOption("decisions", values.decisions, 6_000),
    warmup: wholeOption("warmup", values.warmup, 1_000, 0),
    tasks: wholeOption("tasks", values.tasks, 20_000),
    seed: wholeOption("seed", values.seed, 1, 0),
    json: values.json,
  };
}
