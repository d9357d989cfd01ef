/** Command-line options of `npm run bench`. */
import { parseBenchArgs, positiveOption, wholeOption } from "./cli-options.ts";

export interface BenchOptions {
  readonly agents: number;
  readonly callers: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Upper bound of each SQLite baseline mode, in seconds. */
  readonly baselineSeconds: number;
  /** Seconds and small sizes: the checks decide, no timings are reported. */
  readonly smoke: boolean;
  readonly json: string | undefined;
  /** Directory for a CPU profile of the server process, if wanted. */
  readonly cpuProf: string | undefined;
}

const usage = `usage: npm run bench -- [options]
  --agents N            agents, all members of one service (default 64; smoke 4)
  --callers N           caller workers, one call in flight each (default: agents)
  --seconds S           measured phase (default 10; smoke 1)
  --warmup S            warm-up phase (default 2; smoke 0.2)
  --baseline-seconds S  bound of each SQLite baseline mode (default 3; smoke 0.2)
  --json FILE           also write the figures as JSON
  --cpu-prof DIR        write a CPU profile of the server process into DIR`;

export function readOptions(argv: readonly string[]): BenchOptions {
  const values = parseBenchArgs(
    argv,
    ["agents", "callers", "seconds", "warmup", "baseline-seconds", "json", "cpu-prof"],
    usage,
  );
  const { smoke } = values;
  const agents = wholeOption("agents", values.agents, smoke ? 4 : 64);
  return {
    agents,
    callers: wholeOption("callers", values.callers, agents),
    seconds: positiveOption("seconds", values.seconds, smoke ? 1 : 10),
    warmupSeconds: positiveOption("warmup", values.warmup, smoke ? 0.2 : 2),
    baselineSeconds: positiveOption(
      "baseline-seconds",
      values["baseline-seconds"],
      smoke ? 0.2 : 3,
    ),
    smoke,
    json: values.json,
    cpuProf: values["cpu-prof"],
  };
}
