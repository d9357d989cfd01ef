/**
 * Invariants of the live state after a step: nobody holds more than their capacity (a call
 * takes a user whole), no task is connected to two users, each queue is in priority order and
 * first in, first out within a priority, nothing is overdue, and — once every timer due now
 * has fired — no member who could take a waiting task of their service is left without it.
 */
import { type Modality, routingOf } from "../src/domain/model.ts";
import type { TenantState } from "../src/domain/state.ts";
import { leavesWhenNobodyServes } from "../src/domain/workflow/interpreter.ts";
import {
  agentStateFor,
  capacityFor,
  fittingMembers,
  inPreferredWindow,
  isAvailableUser,
  isFreeFor,
} from "./sim-rules.ts";
import type { Violations } from "./violations.ts";

export interface StateCheck {
  readonly step: number;
  readonly now: number;
  /** The command of the step, for messages. */
  readonly command: string;
  /** No timer is due any more: the idle-member invariant applies. */
  readonly settled: boolean;
  /**
   * Tasks left waiting with someone free to take them after the step before, and after this
   * one (filled in here): a violation is recorded once, at the step that causes it, under
   * the kind `idle.member` or `idle.capacity` followed by that step's command.
   */
  readonly idleBefore: ReadonlySet<string>;
  readonly idleNow: Set<string>;
}

/** Past its time: due before now, or due now once every timer due now has fired. */
const overdue = (time: number, at: StateCheck) => time < at.now || (time === at.now && at.settled);

function checkUsers(
  state: TenantState,
  at: StateCheck,
  fail: (kind: string, what: string) => void,
) {
  const holders = new Map<string, string>();
  for (const [userId, user] of state.users) {
    if (user.state !== agentStateFor(user) || user.stateSince > at.now) {
      fail("agent.state", `${userId} is ${user.state} since ${user.stateSince}`);
    }
    if (user.offerId !== null) {
      const offer = state.offers.get(user.offerId);
      if (offer?.userId !== userId) fail("offer.user", `${userId} rings for ${user.offerId}`);
      else if (overdue(offer.expiresAt, at)) fail("rona.overdue", `${offer.id} of ${userId}`);
      if (user.presence !== "Available" || user.notReady) {
        fail("offer.unavailable", `${userId} ${user.presence}, not ready ${user.notReady}`);
      }
    }
    if (user.acwUntil !== null && overdue(user.acwUntil, at)) {
      fail("acw.overdue", `${userId} until ${user.acwUntil}`);
    }
    if (user.tasks.length === 0) continue;
    const counts = new Map<Modality, number>();
    for (const taskId of user.tasks) {
      const task = state.tasks.get(taskId);
      if (task?.status !== "connected" || task.userId !== userId) {
        fail("task.connected", `${userId} holds ${taskId} (${task?.status}, ${task?.userId})`);
      }
      const other = holders.get(taskId);
      if (other !== undefined) fail("task.twoUsers", `${taskId} held by ${other} and ${userId}`);
      holders.set(taskId, userId);
      const modality = (task?.data.modality ?? "ExternalTask") as Modality;
      counts.set(modality, (counts.get(modality) ?? 0) + 1);
    }
    if (counts.has("Audio") && (user.tasks.length > 1 || user.offerId !== null)) {
      fail(
        "capacity.call",
        `${userId} on a call holds ${user.tasks.length}, rings ${user.offerId}`,
      );
    }
    for (const [modality, count] of counts) {
      const capacity = capacityFor(state.directory, userId, modality);
      if (count > capacity) fail("capacity", `${userId} holds ${count} ${modality} of ${capacity}`);
    }
  }
  return holders;
}

function checkTasks(
  state: TenantState,
  at: StateCheck,
  holders: ReadonlyMap<string, string>,
  fail: (kind: string, what: string) => void,
) {
  let queued = 0;
  for (const task of state.tasks.values()) {
    if (task.status === "connected" && holders.get(task.id) !== task.userId) {
      fail(
        "task.connected",
        `${task.id} connected to ${task.userId}, held by ${holders.get(task.id)}`,
      );
    }
    if (task.status !== "queued") {
      if (task.offers.length > 0) fail("offer.orphan", `${task.id} (${task.status}) rings`);
      continue;
    }
    queued++;
    if (overdue(task.queueDeadline ?? 0, at)) fail("queue.overdue", `${task.id}`);
  }
  for (const offer of state.offers.values()) {
    if (!state.tasks.get(offer.taskId)?.offers.includes(offer.id)) {
      fail("offer.orphan", `${offer.id} of ${offer.taskId}`);
    }
  }
  return queued;
}

function checkQueues(
  state: TenantState,
  at: StateCheck,
  fail: (kind: string, what: string) => void,
) {
  let entries = 0;
  for (const [serviceId, queue] of state.queues) {
    entries += queue.length;
    if (new Set(queue).size !== queue.length) fail("queue.twice", `${serviceId}: ${queue}`);
    let previous: { priority: number; queuedAt: number } | undefined;
    for (const taskId of queue) {
      const task = state.tasks.get(taskId);
      if (task?.status !== "queued" || task.serviceId !== serviceId) {
        fail("queue.member", `${serviceId} lists ${taskId} (${task?.status})`);
        continue;
      }
      const queuedAt = task.queuedAt ?? 0;
      if (previous && previous.priority < task.priority) {
        fail(
          "queue.priority",
          `${serviceId}: ${taskId} (${task.priority}) behind ${previous.priority}`,
        );
      } else if (previous && previous.priority === task.priority && previous.queuedAt > queuedAt) {
        fail("queue.fifo", `${serviceId}: ${taskId} queued at ${queuedAt} behind a later one`);
      }
      previous = { priority: task.priority, queuedAt };
    }
    if (queue.length > 0) checkServed(state, serviceId, queue, at, fail);
  }
  return entries;
}

/** A queue with waiting tasks has someone available, and no free member who fits stays idle. */
function checkServed(
  state: TenantState,
  serviceId: string,
  queue: readonly string[],
  at: StateCheck,
  fail: (kind: string, what: string) => void,
) {
  const service = state.directory.servicesById.get(serviceId);
  if (!service) return;
  const available = service.members.filter((id) => {
    const user = state.users.get(id);
    return isAvailableUser(user) && !user.off.includes(serviceId);
  });
  if (available.length === 0) {
    // Queues that wire `noUsers` give their tasks back at once; the others wait.
    const leaving = queue.filter((id) => {
      const task = state.tasks.get(id);
      return task !== undefined && leavesWhenNobodyServes(state, task);
    });
    if (leaving.length > 0) {
      fail("noUsers.stranded", `${serviceId} has ${leaving.length} waiting that leave by noUsers`);
    }
  }
  if (!at.settled || !service.members.some((id) => isFreeFor(state.users.get(id), serviceId))) {
    return;
  }
  const broadcast = routingOf(service).policy === "Broadcast";
  const cause = at.command.split(" ")[0];
  for (const taskId of queue) {
    const task = state.tasks.get(taskId);
    if (!task) continue;
    if (task.offers.length > 0 && (!broadcast || inPreferredWindow(task, at.now))) continue;
    const idle = fittingMembers(state, service, task, at.now);
    if (idle.length === 0) continue;
    at.idleNow.add(taskId);
    if (at.idleBefore.has(taskId)) continue;
    // An Idle member left idle breaks the invariant; a member already connected to a
    // task with room for this one leaves capacity unused.
    const strict = idle.some((id) => state.users.get(id)?.state === "Idle");
    const who = idle.map((id) => `${id} (${state.users.get(id)?.state})`).join(", ");
    const what = `${serviceId}: task ${taskId} waits while ${who} could take it`;
    fail(`${strict ? "idle.member" : "idle.capacity"} after ${cause}`, what);
  }
}

export function checkState(state: TenantState, at: StateCheck, violations: Violations): void {
  const fail = (kind: string, what: string) =>
    violations.record(kind, `step ${at.step} at ${at.now} (${at.command}): ${what}`);
  const holders = checkUsers(state, at, fail);
  const queued = checkTasks(state, at, holders, fail);
  const entries = checkQueues(state, at, fail);
  if (queued !== entries) fail("queue.member", `${queued} tasks queued, ${entries} in queues`);
}
