/** Command-line options of `npm run bench -- triggers`. */
import { parseBenchArgs, positiveOption } from "../cli-options.ts";

export type ReceiverMode = "inline" | "process";

export interface TriggerBenchOptions {
  /** Subscription counts, one round each. */
  readonly subscriptions: readonly number[];
  /** Target deliveries/s of the paced phase, summed over all subscriptions. */
  readonly rate: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  /** Measured window of the as-fast-as-it-goes phase (after a 0.5 s warm-up). */
  readonly maxSeconds: number;
  readonly receiver: ReceiverMode;
  /** Seconds and small sizes, no warm-up and no baseline: the checks only. */
  readonly smoke: boolean;
  readonly json: string | undefined;
  readonly cpuProf: string | undefined;
}

const usage = `usage: npm run bench -- triggers [options]
  --subs LIST       subscription counts, comma separated (default 1,10,100; smoke 2)
  --rate R          target deliveries/s of the paced phase, all subscriptions (default 2000;
                    smoke 300)
  --warmup S        warm-up of the paced phase (default 1; smoke 0.2)
  --seconds S       measured window of the paced phase (default 4; smoke 1)
  --max-seconds S   measured window of the as-fast-as-it-goes phase (default 3; smoke 0.5)
  --receiver MODE   process (a child process, default) or inline (in the bench process)
  --json FILE       also write the figures as JSON
  --cpu-prof DIR    write a CPU profile of the server process into DIR`;

function counts(value: string | undefined, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  const list = value.split(",").map((part) => Number(part.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1 || n > 500)) {
    throw new Error(`--subs must list whole numbers from 1 to 500, not ${value}`);
  }
  return list;
}

function receiverMode(value: string | undefined): ReceiverMode {
  if (value === undefined || value === "inline" || value === "process") return value ?? "process";
  throw new Error(`--receiver must be inline or process, not ${value}`);
}

export function readTriggerOptions(argv: readonly string[]): TriggerBenchOptions {
  const values = parseBenchArgs(
    argv,
    ["subs", "rate", "warmup", "seconds", "max-seconds", "receiver", "json", "cpu-prof"],
    usage,
  );
  const { smoke } = values;
  return {
    subscriptions: counts(values.subs, smoke ? [2] : [1, 10, 100]),
    rate: positiveOption("rate", values.rate, smoke ? 300 : 2000),
    warmupSeconds: positiveOption("warmup", values.warmup, smoke ? 0.2 : 1),
    seconds: positiveOption("seconds", values.seconds, smoke ? 1 : 4),
    maxSeconds: positiveOption("max-seconds", values["max-seconds"], smoke ? 0.5 : 3),
    receiver: receiverMode(values.receiver),
    smoke,
    json: values.json,
    cpuProf: values["cpu-prof"],
  };
}
