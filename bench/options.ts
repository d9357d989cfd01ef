/** Command-line options of `npm run bench`. */
import { parseBenchArgs, positiveOption, wholeOption } from "./cli-options.ts";

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

export function readOptions(argv: readonly string[]): BenchOptions {
  const values = parseBenchArgs(
    argv,
    ["agents", "callers", "seconds", "warmup", "baseline-seconds", "json", "cpu-prof"],
    usage,
  );
  const agents = wholeOption("agents", values.agents, 64);
  return {
    agents,
    callers: wholeOption("callers", values.callers, agents),
    seconds: positiveOption("seconds", values.seconds, 10),
    warmupSeconds: positiveOption("warmup", values.warmup, 2),
    baselineSeconds: positiveOption("baseline-seconds", values["baseline-seconds"], 3),
    json: values.json,
    cpuProf: values["cpu-prof"],
  };
}
