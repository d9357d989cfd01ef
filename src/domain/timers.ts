/**
 * Timers are derived from events, never stored apart: an offer rings until `expiresAt`, a
 * queued task waits until its deadline. The engine asks which timers an event sets or
 * clears, and after recovery which timers the state still needs.
 */
import type { DomainEvent } from "./events.ts";
import type { TenantState } from "./state.ts";

export type TimerRef =
  | { readonly kind: "offer"; readonly offerId: string }
  | { readonly kind: "queue"; readonly taskId: string }
  | { readonly kind: "wait"; readonly taskId: string; readonly waitId: string }
  /** After-call work ends. */
  | { readonly kind: "acw"; readonly userId: string }
  /** A queued task's preferred users lose it to everyone. */
  | { readonly kind: "preferred"; readonly taskId: string }
  /** A scheduler entry is due: its next attempt starts. */
  | { readonly kind: "due"; readonly entryId: string }
  /** A scheduler entry's attempt runs out of time unless its destination was reached. */
  | { readonly kind: "attempt"; readonly entryId: string; readonly taskId: string };

export interface Timer {
  readonly id: string;
  readonly at: number;
  readonly ref: TimerRef;
}

export interface TimerChange {
  readonly set: readonly Timer[];
  /** Ids of timers the event makes pointless. */
  readonly clear: readonly string[];
}

const none: TimerChange = { set: [], clear: [] };

const offerTimerId = (offerId: string) => `offer:${offerId}`;
const queueTimerId = (taskId: string) => `queue:${taskId}`;
const waitTimerId = (taskId: string) => `wait:${taskId}`;
const acwTimerId = (userId: string) => `acw:${userId}`;
const preferredTimerId = (taskId: string) => `preferred:${taskId}`;
const dueTimerId = (entryId: string) => `due:${entryId}`;
const attemptTimerId = (entryId: string) => `attempt:${entryId}`;

const dueTimer = (entryId: string, at: number): Timer => ({
  id: dueTimerId(entryId),
  at,
  ref: { kind: "due", entryId },
});
const attemptTimer = (entryId: string, taskId: string, at: number): Timer => ({
  id: attemptTimerId(entryId),
  at,
  ref: { kind: "attempt", entryId, taskId },
});

const acwTimer = (userId: string, at: number): Timer => ({
  id: acwTimerId(userId),
  at,
  ref: { kind: "acw", userId },
});
const preferredTimer = (taskId: string, at: number): Timer => ({
  id: preferredTimerId(taskId),
  at,
  ref: { kind: "preferred", taskId },
});

const waitTimer = (taskId: string, waitId: string, at: number): Timer => ({
  id: waitTimerId(taskId),
  at,
  ref: { kind: "wait", taskId, waitId },
});

export function timerChangeOf(event: DomainEvent): TimerChange {
  switch (event.type) {
    case "OfferCreated":
      return {
        set: [
          {
            id: offerTimerId(event.data.offerId),
            at: event.data.expiresAt,
            ref: { kind: "offer", offerId: event.data.offerId },
          },
        ],
        clear: [],
      };
    case "OfferDeclined":
    case "OfferExpired":
    case "OfferWithdrawn":
      return { set: [], clear: [offerTimerId(event.data.offerId)] };
    case "InQueue": {
      const queue: Timer = {
        id: queueTimerId(event.taskId),
        at: event.detail.deadline,
        ref: { kind: "queue", taskId: event.taskId },
      };
      const until = event.detail.preferredUntil ?? null;
      return {
        set: until === null ? [queue] : [queue, preferredTimer(event.taskId, until)],
        clear: [],
      };
    }
    case "ConnectedToUser":
      return {
        set: [],
        clear: [
          queueTimerId(event.taskId),
          offerTimerId(event.detail.offerId),
          preferredTimerId(event.taskId),
        ],
      };
    case "QueueLeft":
      return { set: [], clear: [queueTimerId(event.taskId), preferredTimerId(event.taskId)] };
    case "Terminated":
    case "TaskTransferred":
      return {
        set: [],
        clear: [
          queueTimerId(event.taskId),
          waitTimerId(event.taskId),
          preferredTimerId(event.taskId),
        ],
      };
    case "TaskInformationUpdated": {
      const until = event.data.preferredUntil;
      if (until === undefined || event.taskId === null) return none;
      return until === null
        ? { set: [], clear: [preferredTimerId(event.taskId)] }
        : { set: [preferredTimer(event.taskId, until)], clear: [] };
    }
    case "AfterCallWorkStarted":
      return { set: [acwTimer(event.data.userId, event.data.until)], clear: [] };
    case "AfterCallWorkEnded":
      return { set: [], clear: [acwTimerId(event.data.userId)] };
    case "WorkflowWaiting":
      return { set: [waitTimer(event.taskId, event.data.waitId, event.data.until)], clear: [] };
    case "WaitEnded":
      return { set: [], clear: [waitTimerId(event.taskId)] };
    case "Scheduled": {
      const { spec, entryId } = event.detail;
      return spec
        ? { set: [dueTimer(entryId, spec.dueAt)], clear: [attemptTimerId(entryId)] }
        : none;
    }
    case "DueDateReached": {
      const { entryId, taskId, attemptUntil } = event.detail;
      return {
        set: taskId && attemptUntil ? [attemptTimer(entryId, taskId, attemptUntil)] : [],
        clear: [dueTimerId(entryId)],
      };
    }
    case "Handled":
    case "LimitReached":
    case "Removed":
    case "Failed":
      return {
        set: [],
        clear: [dueTimerId(event.detail.entryId), attemptTimerId(event.detail.entryId)],
      };
    case "WorkflowStarted":
    case "Created":
    case "SystemAccepted":
    case "ParameterUpdated":
    case "DestinationReached":
    case "PresenceChanged":
    case "ResponsibilityChanged":
    case "ConversationEnded":
    case "CustomerMessage":
    case "WorkflowSaid":
    case "TranscriptSegment":
    case "VoiceTranscriptionReady":
    case "AdminChanged":
      return none;
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

/** Every timer the state still needs, e.g. after it was rebuilt from the log. */
export function pendingTimers(state: TenantState): Timer[] {
  const timers: Timer[] = [];
  for (const offer of state.offers.values()) {
    timers.push({
      id: offerTimerId(offer.id),
      at: offer.expiresAt,
      ref: { kind: "offer", offerId: offer.id },
    });
  }
  for (const task of state.tasks.values()) {
    if (task.status === "queued" && task.queueDeadline !== null) {
      timers.push({
        id: queueTimerId(task.id),
        at: task.queueDeadline,
        ref: { kind: "queue", taskId: task.id },
      });
    }
    if (task.wait) timers.push(waitTimer(task.id, task.wait.waitId, task.wait.until));
    if (task.status === "queued" && task.preferredUntil !== null) {
      timers.push(preferredTimer(task.id, task.preferredUntil));
    }
  }
  for (const [userId, user] of state.users) {
    if (user.acwUntil !== null) timers.push(acwTimer(userId, user.acwUntil));
  }
  for (const [entryId, entry] of state.entries) {
    if (entry.status === "Scheduled") timers.push(dueTimer(entryId, entry.spec.dueAt));
    else if (entry.taskId !== null && entry.attemptUntil !== null) {
      timers.push(attemptTimer(entryId, entry.taskId, entry.attemptUntil));
    }
  }
  return timers;
}
