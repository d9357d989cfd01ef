/**
 * `npm run bench`: a real server process on the embedded SQLite store (synchronous FULL),
 * driven over loopback HTTP by agents and callers, then the same events appended again
 * straight to SQLite as a baseline. Exits 1 if any API call failed, no task was completed, or
 * a task was not offered, connected and terminated once. `--smoke`: 4 agents for about a
 * second, the checks only. Every benchmark below takes `--smoke` too.
 * `npm run bench -- triggers` runs the trigger-delivery benchmark instead (triggers/main.ts);
 * `npm run bench -- interpreter` the pure workflow-interpreter benchmark (interpreter/main.ts);
 * `npm run bench -- routing` routing decision time with 15,000 users and 5,000 services loaded,
 * beside a linear-scan baseline (routing/main.ts).
 * `npm run bench -- scheduler` entries' lateness on timers beside polling (scheduler/main.ts).
 * `npm run bench -- memory` heap per waiting task beside an empty engine (memory/main.ts).
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ApiClient } from "../test/support/api-client.ts";
import { type ServerProcess, startServer } from "../test/support/server-process.ts";
import { type BenchFigures, computeFigures, windowBatchSize } from "./figures.ts";
import { benchFixture, writeSeedFile } from "./fixture.ts";
import { type LoadResult, runLoad } from "./load-generator.ts";
import { type BenchOptions, readOptions } from "./options.ts";
import { createProgress } from "./progress.ts";
import { provision } from "./provision.ts";
import { publish } from "./publish.ts";
import { formatReport, formatSmokeRunReport } from "./report.ts";
import { readRunLog } from "./run-log.ts";
import { readServer } from "./server-probe.ts";
import { measureAppendRate } from "./sqlite-baseline.ts";

const defaultBatchSize = 100;
const profileHook = new URL("./cpu-profile-hook.ts", import.meta.url);
const progress = createProgress();
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

function serverEnv(options: BenchOptions, dataDir: string, adminToken: string) {
  return {
    CIRRUS_DATA: dataDir,
    CIRRUS_BOOTSTRAP_TOKEN: adminToken,
    CIRRUS_LOG_LEVEL: "warn",
    CIRRUS_SQLITE_SYNCHRONOUS: "FULL",
    DATABASE_URL: "",
    HOST: "127.0.0.1",
    ...(options.cpuProf && {
      CIRRUS_BENCH_CPU_PROF: resolve(options.cpuProf),
      NODE_OPTIONS: `--import tsx --import ${fileURLToPath(profileHook)}`,
    }),
  };
}

async function driveServer(
  options: BenchOptions,
  server: ServerProcess,
  adminToken: string,
  agentUpns: readonly string[],
): Promise<LoadResult> {
  const client = new ApiClient(server.url, options.agents + options.callers + 4);
  try {
    const credentials = await provision(client, adminToken, agentUpns);
    const total = options.warmupSeconds + options.seconds;
    progress.start("load", total, "s");
    const load = await runLoad({
      client,
      credentials,
      callers: options.callers,
      warmupMs: options.warmupSeconds * 1000,
      measureMs: options.seconds * 1000,
      read: () => readServer(client),
      onTick: (t) =>
        progress.update(Math.min(total, t.elapsedMs / 1000), `${t.phase}, ${t.tasks} tasks`),
    });
    progress.stop();
    return load;
  } finally {
    progress.stop();
    await client.close();
  }
}

async function run(options: BenchOptions, root: string): Promise<BenchFigures> {
  const dataDir = join(root, "data");
  const baselineDir = join(root, "baseline");
  await Promise.all([mkdir(dataDir), mkdir(baselineDir)]);
  const fixture = benchFixture(options.agents);
  const seedFile = await writeSeedFile(root, fixture.directory);
  const adminToken = `cirrus_${randomBytes(32).toString("base64url")}`;

  log(`starting the server (data in ${dataDir})`);
  const server = await startServer(["--seed", seedFile], serverEnv(options, dataDir, adminToken));
  let load: LoadResult;
  try {
    load = await driveServer(options, server, adminToken, fixture.agentUpns);
  } finally {
    await server.kill("SIGTERM");
  }
  if (server.child.exitCode !== 0) {
    throw new Error(`the server exited with ${server.child.exitCode}:\n${server.output()}`);
  }

  log("server stopped; measuring the SQLite baseline");
  const runLog = readRunLog(join(dataDir, "cirrus.db"), load.before.lastSeq, load.after.lastSeq);
  const measured = windowBatchSize(load);
  const batchSize = Math.max(1, Math.round(measured ?? defaultBatchSize));
  const boundMs = options.baselineSeconds * 1000;
  const baseline = async (size: number, label: string) => {
    progress.start(label, runLog.events.length, "events");
    try {
      return await measureAppendRate(baselineDir, runLog.events, size, boundMs, (n) =>
        progress.update(n),
      );
    } finally {
      progress.stop();
    }
  };
  const perEvent = await baseline(1, "baseline 1/txn");
  const batched = await baseline(batchSize, `baseline ${batchSize}/txn`);

  return computeFigures({
    options,
    cpus: availableParallelism(),
    load,
    mix: runLog.mix,
    baselineMethod:
      "the run's events re-appended via openSqliteStore({synchronous: FULL}).append() " +
      `to a fresh migrated file, each mode bounded to ${options.baselineSeconds} s`,
    batchSizeSource: measured === undefined ? "default, no batch metric" : "window avg commit",
    perEvent,
    batched,
  });
}

async function main(): Promise<number> {
  if (process.argv[2] === "triggers") {
    return (await import("./triggers/main.ts")).main(process.argv.slice(3));
  }
  if (process.argv[2] === "interpreter") {
    return (await import("./interpreter/main.ts")).main(process.argv.slice(3));
  }
  if (process.argv[2] === "routing") {
    return (await import("./routing/main.ts")).main(process.argv.slice(3));
  }
  if (process.argv[2] === "scheduler") {
    return (await import("./scheduler/main.ts")).main(process.argv.slice(3));
  }
  if (process.argv[2] === "memory") {
    return (await import("./memory/main.ts")).main(process.argv.slice(3));
  }
  const options = readOptions(process.argv.slice(2));
  const root = await mkdtemp(join(tmpdir(), "cirrus-bench-"));
  try {
    const figures = await run(options, root);
    const report = options.smoke ? formatSmokeRunReport(figures) : formatReport(figures);
    return publish(report, figures, options.json, figures.failures.length > 0, log);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    progress.stop();
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
