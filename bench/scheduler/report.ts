/** The scheduler benchmark's figures as a readable report for stdout. */
import type { GcFigures } from "../routing/gc-watch.ts";
import { formatSmokeReport } from "../smoke.ts";
import type { CirrusFigures } from "./cirrus-run.ts";
import type { SchedulerBenchFigures, SchedulerSmokeFigures } from "./figures.ts";
import { giveUpMs } from "./fire-window.ts";
import { stepMs } from "./lag-watchdog.ts";
import type { LatenessSummary } from "./lateness.ts";
import type { PollCost } from "./polling-baseline.ts";

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const fixed = (n: number, digits = 1) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const times = (r: number | null) => (r === null ? "-" : `${fixed(r, r < 0.1 ? 4 : 2)}×`);
const mb = (bytes: number) => `${fixed(bytes / 2 ** 20)} MB`;

/** First column left-aligned, the others right-aligned, two spaces apart, indented by four. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const cell = (c: string, i: number) =>
    i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0);
  return rows.map((cells) => `    ${cells.map(cell).join("  ")}`);
}

function latenessRow(label: string, s: LatenessSummary): string[] {
  if (s.count === 0) return [label, "0", "-", "-", "-", "-", "-"];
  return [
    label,
    int(s.count),
    fixed(s.p50Ms, 0),
    fixed(s.p99Ms, 0),
    fixed(s.maxMs, 0),
    fixed(s.meanMs, 0),
    int(s.overTarget),
  ];
}

function gcText(gc: GcFigures): string {
  return `GC ${int(gc.pauses)} pauses, ${fixed(gc.ms)} ms (longest ${fixed(gc.longestMs)} ms)`;
}

function headLines(f: SchedulerBenchFigures): string[] {
  const c = f.config;
  const x = f.cirrus;
  const load = `${fixed(c.loadAverage.before, 2)} → ${fixed(c.loadAverage.after, 2)}`;
  const snapshots =
    c.snapshotEvery === null
      ? "snapshots at the engine's default interval"
      : `a snapshot every ${int(c.snapshotEvery)} events`;
  return [
    `Cirrus scheduler bench: ${int(c.entries)} pending entries due over ` +
      `${fixed(c.windowSeconds, 0)} s, restart halfway; embedded SQLite (synchronous FULL), ` +
      `system clock, ${snapshots}; seed ${c.seed}; ${c.cpus} CPUs, load average ${load}; ` +
      `node ${c.node}`,
    "",
    `  Set-up: ${int(c.entries)} entries created in ${fixed(x.creation.seconds)} s ` +
      `(${int(x.creation.perSecond)} entries/s, ${int(c.inFlight)} in flight; calibration ` +
      `${int(x.calibration.entries)} in ${fixed(x.calibration.seconds, 2)} s); ` +
      `${int(x.pendingAfterCreation)} pending in the state`,
    `  Memory (forced GC before and after): heap +${mb(f.memory.heapGrowthBytes)} = ` +
      `${int(f.memory.heapBytesPerEntry)} bytes per pending entry (state and timer); RSS ` +
      `+${mb(f.memory.rssGrowthBytes)} = ${int(f.memory.rssBytesPerEntry)} bytes per entry`,
    `  Idle: ${fixed(x.idle.seconds)} s with every entry pending, ` +
      `${fixed(x.idle.cpuMsPerSecond, 2)} ms CPU per second; before any entry existed ` +
      `${fixed(x.idle.floorCpuMsPerSecond, 2)} ms/s (the floor: V8's and Node's housekeeping)` +
      (x.dueBeforeIdle > 0 ? `; ${int(x.dueBeforeIdle)} entries were due before it began` : ""),
  ];
}

function firingLine(f: SchedulerBenchFigures): string {
  const w = f.cirrus.window;
  const g = w.firing;
  const perSecond = f.config.entries / f.config.windowSeconds;
  const until = w.restart === null ? "giving up" : "the restart";
  return (
    `  Firing (window start to ${until}, ${fixed(g.seconds)} s, ~${int(perSecond)} entries ` +
    `due a second): ${fixed(g.cpuMsPerSecond)} ms CPU per second; event-loop delay p99 ` +
    `${fixed(g.loopDelayP99Ms)} ms, max ${fixed(g.loopDelayMaxMs)} ms; ${gcText(g.gc)}.\n` +
    `  Whole window: longest group commit ${fixed(w.longestCommitMs)} ms; timers of the ` +
    `bench due every ${stepMs} ms ran at most ${fixed(w.maxTimerLagMs)} ms late`
  );
}

function restartLine(f: SchedulerBenchFigures): string {
  const r = f.cirrus.window.restart;
  const fired = f.cirrus.fired;
  if (r === null) return "  Restart: not measured, the run gave up before halfway";
  return (
    `  Restart halfway: close ${int(r.closeMs)} ms, recovery (Engine.open until ready) ` +
    `${int(r.recoveryMs)} ms; ${int(fired.duringRestart.count)} entries due meanwhile fired ` +
    `at most ${fixed(fired.afterRecovery.maxMs, 0)} ms after recovery`
  );
}

function exactlyOnceLines(f: { readonly cirrus: CirrusFigures }): string[] {
  const x = f.cirrus;
  const fired = x.fired;
  const e = x.errors;
  const gaveUp = x.window.gaveUpAt !== null;
  return [
    `  Exactly once: ${int(fired.firedOnce)} fired once, ${int(fired.lost)} never` +
      (x.window.allFiredInTime || gaveUp ? "" : " (the wait ended 30 s after the window)") +
      `, ${int(fired.firedTwice)} more than once, ${int(fired.unknown)} unknown` +
      (gaveUp ? `, ${int(fired.stillWaiting)} still waiting when the run gave up` : "") +
      `; ${int(e.count)} errors reported by the engine`,
    ...e.first.map((l) => `    ${l}`),
  ];
}

function cirrusLines(f: SchedulerBenchFigures): string[] {
  const fired = f.cirrus.fired;
  const gaveUpAt = f.cirrus.window.gaveUpAt;
  return [
    "",
    "  Lateness, ms after the due date (DueDateReached `at` from the log):",
    ...table([
      ["entries", "count", "p50", "p99", "max", "mean", "> 1 s"],
      latenessRow("not due during the restart", fired.onTime),
      latenessRow("due during the restart", fired.duringRestart),
      latenessRow("  the same, after recovery", fired.afterRecovery),
      latenessRow("all", fired.all),
    ]),
    ...(gaveUpAt === null
      ? []
      : [
          `  GAVE UP ${fixed((gaveUpAt - f.cirrus.window.startsAt) / 1000)} s into the window: ` +
            `timers ran more than ${int(giveUpMs / 1000)} s late, so the engine was closed; ` +
            "the figures above are of what fired until then",
        ]),
    firingLine(f),
    restartLine(f),
    ...exactlyOnceLines(f),
  ];
}

function pollCostText(label: string, c: PollCost): string {
  return (
    `    ${label}: ${fixed(c.wallMs, 3)} ms a poll (median of ${int(c.polls)}), ` +
    `${fixed(c.cpuMs, 3)} ms CPU each, so ${fixed(c.cpuMs, 3)} ms CPU per second`
  );
}

function baselineLines(f: SchedulerBenchFigures): string[] {
  const b = f.baseline;
  const run = b.run;
  return [
    "",
    `  Baseline: the same ${int(b.rows)} due dates as rows of a plain SQLite table, polled ` +
      `every ${fixed(b.pollIntervalMs / 1000, 0)} s`,
    pollCostText("idle, no index on due_at     ", b.idleWithoutIndex),
    pollCostText("idle, partial index on due_at", b.idleWithIndex),
    `    real polling with the index, ${fixed(run.seconds)} s: ${int(run.polls)} polls, ` +
      `${int(run.lateness.count)} rows fired; a firing poll takes ${fixed(run.firingPollMs)} ` +
      `ms (longest ${fixed(run.longestPollMs)} ms); ${fixed(run.cpuMsPerSecond)} ms CPU per ` +
      `second; lateness p50 ${fixed(run.lateness.p50Ms, 0)} ms, p99 ` +
      `${fixed(run.lateness.p99Ms, 0)} ms, max ${fixed(run.lateness.maxMs, 0)} ms, ` +
      `${int(run.lateness.overTarget)} over 1 s`,
  ];
}

function comparisonLines(f: SchedulerBenchFigures): string[] {
  const on = f.cirrus.fired.onTime;
  const b = f.baseline;
  const idle = f.idleAboveFloorMsPerSecond;
  return [
    "",
    "  Cirrus against polling (×: Cirrus ÷ baseline, below 1 Cirrus does better):",
    ...table([
      ["", "Cirrus", "polling", "×"],
      [
        "p99 lateness, ms",
        fixed(on.p99Ms, 0),
        fixed(b.run.lateness.p99Ms, 0),
        times(f.ratios.p99Lateness),
      ],
      [
        "max lateness, ms",
        fixed(on.maxMs, 0),
        fixed(b.run.lateness.maxMs, 0),
        times(f.ratios.maxLateness),
      ],
      [
        "idle CPU ms/s, indexed poll",
        fixed(idle, 3),
        fixed(b.idleWithIndex.cpuMs, 3),
        times(f.ratios.idleCpuVsIndexed),
      ],
      [
        "idle CPU ms/s, unindexed poll",
        fixed(idle, 3),
        fixed(b.idleWithoutIndex.cpuMs, 3),
        times(f.ratios.idleCpuVsUnindexed),
      ],
    ]),
    "  Cirrus's lateness is of the entries not due during the restart; polling's of the rows",
    "  fired in its real run. Idle CPU: Cirrus's above its floor, against one poll's CPU a",
    "  second. While firing, polling only marks rows; Cirrus also writes three events and",
    "  queues an outbound task per entry.",
  ];
}

function resultLine(f: SchedulerBenchFigures): string {
  const t = f.target;
  const on = f.cirrus.fired.onTime;
  const gaveUp = f.cirrus.window.gaveUpAt !== null;
  return (
    `Result: ${t.met ? "PASS" : "MISS"} ${int(t.withinTarget)} of ${int(t.entries)} entries ` +
    `not due during the restart fired within ${int(t.ms)} ms (p99 ${fixed(on.p99Ms, 0)} ms, ` +
    `max ${fixed(on.maxMs, 0)} ms${gaveUp ? " of those that fired before the run gave up" : ""}` +
    `; polling p99 ${fixed(f.baseline.run.lateness.p99Ms, 0)} ms)` +
    (f.failures.length > 0
      ? `; FAILED:\n${f.failures.map((l) => `  ${l}`).join("\n")}`
      : `; none lost or fired twice`)
  );
}

export function formatSchedulerReport(f: SchedulerBenchFigures): string {
  const lines = [
    ...headLines(f),
    ...cirrusLines(f),
    ...baselineLines(f),
    ...comparisonLines(f),
    "",
    resultLine(f),
  ];
  return `${lines.join("\n")}\n`;
}

/** A smoke run: every entry fired exactly once, across the restart; no timings. */
export function formatSchedulerSmokeReport(f: SchedulerSmokeFigures): string {
  const c = f.config;
  return formatSmokeReport(
    "scheduler",
    [
      `${int(c.entries)} pending entries due over ${fixed(c.windowSeconds, 0)} s, restart ` +
        `halfway, ${int(f.cirrus.fired.duringRestart.count)} of them due during the restart`,
      ...exactlyOnceLines(f),
    ],
    f.failures,
  );
}
