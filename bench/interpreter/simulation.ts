/**
 * The virtual-time driver: one tenant state, a clock that jumps to the next due item, and one
 * queue holding both the domain's timers (set and cleared by `timerChangeOf`) and what the
 * callers and agents do next. Every command goes straight to `decide`: nothing is stored,
 * sent or awaited. A new call arrives whenever a task ends, so the tasks in flight stay fixed.
 */
import { performance } from "node:perf_hooks";
import { TimeQueue } from "../../sim/time-queue.ts";
import type { Command } from "../../src/domain/commands.ts";
import { type DecideResult, decide } from "../../src/domain/decide.ts";
import { indexDirectory } from "../../src/domain/directoryIndex.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { followsGrammar } from "../../src/domain/eventGrammar.ts";
import {
  type DomainEvent,
  isTaskEventType,
  type TaskEventType,
  type TerminationReason,
} from "../../src/domain/events.ts";
import type { Directory } from "../../src/domain/model.ts";
import { emptyState, type TenantState } from "../../src/domain/state.ts";
import { type Timer, timerChangeOf } from "../../src/domain/timers.ts";
import type { Scenario } from "./scenarios.ts";

/** How long the people take, in virtual ms; well inside the input timeout and the RONA. */
export const pace = {
  /** The first calls arrive this far apart; later ones replace the tasks that end. */
  arrivalSpacingMs: 50,
  /** From the Input Customer prompt to the caller's digits. */
  inputAfterMs: 1_500,
  /** From the offer to the agent accepting it. */
  acceptAfterMs: 2_000,
  /** From connecting to the end of the conversation. */
  talkMs: 20_000,
} as const;

/** Monday 5 January 2026, 09:00 UTC. */
const startOfRun = Date.UTC(2026, 0, 5, 9, 0, 0);

type Due =
  | { readonly kind: "timer"; readonly timer: Timer }
  | { readonly kind: "command"; readonly command: Command }
  | { readonly kind: "arrival" };

/** What one `run` did; times are wall-clock except `virtualSeconds`. */
export interface PhaseResult {
  readonly tasks: number;
  readonly events: number;
  readonly triggerEvents: number;
  readonly commands: number;
  readonly seconds: number;
  /** Wall time spent inside `decide`. */
  readonly decideSeconds: number;
  readonly virtualSeconds: number;
}

/** Every finished task, checked against the grammar and the scenario's exact path. */
export interface TaskChecks {
  checked: number;
  /** Tasks whose trigger events break `followsGrammar`. */
  grammarFailures: number;
  /** Tasks that followed the grammar but not the scenario's events or termination reason. */
  offPath: number;
  /** Commands `decide` refused with a DomainError. */
  refused: number;
  readonly first: string[];
}

export class Simulation {
  readonly checks: TaskChecks = {
    checked: 0,
    grammarFailures: 0,
    offPath: 0,
    refused: 0,
    first: [],
  };
  readonly #scenario: Scenario;
  readonly #serviceUpn: string;
  readonly #expected: string;
  readonly #state: TenantState;
  readonly #due = new TimeQueue<Due>();
  readonly #timers = new Map<string, Timer>();
  readonly #histories = new Map<string, TaskEventType[]>();
  readonly #newId = () => `id-${++this.#ids}`;
  #ids = 0;
  #callers = 0;
  #now = startOfRun;
  #finished = 0;
  #events = 0;
  #triggerEvents = 0;
  #commands = 0;
  #decideMs = 0;

  constructor(scenario: Scenario, directory: Directory, concurrency: number) {
    const service = directory.services[0];
    if (!service) throw new Error("the directory has no service");
    this.#scenario = scenario;
    this.#serviceUpn = service.upn;
    this.#expected = scenario.triggerEvents.join(" ");
    this.#state = emptyState(directory.tenant.id, indexDirectory(directory));
    this.#state.workflows = scenario.workflows;
    for (const userId of service.members) {
      this.#decide({ kind: "SetPresence", userId, status: "Available" });
    }
    for (let i = 0; i < concurrency; i++) {
      this.#due.push(this.#now + i * pace.arrivalSpacingMs, { kind: "arrival" });
    }
  }

  /** Runs until `count` more tasks have ended; `onProgress` hears every 1,000. */
  run(count: number, onProgress?: (tasks: number) => void): PhaseResult {
    const target = this.#finished + count;
    const from = {
      tasks: this.#finished,
      events: this.#events,
      triggerEvents: this.#triggerEvents,
      commands: this.#commands,
      decideMs: this.#decideMs,
      now: this.#now,
    };
    let reported = this.#finished;
    const started = performance.now();
    while (this.#finished < target) {
      const next = this.#due.pop();
      if (!next) throw new Error(`${this.#scenario.name}: nothing left to do, no task in flight`);
      if (next.at > this.#now) this.#now = next.at;
      this.#handle(next.item);
      if (onProgress && this.#finished - reported >= 1_000) {
        reported = this.#finished;
        onProgress(this.#finished - from.tasks);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      tasks: this.#finished - from.tasks,
      events: this.#events - from.events,
      triggerEvents: this.#triggerEvents - from.triggerEvents,
      commands: this.#commands - from.commands,
      seconds,
      decideSeconds: (this.#decideMs - from.decideMs) / 1000,
      virtualSeconds: (this.#now - from.now) / 1000,
    };
  }

  #handle(due: Due): void {
    switch (due.kind) {
      case "timer":
        // A cleared or replaced timer stays in the queue until due; only the live one fires.
        if (this.#timers.get(due.timer.id) !== due.timer) return;
        this.#timers.delete(due.timer.id);
        this.#decide({ kind: "FireTimer", timer: due.timer.ref });
        return;
      case "command":
        this.#decide(due.command);
        return;
      case "arrival": {
        const n = this.#callers++;
        const from = `+4178${String(n % 10_000_000).padStart(7, "0")}`;
        this.#decide({ kind: "ReceiveInbound", modality: "Audio", to: this.#serviceUpn, from });
        return;
      }
      default: {
        const never: never = due;
        throw new Error(`unknown due item ${JSON.stringify(never)}`);
      }
    }
  }

  #decide(command: Command): void {
    this.#commands++;
    const started = performance.now();
    let result: DecideResult;
    try {
      result = decide(this.#state, command, { now: this.#now, newId: this.#newId });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.checks.refused++;
      this.#note(`${command.kind} refused: ${error.message}`);
      return;
    } finally {
      this.#decideMs += performance.now() - started;
    }
    for (const event of result.events) this.#observe(event);
  }

  #observe(event: DomainEvent): void {
    this.#events++;
    const change = timerChangeOf(event);
    for (const id of change.clear) this.#timers.delete(id);
    for (const timer of change.set) {
      this.#timers.set(timer.id, timer);
      this.#due.push(timer.at, { kind: "timer", timer });
    }
    if (event.taskId !== null && isTaskEventType(event.type)) {
      this.#triggerEvents++;
      const history = this.#histories.get(event.taskId);
      if (history) history.push(event.type);
      else this.#histories.set(event.taskId, [event.type]);
    }
    this.#react(event);
  }

  /** The callers and agents: digits after a prompt, accepting offers, ending conversations. */
  #react(event: DomainEvent): void {
    switch (event.type) {
      case "WorkflowWaiting":
        if (event.data.wait.kind === "input") {
          this.#after(pace.inputAfterMs, {
            kind: "CustomerInput",
            taskId: event.taskId,
            digits: "2#",
          });
        }
        return;
      case "OfferCreated":
        this.#after(pace.acceptAfterMs, {
          kind: "AcceptOffer",
          userId: event.data.userId,
          offerId: event.data.offerId,
        });
        return;
      case "ConnectedToUser":
        this.#after(pace.talkMs, this.#scenario.end(event.taskId, event.detail.userId));
        return;
      case "Terminated":
        this.#finish(event.taskId, event.detail.reason);
        this.#due.push(this.#now, { kind: "arrival" });
        return;
      default:
        return;
    }
  }

  #after(ms: number, command: Command): void {
    this.#due.push(this.#now + ms, { kind: "command", command });
  }

  #finish(taskId: string, reason: TerminationReason): void {
    const history = this.#histories.get(taskId) ?? [];
    this.#histories.delete(taskId);
    this.#finished++;
    this.checks.checked++;
    const word = history.join(" ");
    if (!followsGrammar(history)) {
      this.checks.grammarFailures++;
      this.#note(`task ${taskId} breaks the event grammar: ${word}`);
    } else if (word !== this.#expected || reason !== this.#scenario.reason) {
      this.checks.offPath++;
      this.#note(`task ${taskId} left the expected path: ${word} (${reason})`);
    }
  }

  #note(line: string): void {
    if (this.checks.first.length < 5) this.checks.first.push(`${this.#scenario.name}: ${line}`);
  }
}
