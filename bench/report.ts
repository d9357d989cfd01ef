/** The figures as a readable table for stdout. */
import { isTaskEventType } from "../src/domain/events.ts";
import type { BaselineFigure, BenchFigures } from "./figures.ts";
import { formatSmokeReport, resultLine } from "./smoke.ts";
import type { CallKind } from "./stats.ts";

const callLabels: Readonly<Record<CallKind, string>> = {
  calls: "POST /ingress/calls",
  offers: "GET /agent/offers (long-poll)",
  accept: "POST /agent/offers/:id/accept",
  hangup: "POST /ingress/tasks/:id/hangup",
  task: "task: call → hang-up ack",
};

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const fixed = (n: number, digits: number) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join("  ");
}

function mixLine(f: BenchFigures): string {
  const parts = Object.entries(f.events.mix.byType).map(
    ([type, n]) => `${type}${isTaskEventType(type) ? "" : "*"} ${fixed(n, 2)}`,
  );
  return parts.join(", ");
}

function baselineRow(label: string, b: BaselineFigure, widths: readonly number[]): string {
  return row(
    [
      label,
      int(b.events),
      int(b.transactions),
      fixed(b.seconds, 2),
      int(b.eventsPerSecond),
      `${fixed(b.ratio, 3)}×`,
    ],
    widths,
  );
}

export function formatReport(f: BenchFigures): string {
  const c = f.config;
  const lines = [
    `Cirrus bench: ${c.agents} agents, ${c.callers} callers, ${c.warmupSeconds} s warm-up + ` +
      `${c.seconds} s measured; SQLite synchronous=${c.sqliteSynchronous}; ${c.cpus} CPUs; node ${c.node}`,
    "",
    `End to end (window ${fixed(f.windowSeconds, 2)} s)`,
    `  tasks/s           ${fixed(f.tasks.perSecond, 1)}  (${int(f.tasks.completed)} tasks hung up)`,
    `  events/s          ${fixed(f.events.perSecond, 1)}  (${int(f.events.written)} events: /healthz lastSeq difference, internal ones included)`,
    `  events per task   ${fixed(f.events.perTask, 2)} in the window; from the log: ` +
      `${fixed(f.events.mix.eventsPerTask, 2)} per task, of which ` +
      `${fixed(f.events.mix.triggerEventsPerTask, 2)} trigger events`,
    `                    ${mixLine(f)}  (* internal; ${int(f.events.mix.tasks)} tasks)`,
    `  group commit      ${fixed(f.groupCommit.avgBatchEvents, 1)} events/commit, ` +
      `${fixed(f.groupCommit.avgCommitMs, 2)} ms/commit, ${int(f.groupCommit.commits)} commits`,
    `  CPU busy          server ${fixed(f.cpu.server, 2)} cores, load generator ${fixed(f.cpu.bench, 2)} cores`,
    "",
  ];
  const w = [34, 8, 8, 8, 8, 7];
  lines.push(row(["Latency (ms)", "count", "p50", "p99", "max", "errors"], w));
  for (const [kind, s] of Object.entries(f.calls) as [CallKind, (typeof f.calls)[CallKind]][]) {
    lines.push(
      row(
        [
          `  ${callLabels[kind]}`,
          int(s.count),
          fixed(s.p50Ms, 2),
          fixed(s.p99Ms, 2),
          fixed(s.maxMs, 1),
          int(s.errors),
        ],
        w,
      ),
    );
  }
  const b = [40, 8, 7, 7, 9, 8];
  lines.push(
    "",
    `SQLite append baseline: ${f.baseline.method}`,
    row(["  mode", "events", "txns", "seconds", "events/s", "e2e÷raw"], b),
    baselineRow("  1 event per transaction", f.baseline.perEvent, b),
    baselineRow(
      `  ${f.baseline.batched.batchSize} per txn (${f.baseline.batchSizeSource})`,
      f.baseline.batched,
      b,
    ),
    "",
    f.errors.total === 0 ? "Errors: none" : `Errors: ${f.errors.total}`,
    "",
    resultLine(f.failures),
  );
  return `${lines.join("\n")}\n`;
}

/** A smoke run: what was checked, no timings. */
export function formatSmokeRunReport(f: BenchFigures): string {
  const c = f.config;
  return formatSmokeReport(
    "end-to-end",
    [
      `${c.agents} agents, ${c.callers} callers: ${int(f.tasks.completed)} tasks hung up in the ` +
        `window, ${int(f.errors.total)} API calls failed`,
      `events per task from the log: ${mixLine(f)}  (* internal; ${int(f.events.mix.tasks)} tasks)`,
    ],
    f.failures,
  );
}
