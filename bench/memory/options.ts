/** Command-line options of `npm run bench -- memory`. */
import { parseBenchArgs, wholeOption } from "../cli-options.ts";

export interface MemoryBenchOptions {
  /** Calls left waiting in the queue. */
  readonly calls: number;
  /** ReceiveInbound commands issued together, so that group commit batches them. */
  readonly inFlight: number;
  /** A few seconds with few calls: checks that tasks wait and are measured, not the goal. */
  readonly smoke: boolean;
  readonly json: string | undefined;
}

const usage = `usage: npm run bench -- memory [options]
  --calls N      calls left waiting in the queue (default 50000; 2000 with --smoke)
  --in-flight N  ReceiveInbound commands issued together (default 500)
  --smoke        a few seconds: checks that the calls wait and are measured; the goal is
                 not asserted, since so few tasks make a noisy figure
  --json FILE    also write the figures as JSON`;

export function readMemoryOptions(argv: readonly string[]): MemoryBenchOptions {
  const smoke = argv.includes("--smoke");
  const values = parseBenchArgs(
    argv.filter((arg) => arg !== "--smoke"),
    ["calls", "in-flight", "json"],
    usage,
  );
  return {
    calls: wholeOption("calls", values.calls, smoke ? 2_000 : 50_000),
    inFlight: wholeOption("in-flight", values["in-flight"], 500),
    smoke,
    json: values.json,
  };
}
