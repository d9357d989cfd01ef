/**
 * What every benchmark's command line shares: strict parsing of its string options with
 * `--help` printing the usage, `--smoke` (a run of seconds with small sizes whose checks
 * decide the exit code and whose timings mean nothing), and numbers read with a message
 * naming the option.
 */
import { parseArgs } from "node:util";

/** The line every benchmark's usage ends with. */
export const smokeUsage =
  "  --smoke           seconds, small sizes, correctness checks only, no timings reported";

/** The string options named, as given, and `smoke`; prints `usage` and exits on `--help`. */
export function parseBenchArgs<N extends string>(
  argv: readonly string[],
  names: readonly N[],
  usage: string,
): Partial<Record<N, string>> & { readonly smoke: boolean } {
  const options = Object.fromEntries(names.map((name) => [name, { type: "string" as const }]));
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...options,
      help: { type: "boolean", short: "h" },
      smoke: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n${smokeUsage}\n`);
    process.exit(0);
  }
  const { help: _help, smoke, ...strings } = values;
  return { ...(strings as Partial<Record<N, string>>), smoke: smoke === true };
}

/** A whole number of at least `least` (1 unless given); `fallback` when the option is absent. */
export function wholeOption(
  name: string,
  value: string | undefined,
  fallback: number,
  least = 1,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < least) {
    throw new Error(`--${name} must be a whole number ≥ ${least}, not ${value}`);
  }
  return n;
}

/** A number above 0; `fallback` when the option is absent. */
export function positiveOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new Error(`--${name} must be a number > 0, not ${value}`);
  }
  return n;
}
