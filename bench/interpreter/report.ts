/** The interpreter benchmark's figures as a readable table for stdout. */

import type { TaskEventType } from "../../src/domain/events.ts";
import { formatSmokeReport, resultLine } from "../smoke.ts";
import type { InterpreterBenchFigures, WorkflowFigures } from "./figures.ts";

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const fixed = (n: number, digits = 1) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Trigger event names in order, a run of the same one as `Name×n`. */
function eventsLine(types: readonly TaskEventType[]): string {
  const runs: { type: TaskEventType; n: number }[] = [];
  for (const type of types) {
    const last = runs.at(-1);
    if (last?.type === type) last.n++;
    else runs.push({ type, n: 1 });
  }
  return runs.map(({ type, n }) => (n === 1 ? type : `${type}×${n}`)).join(" ");
}

/** First column left-aligned, the others right-aligned, two spaces apart, indented by two. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  return rows.map(
    (cells) =>
      `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`,
  );
}

function figureRow(f: WorkflowFigures): string[] {
  return [
    f.workflow,
    int(f.path.length),
    int(f.measured.tasks),
    fixed(f.measured.seconds, 2),
    int(f.tasksPerSecond),
    int(f.eventsPerSecond),
    fixed(f.eventsPerTask, 2),
    fixed(f.triggerEventsPerTask, 2),
    fixed(f.commandsPerTask, 2),
    fixed(f.decideMicrosPerTask, 1),
    percent(f.decideShare),
  ];
}

/** `items` joined by `separator` into lines of at most `width` characters after `first`. */
function wrap(first: string, items: readonly string[], separator: string, width = 96): string[] {
  const lines = [first];
  items.forEach((item, i) => {
    const piece = i < items.length - 1 ? `${item}${separator}` : item;
    const last = lines.length - 1;
    if (`${lines[last]}${piece}`.trimEnd().length > width) lines.push(`    ${piece}`);
    else lines[last] = `${lines[last]}${piece}`;
  });
  return lines.map((line) => line.trimEnd());
}

function pathLines(f: WorkflowFigures): string[] {
  return [...wrap(`  ${f.workflow}: `, f.path, " → "), `    ${eventsLine(f.triggerEvents)}`];
}

function checkRow(f: WorkflowFigures): string[] {
  const c = f.checks;
  return [f.workflow, int(c.checked), int(c.grammarFailures), int(c.offPath), int(c.refused)];
}

function checkLines(f: InterpreterBenchFigures): string[] {
  return [
    "Checks (every task that ended, warm-up included)",
    ...table([
      ["workflow", "tasks", "grammar ✗", "off path", "refused"],
      checkRow(f.baseline),
      checkRow(f.workflow),
    ]),
  ];
}

/** A smoke run: the paths and the checks, no timings. */
export function formatInterpreterSmokeReport(f: InterpreterBenchFigures): string {
  return formatSmokeReport(
    "interpreter",
    [
      "Paths walked, and the trigger events every task must produce",
      ...pathLines(f.baseline),
      ...pathLines(f.workflow),
      "",
      ...checkLines(f),
    ],
    f.failures,
  );
}

export function formatInterpreterReport(f: InterpreterBenchFigures): string {
  const c = f.config;
  const head = ["workflow", "activities", "tasks", "seconds", "tasks/s", "events/s"];
  const r = f.ratios;
  const lines = [
    `Cirrus interpreter bench: decide() alone in virtual time, no I/O; ${int(c.concurrency)} ` +
      `tasks in flight, ${int(c.agents)} agents available; ${int(c.warmupTasks)} warm-up + ` +
      `${int(c.tasks)} measured tasks per workflow; ${c.cpus} CPUs; node ${c.node}`,
    "",
    ...table([
      [...head, "events/task", "trigger/task", "cmds/task", "decide µs/task", "decide share"],
      figureRow(f.baseline),
      figureRow(f.workflow),
    ]),
    "",
    `  workflow ÷ baseline: tasks/s ${fixed(r.tasksPerSecond, 3)}×, events/s ` +
      `${fixed(r.eventsPerSecond, 3)}×, decide µs/task ${fixed(r.decideMicrosPerTask, 2)}×`,
    "",
    "  events: every event decide() returned, internal ones (offers, waits) included; trigger:",
    "  the task's trigger events; cmds: decide() calls (call, timers, digits, accept, hang-up or",
    "  end); decide share: of the measured wall time, the rest is the driver (heap, checks).",
    `  Virtual pace: digits ${fixed(c.pace.inputAfterMs / 1000)} s after the prompt, accept ` +
      `${fixed(c.pace.acceptAfterMs / 1000)} s after the offer, ${fixed(c.pace.talkMs / 1000)} s ` +
      "talk;",
    "  a new call arrives as each task ends.",
    "",
    "Paths walked, and the trigger events every task must produce",
    ...pathLines(f.baseline),
    ...pathLines(f.workflow),
    "",
    ...checkLines(f),
    "",
    resultLine(f.failures),
  ];
  return `${lines.join("\n")}\n`;
}
