/** Command-line options of `npm run bench -- interpreter`. */
import { parseArgs } from "node:util";

export interface InterpreterBenchOptions {
  /** Tasks measured per workflow, after the warm-up. */
  readonly tasks: number;
  /** Tasks run per workflow before measuring, with both workflows warmed up first. */
  readonly warmupTasks: number;
  /** Tasks in flight at any time: a new call arrives as soon as one ends. */
  readonly concurrency: number;
  /** Agents, all Available members of the one service. */
  readonly agents: number;
  readonly json: string | undefined;
}

const usage = `usage: npm run bench -- interpreter [options]
  --tasks N         tasks measured per workflow (default 20000)
  --warmup N        warm-up tasks per workflow (default 5000)
  --concurrency N   tasks in flight (default 200)
  --agents N        available agents (default: concurrency, so every queued task is offered)
  --json FILE       also write the figures as JSON`;

function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`--${name} must be a whole number > 0, not ${value}`);
  }
  return n;
}

export function readInterpreterOptions(argv: readonly string[]): InterpreterBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      tasks: { type: "string" },
      warmup: { type: "string" },
      concurrency: { type: "string" },
      agents: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const concurrency = whole("concurrency", values.concurrency, 200);
  return {
    tasks: whole("tasks", values.tasks, 20_000),
    warmupTasks: whole("warmup", values.warmup, 5_000),
    concurrency,
    agents: whole("agents", values.agents, concurrency),
    json: values.json,
  };
}
