import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { seededRandom } from "../../test/support/seeded-random.ts";
import { createProgress } from "../progress.ts";
import { publish } from "../publish.ts";
import { routingDirectory, shape } from "./directory.ts";
import {
  directoryFigures,
  failuresOf,
  kindFigures,
  method,
  type RoutingBenchFigures,
  targetP99Ms,
} from "./figures.ts";
import { watchGc } from "./gc-watch.ts";
import { pace, RoutingLoad } from "./load.ts";
import { readRoutingOptions } from "./options.ts";
import { formatRoutingReport, formatRoutingSmokeReport } from "./report.ts";
import { Samples } from "./samples.ts";

const log = (message: string) => process.stderr.write(`bench routing: ${message}\n`);

/** Runs the benchmark with the arguments after `routing`; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = readRoutingOptions(argv);
  const random = seededRandom(options.seed);
  const progress = createProgress();
  const loadBefore = loadavg()[0] ?? 0;
  const setupStarted = performance.now();
  const directory = routingDirectory(options.users, options.services, random);
  const load = new RoutingLoad(directory, random);
  try {
    progress.start("set-up: presence", options.users * pace.availableShare, "users");
    load.setAvailable((n) => progress.update(n));
    progress.start("set-up: tasks", options.tasks, "tasks");
    load.fill(options.tasks, (n) => progress.update(n));
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const phase = (label: string, count: number, samples: Samples) => {
      progress.start(label, count, "decisions");
      load.run(samples, count, options.tasks, (n) => progress.update(n));
    };
    if (options.warmup > 0) phase("warm-up", options.warmup, new Samples());
    const atStart = load.picture();
    const virtualStart = load.virtualSeconds;
    const samples = new Samples();
    const gcWatch = watchGc();
    const measureStarted = performance.now();
    phase("measure", options.decisions, samples);
    const wallSeconds = (performance.now() - measureStarted) / 1000;
    progress.stop();
    const gc = await gcWatch.stop();

    const kinds = kindFigures(samples);
    const all = kinds.find((k) => k.kind === "all routing");
    const decideSeconds = all ? (all.cirrus.meanUs * all.cirrus.count) / 1e6 : 0;
    const measuredP99Ms = (all?.cirrus.p99Us ?? 0) / 1000;
    const figures: RoutingBenchFigures = {
      config: {
        ...options,
        shape,
        pace,
        node: process.version,
        cpus: availableParallelism(),
        loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
      },
      method,
      directory: directoryFigures(directory),
      setupSeconds,
      load: { atStart, atEnd: load.picture(), virtualSeconds: load.virtualSeconds - virtualStart },
      measured: {
        wallSeconds,
        decisionsPerSecond: decideSeconds > 0 ? samples.decisions / decideSeconds : 0,
        decisionsPerWallSecond: samples.decisions / wallSeconds,
        gc,
      },
      kinds,
      checks: load.checks,
      target: { p99Ms: targetP99Ms, measuredP99Ms, met: measuredP99Ms < targetP99Ms },
      failures: failuresOf(load.checks),
    };
    return publish(
      options.smoke ? formatRoutingSmokeReport(figures) : formatRoutingReport(figures),
      figures,
      options.json,
      figures.failures.length > 0,
      log,
    );
  } finally {
    progress.stop();
  }
}
