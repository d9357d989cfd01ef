/**
 * The window in which the entries fall due. From its start to halfway the firing is
 * measured (CPU, event-loop delay, GC); halfway the engine is closed and a new one opened on
 * the same store, as in a crash-free restart; then the bench waits for the rest to fire.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Engine } from "../../src/engine/engine.ts";
import type { Store } from "../../src/store/port.ts";
import type { Progress } from "../progress.ts";
import { type GcFigures, watchGc } from "../routing/gc-watch.ts";
import { FireWatch } from "./fire-watch.ts";
import type { RestartSpan } from "./fired-entries.ts";
import { LagWatchdog } from "./lag-watchdog.ts";
import { type EngineSettings, openEngine } from "./rig.ts";
import { cpuMsSince, cpuPerSecond, sleepUntil } from "./timing.ts";

/** How long after the window's end the last entries may still fire before they count as lost. */
const tailMs = 30_000;
/**
 * Timers running this late: the run gives up, closes the engine and reports what fired.
 * Ten times the target; without it a saturated engine could keep the run going for many
 * minutes.
 */
export const giveUpMs = 10_000;

export interface FiringFigures {
  /** From the window's start to the restart (or to giving up). */
  readonly seconds: number;
  readonly cpuMsPerSecond: number;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  readonly gc: GcFigures;
}

export type RestartFigures = RestartSpan & {
  readonly closeMs: number;
  readonly recoveryMs: number;
};

export interface WindowFigures {
  /** The first due date (epoch ms). */
  readonly startsAt: number;
  readonly firing: FiringFigures;
  /** Null when the run gave up before halfway. */
  readonly restart: RestartFigures | null;
  readonly longestCommitMs: number;
  /** The most a timer of the bench's own, due every few hundred ms, ran late (lag-watchdog.ts). */
  readonly maxTimerLagMs: number;
  /** Every entry fired by the window's end plus the tail, and the run did not give up. */
  readonly allFiredInTime: boolean;
  /** When the run gave up because timers ran more than `giveUpMs` late, if it did. */
  readonly gaveUpAt: number | null;
}

export interface WindowPlan {
  readonly store: Store;
  readonly settings: EngineSettings;
  readonly entries: number;
  /** Epoch ms. */
  readonly start: number;
  readonly windowMs: number;
}

/** Runs the window on `engine`; resolves with the figures and the engine in use at the end. */
export async function runWindow(
  plan: WindowPlan,
  first: Engine,
  progress: Progress,
): Promise<{ readonly figures: WindowFigures; readonly engine: Engine }> {
  let engine = first;
  let closing: Promise<void> | undefined;
  let gaveUp: () => void = () => {};
  const givenUp = new Promise<void>((resolve) => {
    gaveUp = resolve;
  });
  const watch = new FireWatch((fired) => progress.update(fired));
  const watchdog = new LagWatchdog(giveUpMs, () => {
    // Closed at once, so that the timers still owed are refused rather than decided.
    closing = engine.close();
    watch.settle(false);
    gaveUp();
  });
  try {
    progress.start("fire", plan.entries, "entries");
    watch.follow(engine);
    const deadline = plan.start + plan.windowMs + tailMs;
    watchdog.start(plan.start, deadline);
    await sleepUntil(plan.start);
    const firing = await measureFiring(plan.start + plan.windowMs / 2, givenUp);
    let restart: RestartFigures | null = null;
    if (watchdog.gaveUpAt === undefined) {
      const closedAt = Date.now();
      await engine.close();
      const closeMs = Date.now() - closedAt;
      const opened = performance.now();
      engine = await openEngine(plan.store, plan.settings);
      const recoveryMs = performance.now() - opened;
      restart = { closedAt, readyAt: Date.now(), closeMs, recoveryMs };
      watch.follow(engine);
    }
    const allFiredInTime =
      watchdog.gaveUpAt === undefined && (await watch.until(plan.entries, deadline));
    await closing;
    await engine.drained();
    const figures: WindowFigures = {
      startsAt: plan.start,
      firing,
      restart,
      longestCommitMs: watch.longestCommitMs,
      maxTimerLagMs: watchdog.maxLagMs,
      allFiredInTime,
      gaveUpAt: watchdog.gaveUpAt ?? null,
    };
    return { figures, engine };
  } finally {
    watchdog.stop();
    watch.stop();
    progress.stop();
  }
}

/** CPU, event-loop delay and GC from now until `until` (epoch ms) or the run gives up. */
async function measureFiring(until: number, givenUp: Promise<void>): Promise<FiringFigures> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gcWatch = watchGc();
  const cpu = process.cpuUsage();
  const started = Date.now();
  await Promise.race([sleepUntil(until), givenUp]);
  const wallMs = Date.now() - started;
  const cpuMs = cpuMsSince(cpu);
  delay.disable();
  return {
    seconds: wallMs / 1000,
    cpuMsPerSecond: cpuPerSecond(cpuMs, wallMs),
    loopDelayP99Ms: delay.percentile(99) / 1e6,
    loopDelayMaxMs: delay.max / 1e6,
    gc: await gcWatch.stop(),
  };
}
