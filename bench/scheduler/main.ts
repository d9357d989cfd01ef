/**
 * `npm run bench -- scheduler`: N pending scheduler entries in the engine, each waiting on
 * its own timer. Measures creation throughput, heap per pending entry, CPU while idle, how
 * late each entry fires (read back from the log) across a restart halfway through the
 * window, and the same due dates polled from a plain SQLite table every second as the
 * baseline. Exits 1 if an entry never fired or fired twice, or the engine reported an error.
 * `--smoke`: 2,000 entries over 4 s, no polling baseline, the checks only.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "../../test/support/seeded-random.ts";
import { createProgress } from "../progress.ts";
import { publish } from "../publish.ts";
import { runCirrus } from "./cirrus-run.ts";
import { dueOffsets } from "./due-dates.ts";
import { failuresOf, method, ratio, type SchedulerBenchFigures, targetOf } from "./figures.ts";
import { readSchedulerOptions } from "./options.ts";
import { measurePolling, pollIntervalMs } from "./polling-baseline.ts";
import { formatSchedulerReport, formatSchedulerSmokeReport } from "./report.ts";

const log = (message: string) => process.stderr.write(`bench scheduler: ${message}\n`);

/** Runs the benchmark with the arguments after `scheduler`; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = readSchedulerOptions(argv);
  const progress = createProgress();
  const loadBefore = loadavg()[0] ?? 0;
  const root = await mkdtemp(join(tmpdir(), "cirrus-bench-scheduler-"));
  try {
    const windowMs = options.windowSeconds * 1000;
    const offsets = dueOffsets(options.entries, windowMs, seededRandom(options.seed));
    const dueAts = Float64Array.from(offsets);
    const cirrus = await runCirrus(root, dueAts, windowMs, options, progress, log);
    if (options.smoke) {
      const figures = { config: options, cirrus, failures: failuresOf(cirrus) };
      const report = formatSchedulerSmokeReport(figures);
      return publish(report, figures, options.json, figures.failures.length > 0, log);
    }
    log("measuring the polling baseline");
    const baseline = await measurePolling(
      join(root, "polling.db"),
      offsets,
      options.baselineSeconds,
      progress,
    );
    const { before, after } = cirrus.memory;
    const heapGrowthBytes = after.heapUsedBytes - before.heapUsedBytes;
    const rssGrowthBytes = after.rssBytes - before.rssBytes;
    const onTime = cirrus.fired.onTime;
    const idle = cirrus.idle;
    const idleAboveFloorMsPerSecond = Math.max(0, idle.cpuMsPerSecond - idle.floorCpuMsPerSecond);
    const figures: SchedulerBenchFigures = {
      config: {
        ...options,
        snapshotEvery: options.snapshotEvery ?? null,
        node: process.version,
        cpus: availableParallelism(),
        loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
      },
      method,
      cirrus,
      memory: {
        heapGrowthBytes,
        rssGrowthBytes,
        heapBytesPerEntry: heapGrowthBytes / options.entries,
        rssBytesPerEntry: rssGrowthBytes / options.entries,
      },
      idleAboveFloorMsPerSecond,
      baseline: { ...baseline, pollIntervalMs },
      ratios: {
        p99Lateness: ratio(onTime.p99Ms, baseline.run.lateness.p99Ms),
        maxLateness: ratio(onTime.maxMs, baseline.run.lateness.maxMs),
        idleCpuVsIndexed: ratio(idleAboveFloorMsPerSecond, baseline.idleWithIndex.cpuMs),
        idleCpuVsUnindexed: ratio(idleAboveFloorMsPerSecond, baseline.idleWithoutIndex.cpuMs),
      },
      target: targetOf(options.entries, cirrus.fired),
      failures: failuresOf(cirrus),
    };
    return publish(
      formatSchedulerReport(figures),
      figures,
      options.json,
      figures.failures.length > 0,
      log,
    );
  } finally {
    progress.stop();
    await rm(root, { recursive: true, force: true });
  }
}
