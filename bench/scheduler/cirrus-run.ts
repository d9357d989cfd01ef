/**
 * Cirrus's side: N entries created through the engine, their memory after a forced GC, a
 * stretch of idle time with all of them pending, then the window in which they fall due
 * (fire-window.ts). What fired is read back from the log.
 */
import { join } from "node:path";
import type { Engine } from "../../src/engine/engine.ts";
import type { Progress } from "../progress.ts";
import { type Calibration, calibrate, creationBudgetMs } from "./calibration.ts";
import { benchTenant, createEntries } from "./create-entries.ts";
import { runWindow, type WindowFigures } from "./fire-window.ts";
import { type FiredFigures, readFired } from "./fired-entries.ts";
import { type MemoryReading, settledMemory } from "./heap.ts";
import type { SchedulerBenchOptions } from "./options.ts";
import { type ErrorCounts, ErrorTally, openProvisioned } from "./rig.ts";
import { cpuMsSince, cpuPerSecond, sleepUntil } from "./timing.ts";

/** Idle time with every entry pending, between creation and the window, at least. */
const leadMs = 4_000;
/** The same in a smoke run, which measures no idle CPU worth quoting. */
const smokeLeadMs = 1_000;
/** After a forced GC, V8 sweeps for a moment: idle CPU is measured from then on. */
const settleMs = 500;
/** The process's idle CPU before any entry exists, for comparison (smoke: shorter). */
const floorMs = 2_000;
const smokeFloorMs = 300;

export interface CirrusFigures {
  readonly calibration: Calibration;
  readonly creation: { readonly seconds: number; readonly perSecond: number };
  readonly pendingAfterCreation: number;
  readonly memory: { readonly before: MemoryReading; readonly after: MemoryReading };
  readonly idle: {
    readonly seconds: number;
    readonly cpuMsPerSecond: number;
    /** The same process idle before creating any entry: V8's and Node's housekeeping. */
    readonly floorCpuMsPerSecond: number;
  };
  /** Entries due before creation and the memory reading were over: the estimate fell short. */
  readonly dueBeforeIdle: number;
  readonly window: WindowFigures;
  readonly fired: FiredFigures;
  readonly errors: ErrorCounts;
}

/** `dueAts` holds the window offsets on entry and the due dates (epoch ms) on return. */
export async function runCirrus(
  dir: string,
  dueAts: Float64Array,
  windowMs: number,
  options: Pick<SchedulerBenchOptions, "inFlight" | "snapshotEvery" | "smoke">,
  progress: Progress,
  log: (message: string) => void,
): Promise<CirrusFigures> {
  const errors = new ErrorTally();
  const settings = { errors, snapshotEvery: options.snapshotEvery };
  const { inFlight } = options;
  const n = dueAts.length;
  const calibration = await calibrate(dir, n, inFlight, settings, progress);
  const { store, engine: first } = await openProvisioned(join(dir, "cirrus.db"), settings);
  let engine: Engine = first;
  try {
    const afterSeq = engine.committedSeq;
    const ids = new Array<string>(n).fill("");
    const before = settledMemory();
    const floor = options.smoke ? smokeFloorMs : floorMs;
    const floorCpuMsPerSecond = await idleCpu(Date.now() + settleMs + floor);
    const lead = options.smoke ? smokeLeadMs : leadMs;
    const windowStart = Math.ceil(Date.now() + creationBudgetMs(calibration, n) + lead);
    for (let i = 0; i < n; i++) dueAts[i] = windowStart + (dueAts[i] ?? 0);

    progress.start("create entries", n, "entries");
    const created = performance.now();
    await createEntries(engine, dueAts, ids, inFlight, (count) => progress.update(count));
    await engine.drained();
    const creationSeconds = (performance.now() - created) / 1000;
    progress.stop();
    const pendingAfterCreation = engine.state(benchTenant)?.entries.size ?? 0;
    const after = settledMemory();
    const dueBeforeIdle = countBelow(dueAts, Date.now());

    // No progress bar while idle: its redraw timer would be the only work left.
    const idleUntil = windowStart - 100;
    const idleSeconds = Math.max(0, (idleUntil - Date.now() - settleMs) / 1000);
    log(`idle for ${idleSeconds.toFixed(1)} s with ${n} entries pending`);
    const idle = {
      seconds: idleSeconds,
      cpuMsPerSecond: await idleCpu(idleUntil),
      floorCpuMsPerSecond,
    };

    const plan = { store, settings, entries: n, start: windowStart, windowMs };
    const ran = await runWindow(plan, engine, progress);
    engine = ran.engine;
    const window = ran.figures;
    const end = {
      scheduled: scheduledIds(engine),
      gaveUp: window.gaveUpAt !== null,
      restart: window.restart,
    };
    progress.start("read back", n, "events");
    const fired = await readFired(store, afterSeq, ids, dueAts, end, (r) => progress.update(r));
    progress.stop();
    return {
      calibration,
      creation: { seconds: creationSeconds, perSecond: n / creationSeconds },
      pendingAfterCreation,
      memory: { before, after },
      idle,
      dueBeforeIdle,
      window,
      fired,
      errors: errors.counts(),
    };
  } finally {
    progress.stop();
    await engine.close();
    await store.close();
  }
}

/** CPU ms per second from `settleMs` from now until `until` (epoch ms). */
async function idleCpu(until: number): Promise<number> {
  await sleepUntil(Date.now() + settleMs);
  const started = Date.now();
  const cpu = process.cpuUsage();
  await sleepUntil(until);
  return cpuPerSecond(cpuMsSince(cpu), Date.now() - started);
}

function scheduledIds(engine: Engine): Set<string> {
  const ids = new Set<string>();
  for (const [id, entry] of engine.state(benchTenant)?.entries ?? []) {
    if (entry.status === "Scheduled") ids.add(id);
  }
  return ids;
}

function countBelow(values: Float64Array, limit: number): number {
  let count = 0;
  for (const v of values) if (v < limit) count++;
  return count;
}
