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
  | { readonly kind: "wait"; readonly taskId: string; readonly waitId: string };

export interface Timer {
  readonly id: string;
  readonly at: number;
  readonly ref: TimerRef;
}

export interface TimerChange {
  readonly set?: Timer;
  /** Ids of timers the event makes pointless. */
  readonly clear: readonly string[];
}

const none: TimerChange = { clear: [] };

const offerTimerId = (offerId: string) => `offer:${offerId}`;
const queueTimerId = (taskId: string) => `queue:${taskId}`;
const waitTimerId = (taskId: string) => `wait:${taskId}`;

const waitTimer = (taskId: string, waitId: string, at: number): Timer => ({
  id: waitTimerId(taskId),
  at,
  ref: { kind: "wait", taskId, waitId },
});

export function timerChangeOf(event: DomainEvent): TimerChange {
  switch (event.type) {
    case "OfferCreated":
      return {
        set: {
          id: offerTimerId(event.data.offerId),
          at: event.data.expiresAt,
          ref: { kind: "offer", offerId: event.data.offerId },
        },
        clear: [],
      };
    case "OfferDeclined":
    case "OfferExpired":
    case "OfferWithdrawn":
      return { clear: [offerTimerId(event.data.offerId)] };
    case "InQueue":
      return {
        set: {
          id: queueTimerId(event.taskId),
          at: event.detail.deadline,
          ref: { kind: "queue", taskId: event.taskId },
        },
        clear: [],
      };
    case "ConnectedToUser":
      return { clear: [queueTimerId(event.taskId), offerTimerId(event.detail.offerId)] };
    case "QueueLeft":
      return { clear: [queueTimerId(event.taskId)] };
    case "Terminated":
    case "TaskTransferred":
      return { clear: [queueTimerId(event.taskId), waitTimerId(event.taskId)] };
    case "WorkflowWaiting":
      return { set: waitTimer(event.taskId, event.data.waitId, event.data.until), clear: [] };
    case "WaitEnded":
      return { clear: [waitTimerId(event.taskId)] };
    case "WorkflowStarted":
    case "Created":
    case "SystemAccepted":
    case "ParameterUpdated":
    case "DestinationReached":
    case "PresenceChanged":
    case "TaskInformationUpdated":
    case "ConversationEnded":
    case "CustomerMessage":
    case "WorkflowSaid":
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
  }
  return timers;
}
