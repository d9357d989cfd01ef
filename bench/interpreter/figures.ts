/** The figures of an interpreter-benchmark run, as printed and as written by `--json`. */
import type { TaskEventType } from "../../src/domain/events.ts";
import type { InterpreterBenchOptions } from "./options.ts";
import type { Scenario } from "./scenarios.ts";
import type { PhaseResult, pace, TaskChecks } from "./simulation.ts";

export interface WorkflowFigures {
  readonly workflow: string;
  readonly path: readonly string[];
  readonly triggerEvents: readonly TaskEventType[];
  readonly measured: PhaseResult;
  readonly tasksPerSecond: number;
  /** Every event `decide` returned, internal ones (offers, waits, presence) included. */
  readonly eventsPerSecond: number;
  readonly eventsPerTask: number;
  readonly triggerEventsPerTask: number;
  readonly commandsPerTask: number;
  readonly decideMicrosPerTask: number;
  /** Share of the measured wall time spent inside `decide`; the rest is the driver. */
  readonly decideShare: number;
  /** Over the warm-up and the measured tasks. */
  readonly checks: TaskChecks;
}

export interface InterpreterBenchFigures {
  readonly config: InterpreterBenchOptions & {
    readonly pace: typeof pace;
    readonly node: string;
    readonly cpus: number;
  };
  readonly method: string;
  readonly baseline: WorkflowFigures;
  readonly workflow: WorkflowFigures;
  /** Workflow ÷ baseline. */
  readonly ratios: {
    readonly tasksPerSecond: number;
    readonly eventsPerSecond: number;
    readonly decideMicrosPerTask: number;
  };
  /** Why the run failed; empty when it did not. */
  readonly failures: readonly string[];
}

export const method =
  "decide(state, command, {now, newId}) called directly on one in-memory tenant state " +
  "(emptyState + indexDirectory of the bench directory), in virtual time: the clock jumps to " +
  "the next due item of one min-heap holding the timers timerChangeOf sets (FireTimer when " +
  "due) and the callers' and agents' next commands. No store, no I/O, no awaits. tasks/s = " +
  "tasks terminated in the measured phase ÷ its wall time, driver included; both workflows " +
  "are warmed up before either is measured.";

const per = (n: number, d: number) => (d > 0 ? n / d : 0);

export function workflowFigures(
  scenario: Scenario,
  measured: PhaseResult,
  checks: TaskChecks,
): WorkflowFigures {
  return {
    workflow: scenario.name,
    path: scenario.path,
    triggerEvents: scenario.triggerEvents,
    measured,
    tasksPerSecond: per(measured.tasks, measured.seconds),
    eventsPerSecond: per(measured.events, measured.seconds),
    eventsPerTask: per(measured.events, measured.tasks),
    triggerEventsPerTask: per(measured.triggerEvents, measured.tasks),
    commandsPerTask: per(measured.commands, measured.tasks),
    decideMicrosPerTask: per(measured.decideSeconds * 1e6, measured.tasks),
    decideShare: per(measured.decideSeconds, measured.seconds),
    checks,
  };
}

export function failuresOf(figures: readonly WorkflowFigures[]): string[] {
  const failures: string[] = [];
  for (const f of figures) {
    const c = f.checks;
    const at = f.workflow;
    if (c.checked === 0) failures.push(`${at}: no task ended, nothing was checked`);
    if (c.grammarFailures > 0) failures.push(`${at}: ${c.grammarFailures} tasks break the grammar`);
    if (c.offPath > 0) failures.push(`${at}: ${c.offPath} tasks left the expected path`);
    if (c.refused > 0) failures.push(`${at}: ${c.refused} commands refused`);
    failures.push(...c.first.map((line) => `  ${line}`));
  }
  return failures;
}
