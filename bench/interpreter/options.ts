/** Command-line options of `npm run bench -- interpreter`. */
import { parseBenchArgs, wholeOption } from "../cli-options.ts";

export interface InterpreterBenchOptions {
  /** Tasks measured per workflow, after the warm-up. */
  readonly tasks: number;
  /** Tasks run per workflow before measuring, with both workflows warmed up first. */
  readonly warmupTasks: number;
  /** Tasks in flight at any time: a new call arrives as soon as one ends. */
  readonly concurrency: number;
  /** Agents, all Available members of the one service. */
  readonly agents: number;
  /** Small sizes: the checks decide, no timings are reported. */
  readonly smoke: boolean;
  readonly json: string | undefined;
}

const usage = `usage: npm run bench -- interpreter [options]
  --tasks N         tasks measured per workflow (default 20000; smoke 500)
  --warmup N        warm-up tasks per workflow (default 5000; smoke 100)
  --concurrency N   tasks in flight (default 200; smoke 20)
  --agents N        available agents (default: concurrency, so every queued task is offered)
  --json FILE       also write the figures as JSON`;

export function readInterpreterOptions(argv: readonly string[]): InterpreterBenchOptions {
  const values = parseBenchArgs(argv, ["tasks", "warmup", "concurrency", "agents", "json"], usage);
  const { smoke } = values;
  const concurrency = wholeOption("concurrency", values.concurrency, smoke ? 20 : 200);
  return {
    tasks: wholeOption("tasks", values.tasks, smoke ? 500 : 20_000),
    warmupTasks: wholeOption("warmup", values.warmup, smoke ? 100 : 5_000),
    concurrency,
    agents: wholeOption("agents", values.agents, concurrency),
    smoke,
    json: values.json,
  };
}
