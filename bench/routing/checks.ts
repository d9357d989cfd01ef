/**
 * Correctness of what Cirrus decided, checked on the state right after each `decide`: every
 * offer still ringing went to a responsible member of the task's service who is Available,
 * not in after-call work, has this one offer ringing, has not declined the task and has room
 * for it; every connection leaves its user within capacity. A failure makes the run exit 1.
 */
import type { DomainEvent } from "../../src/domain/events.ts";
import { defaultCapacity, type Modality, routingOf } from "../../src/domain/model.ts";
import type { TenantState } from "../../src/domain/state.ts";
import { hasRoomFor } from "./naive-router.ts";

export interface CheckCounts {
  offers: number;
  connections: number;
  /** Commands `decide` refused: the load only sends valid ones. */
  refused: number;
  /** Accepts after which the user could still take a task waiting unoffered: not a failure. */
  waitingAfterAccept: number;
  failures: number;
  readonly first: string[];
}

export const emptyChecks = (): CheckCounts => ({
  offers: 0,
  connections: 0,
  refused: 0,
  waitingAfterAccept: 0,
  failures: 0,
  first: [],
});

export function fail(checks: CheckCounts, line: string): void {
  checks.failures++;
  if (checks.first.length < 8) checks.first.push(line);
}

function offerProblem(state: TenantState, offerId: string): string | null {
  const offer = state.offers.get(offerId);
  if (!offer) return null;
  const task = state.tasks.get(offer.taskId);
  const service = task && state.directory.servicesById.get(task.serviceId);
  const user = state.directory.usersById.get(offer.userId);
  const live = state.users.get(offer.userId);
  if (!task || !service || !user || !live) return "names an unknown task, service or user";
  if (task.status !== "queued") return `is for a task that is ${task.status}`;
  if (!service.members.includes(user.id)) return `went to ${user.id}, no member of ${service.id}`;
  if (live.presence !== "Available" || live.notReady) return `went to ${user.id}, not available`;
  if (live.acwUntil !== null) return `went to ${user.id} in after-call work`;
  if (live.off.includes(service.id)) return `went to ${user.id}, not responsible`;
  if (live.offerId !== offerId) return `went to ${user.id}, who has another offer ringing`;
  if (task.declinedBy.includes(user.id)) return `went to ${user.id}, who declined the task`;
  const modality = task.data.modality as Modality;
  if (!hasRoomFor(state, user, live, modality)) {
    return `went to ${user.id}, over capacity for ${modality} (holds ${live.tasks.length})`;
  }
  return null;
}

function connectionProblem(state: TenantState, userId: string): string | null {
  const user = state.directory.usersById.get(userId);
  const live = state.users.get(userId);
  if (!user || !live) return `connected unknown user ${userId}`;
  const held = live.tasks.map((id) => state.tasks.get(id)?.data.modality);
  const calls = held.filter((m) => m === "Audio").length;
  if (calls > 0 && held.length > 1) return `${userId} holds a call and ${held.length - 1} more`;
  const chats = held.filter((m) => m === "InstantMessaging").length;
  const capacity = user.capacity?.InstantMessaging ?? defaultCapacity.InstantMessaging;
  if (chats > capacity) return `${userId} holds ${chats} chats, capacity ${capacity}`;
  return null;
}

/** Checks the offers and connections among `events`, against the state after them. */
export function checkDecision(
  state: TenantState,
  events: readonly DomainEvent[],
  checks: CheckCounts,
  context: string,
): void {
  for (const event of events) {
    if (event.type === "OfferCreated") {
      checks.offers++;
      const problem = offerProblem(state, event.data.offerId);
      if (problem) fail(checks, `${context}: offer ${event.data.offerId} ${problem}`);
    } else if (event.type === "ConnectedToUser") {
      checks.connections++;
      const problem = connectionProblem(state, event.detail.userId);
      if (problem) fail(checks, `${context}: ${problem}`);
    }
  }
}

/**
 * Counted, not a failure: whether, right after an AcceptOffer, the user could take a task
 * that waits in one of their queues with no offer ringing. An accept that matched no queue
 * would leave a user with room (a chat accepted, capacity for more) unmatched until some
 * other decision woke that queue, which would then match them before its own task or user.
 */
export function couldTakeWaiting(state: TenantState, userId: string): boolean {
  const user = state.directory.usersById.get(userId);
  const live = state.users.get(userId);
  if (!user || !live || live.presence !== "Available" || live.notReady) return false;
  if (live.offerId !== null || live.acwUntil !== null) return false;
  for (const serviceId of state.directory.servicesOfUser.get(userId) ?? []) {
    const service = state.directory.servicesById.get(serviceId);
    if (!service || live.off.includes(serviceId)) continue;
    const broadcast = routingOf(service).policy === "Broadcast";
    for (const taskId of state.queues.get(serviceId) ?? []) {
      const task = state.tasks.get(taskId);
      if (!task || (task.offers.length > 0 && !broadcast) || task.declinedBy.includes(userId)) {
        continue;
      }
      if (hasRoomFor(state, user, live, task.data.modality as Modality)) return true;
    }
  }
  return false;
}
