/**
 * A DomainHarness that runs workflows: installs definitions and assignments into the state,
 * lets virtual time pass firing every due timer in order (as the engine would), and reads a
 * task's trigger events, wait and parameters.
 */

import type { DomainEvent, TaskEvent } from "../../src/domain/events.ts";
import { isTaskEventType } from "../../src/domain/events.ts";
import type { Modality } from "../../src/domain/model.ts";
import type { WaitState } from "../../src/domain/state.ts";
import { pendingTimers, type Timer } from "../../src/domain/timers.ts";
import { catalogOf } from "../../src/domain/workflow/catalog.ts";
import type { WorkflowDefinition, WorkflowNode } from "../../src/domain/workflow/definition.ts";
import { hasErrors, validateWorkflow } from "../../src/domain/workflow/validate.ts";
import { DomainHarness } from "./domain-harness.ts";

export interface Assignment {
  readonly serviceId: string;
  readonly modality: Modality;
  readonly workflowId: string;
}

/** A workflow document; `nodes` must hold a `start` node. */
export function workflow(
  id: string,
  nodes: Record<string, WorkflowNode>,
  modality: Modality = "Audio",
  version = 1,
): WorkflowDefinition {
  return { id, name: id, modality, version, start: "start", nodes };
}

/** A node that records which way the task went in parameter `went`, then goes on to `next`. */
export function mark(value: string, next: string): WorkflowNode {
  return {
    activity: "SaveToParameter",
    settings: { parameter: "went", value },
    exits: { next },
  };
}

/** Upper bound on timers fired by one `runUntil`, so a timer that never clears fails fast. */
const maxTimersPerRun = 1_000_000;

export class WorkflowHarness extends DomainHarness {
  /** Puts the definitions and assignments into the state; each must validate without error. */
  install(
    definitions: readonly WorkflowDefinition[],
    assignments: readonly Assignment[],
    { validate = true } = {},
  ): void {
    if (validate) {
      for (const definition of definitions) {
        const { problems } = validateWorkflow(definition);
        if (hasErrors(problems)) {
          throw new Error(`workflow ${definition.id} is invalid: ${JSON.stringify(problems)}`);
        }
      }
    }
    this.state.workflows = catalogOf(definitions, assignments);
  }

  /** The earliest pending timer due at or before `target`, if any. */
  nextDueTimer(target: number): Timer | undefined {
    let next: Timer | undefined;
    for (const timer of pendingTimers(this.state)) {
      if (timer.at <= target && (next === undefined || timer.at < next.at)) next = timer;
    }
    return next;
  }

  /**
   * Lets virtual time pass until `target` (epoch ms), firing every due timer in order of
   * its time with `now` set to it. A timer that fires without any event would stay pending
   * forever; that is an error. Returns the number of timers fired.
   */
  runUntil(target: number): number {
    let fired = 0;
    for (let timer = this.nextDueTimer(target); timer; timer = this.nextDueTimer(target)) {
      this.now = Math.max(this.now, timer.at);
      const { events } = this.run({ kind: "FireTimer", timer: timer.ref });
      if (events.length === 0) {
        throw new Error(`timer ${timer.id} due at ${timer.at} fired without effect`);
      }
      if (++fired > maxTimersPerRun) throw new Error("timers keep firing");
    }
    this.now = Math.max(this.now, target);
    return fired;
  }

  advance(ms: number): number {
    return this.runUntil(this.now + ms);
  }

  inbound(
    modality: Modality,
    to: string,
    contact: { from?: string; message?: string; subject?: string; body?: string } = {},
  ): string {
    const { reply } = this.run({
      kind: "ReceiveInbound",
      modality,
      to,
      from: contact.from ?? "+41791112233",
      ...(contact.message === undefined ? {} : { message: contact.message }),
      ...(contact.subject === undefined ? {} : { subject: contact.subject }),
      ...(contact.body === undefined ? {} : { body: contact.body }),
    });
    if (!("taskId" in reply)) throw new Error("no task id");
    return reply.taskId;
  }

  chat(to: string, message = "Hello", from = "customer@example.com"): string {
    return this.inbound("InstantMessaging", to, { from, message });
  }

  /** Every event about one task, internal ones included. */
  eventsOf(taskId: string): DomainEvent[] {
    return this.log.filter((e) => e.taskId === taskId);
  }

  /** The trigger events of one task, whole. */
  triggers(taskId: string): TaskEvent[] {
    return this.log.filter((e): e is TaskEvent => e.taskId === taskId && isTaskEventType(e.type));
  }

  lastTrigger(taskId: string): TaskEvent | undefined {
    return this.triggers(taskId).at(-1);
  }

  /** The task's current wait, or null when it waits for nothing (or is gone). */
  waitOf(taskId: string): WaitState | null {
    return this.state.tasks.get(taskId)?.wait ?? null;
  }

  /** A custom parameter's value as the task's latest trigger event carries it. */
  parameter(taskId: string, name: string): string | undefined {
    return this.lastTrigger(taskId)?.data.taskInformation.customContextParameters.find(
      (p) => p.name === name,
    )?.value;
  }

  /** Where the task went, as `mark` nodes recorded it. */
  went(taskId: string): string | undefined {
    return this.parameter(taskId, "went");
  }

  /** The task's Terminated event, once it has one. */
  terminationOf(taskId: string): Extract<TaskEvent, { type: "Terminated" }> | undefined {
    const last = this.lastTrigger(taskId);
    return last?.type === "Terminated" ? last : undefined;
  }

  /** Ids of every task the log shows terminated. */
  terminatedTaskIds(): string[] {
    return this.log.filter((e) => e.type === "Terminated").map((e) => e.taskId as string);
  }
}
