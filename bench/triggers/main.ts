/**
 * `npm run bench -- triggers`: trigger deliveries from a real server process on SQLite to a
 * loopback receiver with 1, 10 and 100 subscriptions, beside the same POSTs sent straight by
 * undici. Exits 1 if any delivery is missing after the drain, arrived twice, out of order or
 * before its cause, or an ingress call failed. `--smoke`: 2 subscriptions for about a
 * second each, no warm-up and no baseline, the checks only.
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ApiClient } from "../../test/support/api-client.ts";
import { type ServerProcess, startServer } from "../../test/support/server-process.ts";
import { benchFixture, writeSeedFile } from "../fixture.ts";
import { publish } from "../publish.ts";
import { gatewayToken } from "./api.ts";
import { method, type RoundFigures, type TriggerBenchFigures, targetOf } from "./figures.ts";
import { readTriggerOptions, type TriggerBenchOptions } from "./options.ts";
import type { Receiver } from "./receiver.ts";
import { startInlineReceiver } from "./receiver.ts";
import { startReceiverProcess } from "./receiver-process.ts";
import { formatTriggerReport, formatTriggerSmokeReport } from "./report.ts";
import { runRound, warmUp } from "./round.ts";

const profileHook = new URL("../cpu-profile-hook.ts", import.meta.url);
const log = (message: string) => process.stderr.write(`bench triggers: ${message}\n`);

function serverEnv(options: TriggerBenchOptions, dataDir: string, adminToken: string) {
  return {
    CIRRUS_DATA: dataDir,
    CIRRUS_BOOTSTRAP_TOKEN: adminToken,
    CIRRUS_LOG_LEVEL: "warn",
    CIRRUS_SQLITE_SYNCHRONOUS: "FULL",
    CIRRUS_ALLOW_PRIVATE_WEBHOOKS: "true",
    DATABASE_URL: "",
    HOST: "127.0.0.1",
    ...(options.cpuProf && {
      CIRRUS_BENCH_CPU_PROF: resolve(options.cpuProf),
      NODE_OPTIONS: `--import tsx --import ${fileURLToPath(profileHook)}`,
    }),
  };
}

function failuresOf(rounds: readonly RoundFigures[]): string[] {
  const failures: string[] = [];
  for (const r of rounds) {
    for (const [phase, p] of [
      ["paced", r.paced],
      ["max", r.max],
    ] as const) {
      const c = p.correctness;
      const at = `N=${r.subscriptions} ${phase}`;
      if (c.expected === 0) failures.push(`${at}: no delivery was expected, nothing was checked`);
      if (c.missing > 0) failures.push(`${at}: ${c.missing} deliveries missing after the drain`);
      if (c.duplicates > 0) failures.push(`${at}: ${c.duplicates} webhook-ids arrived twice`);
      if (c.outOfOrder > 0) failures.push(`${at}: ${c.outOfOrder} deliveries out of task order`);
      if (c.unexpected > 0) failures.push(`${at}: ${c.unexpected} unexpected deliveries`);
      if (c.leftEarly > 0) {
        failures.push(`${at}: ${c.leftEarly} QueueLeft/Terminated deliveries before their hang-up`);
      }
      if (c.badIds > 0) failures.push(`${at}: ${c.badIds} malformed webhook-ids`);
      if (c.signaturesValid < c.signaturesChecked) {
        failures.push(`${at}: ${c.signaturesChecked - c.signaturesValid} bad signatures`);
      }
      if (p.loadErrors > 0) {
        failures.push(`${at}: ${p.loadErrors} ingress errors, first: ${p.firstLoadErrors[0]}`);
      }
    }
  }
  return failures;
}

async function runRounds(
  options: TriggerBenchOptions,
  server: ServerProcess,
  receiver: Receiver,
  adminToken: string,
  scratchDir: string,
): Promise<RoundFigures[]> {
  const client = new ApiClient(server.url, 300);
  try {
    const ctx = {
      options,
      client,
      adminToken,
      gatewayToken: await gatewayToken(client, adminToken),
      receiver,
      scratchDir,
      log,
    };
    if (!options.smoke) await warmUp(ctx, 2);
    const rounds: RoundFigures[] = [];
    for (const n of options.subscriptions) rounds.push(await runRound(ctx, n));
    return rounds;
  } finally {
    await client.close();
  }
}

async function run(options: TriggerBenchOptions, root: string): Promise<TriggerBenchFigures> {
  const dataDir = join(root, "data");
  await mkdir(dataDir);
  const seedFile = await writeSeedFile(root, benchFixture(4).directory);
  const adminToken = `cirrus_${randomBytes(32).toString("base64url")}`;
  const receiver =
    options.receiver === "process" ? await startReceiverProcess() : await startInlineReceiver();
  let rounds: RoundFigures[];
  try {
    log(`starting the server (data in ${dataDir}); receiver at ${receiver.url}`);
    const server = await startServer(["--seed", seedFile], serverEnv(options, dataDir, adminToken));
    try {
      rounds = await runRounds(options, server, receiver, adminToken, root);
    } finally {
      await server.kill("SIGTERM");
    }
    if (server.child.exitCode !== 0) {
      throw new Error(`the server exited with ${server.child.exitCode}:\n${server.output()}`);
    }
  } finally {
    await receiver.close();
  }
  return {
    config: {
      ...options,
      sqliteSynchronous: "FULL",
      node: process.version,
      cpus: availableParallelism(),
    },
    method,
    rounds,
    target: options.smoke ? null : targetOf(rounds),
    failures: failuresOf(rounds),
  };
}

/** Runs the benchmark with the arguments after `triggers`; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = readTriggerOptions(argv);
  const root = await mkdtemp(join(tmpdir(), "cirrus-bench-triggers-"));
  try {
    const figures = await run(options, root);
    return publish(
      options.smoke ? formatTriggerSmokeReport(figures) : formatTriggerReport(figures),
      figures,
      options.json,
      figures.failures.length > 0,
      log,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
