/**
 * `npm run bench -- memory`: heap per waiting task. The engine as `serve` runs it, with
 * nobody signed in, is measured empty and again with N calls waiting in the queue, in the
 * same process. Exits 1 above 2,048 bytes per waiting task (not in `--smoke`), or if the
 * calls do not all wait.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publish } from "../publish.ts";
import { computeFigures } from "./figures.ts";
import { settledHeapBytes } from "./heap.ts";
import { readMemoryOptions } from "./options.ts";
import { formatMemoryReport } from "./report.ts";
import { callMany, openRig, tenantId, waitingCounts } from "./rig.ts";

const log = (message: string) => process.stderr.write(`bench memory: ${message}\n`);

/** Calls made and hung up before the empty reading, so that compiled code counts in both. */
const warmupCalls = 500;

/** Runs the benchmark with the arguments after `memory`; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = readMemoryOptions(argv);
  const root = await mkdtemp(join(tmpdir(), "cirrus-bench-memory-"));
  try {
    const rig = await openRig(join(root, "cirrus.db"));
    const { engine, errors } = rig;
    try {
      log(`warming up with ${warmupCalls} calls`);
      const warm = await callMany(engine, warmupCalls, options.inFlight);
      await Promise.all(warm.map((taskId) => engine.execute(tenantId, { kind: "Hangup", taskId })));
      await engine.drained();
      const emptyHeapBytes = await settledHeapBytes();

      log(`placing ${options.calls} calls`);
      const started = performance.now();
      await callMany(engine, options.calls, options.inFlight, warmupCalls);
      await engine.drained();
      const seconds = (performance.now() - started) / 1000;
      const waitingHeapBytes = await settledHeapBytes();
      const counts = waitingCounts(engine);

      const figures = computeFigures(
        {
          calls: options.calls,
          inFlight: options.inFlight,
          smoke: options.smoke,
          node: process.version,
        },
        {
          emptyHeapBytes,
          waitingHeapBytes,
          liveTasks: counts.live,
          queuedTasks: counts.queued,
          callsPerSecond: options.calls / seconds,
          errors: [...errors],
        },
      );
      return publish(
        formatMemoryReport(figures),
        figures,
        options.json,
        figures.failures.length > 0,
        log,
      );
    } finally {
      await rig.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
