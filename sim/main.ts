/**
 * `npm run sim -- --offers 1000000 --seed 1`: runs the distribution simulator
 * (distribution-sim.ts) in virtual time, printing progress to stderr and the counts and any
 * invariant violations to stdout. Exits 1 on any violation.
 */
import { parseArgs } from "node:util";
import { runDistributionSim, type SimCounts } from "./distribution-sim.ts";

const usage = `usage: npm run sim -- [options]
  --offers N     offers to make before the run ends (default 100000)
  --seed N       seed of the random traffic and tenant (default 1)
  --users N      users of the generated tenant (default 60)
  --services N   services of the generated tenant (default 12)
  --json         print the result as JSON`;

function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0`);
  return n;
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      offers: { type: "string" },
      seed: { type: "string" },
      users: { type: "string" },
      services: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return {
    offers: whole("offers", values.offers, 100_000),
    seed: whole("seed", values.seed, 1),
    users: whole("users", values.users, 60),
    services: whole("services", values.services, 12),
    json: values.json ?? false,
  };
}

const rate = (counts: SimCounts) =>
  Math.round(counts.offers / Math.max(0.001, counts.elapsedMs / 1000)).toLocaleString("en");

function main(): number {
  const options = readOptions();
  process.stderr.write(
    `sim: seed ${options.seed}, ${options.users} users, ${options.services} services, ` +
      `until ${options.offers.toLocaleString("en")} offers\n`,
  );
  const result = runDistributionSim({
    ...options,
    onProgress: (counts) =>
      process.stderr.write(
        `sim: ${counts.offers.toLocaleString("en")} offers, ${counts.steps.toLocaleString("en")} steps, ` +
          `${(counts.elapsedMs / 1000).toFixed(1)} s (${rate(counts)} offers/s)\n`,
      ),
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const width = Math.max(...Object.keys(result.counts).map((k) => k.length));
    for (const [name, value] of Object.entries(result.counts)) {
      process.stdout.write(`${name.padEnd(width)}  ${value.toLocaleString("en")}\n`);
    }
    process.stdout.write(`${"offers/s".padEnd(width)}  ${rate(result.counts)}\n`);
    if (result.violations.length === 0) process.stdout.write("no invariant violated\n");
    for (const { kind, count, examples } of result.violations) {
      process.stdout.write(`VIOLATION ${kind}: ${count.toLocaleString("en")}\n`);
      for (const example of examples) process.stdout.write(`  ${example}\n`);
    }
  }
  return result.violations.length === 0 ? 0 : 1;
}

process.exitCode = main();
