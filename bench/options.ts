/** Command-line options of `npm run bench`. */
import { parseArgs } from "node:util";

export interface BenchOptions {
  readonly agents: number;
  readonly callers: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Upper bound of each SQLite baseline mode, in seconds. */
  readonly baselineSeconds: number;
  readonly json: string | undefined;
  /** Directory for a CPU profile of the server process, if wanted. */
  readonly cpuProf: string | undefined;
}

const usage = `usage: npm run bench -- [options]
  --agents N            agents, all members of one service (default 64)
  --callers N           caller workers, one call in flight each (default: agents)
  --seconds S           measured phase (default 10)
  --warmup S            warm-up phase (default 2)
  --baseline-seconds S  bound of each SQLite baseline mode (default 3)
  --json FILE           also write the figures as JSON
  --cpu-prof DIR        write a CPU profile of the server process into DIR`;

function positive(name: string, value: string | undefined, fallback: number, integer: boolean) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a ${integer ? "whole " : ""}number > 0, not ${value}`);
  }
  return n;
}

export function readOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      agents: { type: "string" },
      callers: { type: "string" },
      seconds: { type: "string" },
      warmup: { type: "string" },
      "baseline-seconds": { type: "string" },
      json: { type: "string" },
      "cpu-prof": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const agents = positive("agents", values.agents, 64, true);
  return {
    agents,
    callers: positive("callers", values.callers, agents, true),
    seconds: positive("seconds", values.seconds, 10, false),
    warmupSeconds: positive("warmup", values.warmup, 2, false),
    baselineSeconds: positive("baseline-seconds", values["baseline-seconds"], 3, false),
    json: values.json,
    cpuProf: values["cpu-prof"],
  };
}
