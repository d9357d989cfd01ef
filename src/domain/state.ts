/**
 * The live state of one tenant and `evolve`, the only function that changes it. Every change
 * is the consequence of an event, so replaying the log rebuilds the same state. Terminated
 * tasks leave the state; the log keeps them.
 */
import type { DirectoryIndex } from "./directoryIndex.ts";
import type { DomainEvent, PresenceStatus, WaitKind } from "./events.ts";
import type { TaskEventData } from "./taskEventData.ts";
import { emptyCatalog, type WorkflowCatalog } from "./workflow/catalog.ts";

/**
 * Modes of a live task:
 * - `workflow`: walking its workflow, not waiting for a user;
 * - `queued`: waiting in its service's queue, possibly with an offer ringing;
 * - `connected`: talking to a user.
 */
export const taskStatuses = ["workflow", "queued", "connected"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** A task waiting at a workflow node, until its input, parameter or response, or `until`. */
export interface WaitState {
  readonly waitId: string;
  readonly node: string;
  readonly until: number;
  readonly wait: WaitKind;
}

export interface TaskState {
  readonly id: string;
  serviceId: string;
  /** The workflow version the task runs (`id@version`); null for the built-in workflow. */
  workflow: string | null;
  /** The node the task waits at or is queued by; null while none. */
  node: string | null;
  wait: WaitState | null;
  /** Transfers so far; a workflow may not pass a task around forever. */
  transfers: number;
  /** Chat messages the customer sent to the agent so far. */
  messages: number;
  status: TaskStatus;
  /** The payload of the task's latest trigger event. */
  data: TaskEventData;
  queuedAt: number | null;
  queueDeadline: number | null;
  /** How long an offer of the task rings, and its place in the queue: higher goes first. */
  ronaMs: number;
  priority: number;
  offerId: string | null;
  userId: string | null;
  /** Users who declined or let ring an offer of this task; they are not offered it again. */
  declinedBy: string[];
}

export interface UserState {
  presence: PresenceStatus;
  /** Set by RONA; cleared when the user sets a presence again. */
  notReady: boolean;
  taskId: string | null;
  offerId: string | null;
  /** When the user last became free; the longest idle user is offered first. */
  idleSince: number;
}

export interface Offer {
  readonly id: string;
  readonly taskId: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface TenantState {
  readonly tenantId: string;
  directory: DirectoryIndex;
  workflows: WorkflowCatalog;
  readonly tasks: Map<string, TaskState>;
  readonly users: Map<string, UserState>;
  readonly offers: Map<string, Offer>;
  /** Task ids waiting in each service's queue, in order of arrival. */
  readonly queues: Map<string, string[]>;
}

const defaultRonaMs = 15_000;
const defaultPriority = 5;

export function emptyState(tenantId: string, directory: DirectoryIndex): TenantState {
  return {
    tenantId,
    directory,
    workflows: emptyCatalog,
    tasks: new Map(),
    users: new Map(),
    offers: new Map(),
    queues: new Map(),
  };
}

export function userState(state: TenantState, userId: string): UserState {
  let user = state.users.get(userId);
  if (!user) {
    user = { presence: "Offline", notReady: false, taskId: null, offerId: null, idleSince: 0 };
    state.users.set(userId, user);
  }
  return user;
}

/** Queues a task behind every task of its priority or higher: first in, first out per priority. */
function enqueue(state: TenantState, task: TaskState): void {
  let queue = state.queues.get(task.serviceId);
  if (!queue) {
    queue = [];
    state.queues.set(task.serviceId, queue);
  }
  let at = queue.length;
  while (at > 0 && (state.tasks.get(queue[at - 1] as string)?.priority ?? 0) < task.priority) at--;
  queue.splice(at, 0, task.id);
}

function removeFromQueue(state: TenantState, task: TaskState): void {
  const queue = state.queues.get(task.serviceId);
  if (!queue) return;
  const at = queue.indexOf(task.id);
  if (at >= 0) queue.splice(at, 1);
}

function clearOffer(state: TenantState, offerId: string): Offer | undefined {
  const offer = state.offers.get(offerId);
  if (!offer) return undefined;
  state.offers.delete(offerId);
  const task = state.tasks.get(offer.taskId);
  if (task && task.offerId === offerId) task.offerId = null;
  const user = state.users.get(offer.userId);
  if (user && user.offerId === offerId) user.offerId = null;
  return offer;
}

/** The task an event is about; a log naming an unknown task is corrupt. */
function taskOfEvent(state: TenantState, taskId: string | null): TaskState {
  const task = taskId === null ? undefined : state.tasks.get(taskId);
  if (!task) throw new Error(`event for unknown task ${String(taskId)}`);
  return task;
}

export function evolve(state: TenantState, event: DomainEvent): void {
  switch (event.type) {
    case "WorkflowStarted":
    case "Created":
      state.tasks.set(event.taskId, {
        id: event.taskId,
        serviceId: event.detail.serviceId,
        // `?? null`: logs from before workflows ran name none (the built-in one).
        workflow: event.type === "WorkflowStarted" ? (event.detail.workflow ?? null) : null,
        node: null,
        wait: null,
        transfers: 0,
        messages: 0,
        status: "workflow",
        data: event.data,
        queuedAt: null,
        queueDeadline: null,
        ronaMs: 0,
        priority: 0,
        offerId: null,
        userId: null,
        declinedBy: [],
      });
      return;
    case "SystemAccepted":
    case "ParameterUpdated":
    case "DestinationReached":
      taskOfEvent(state, event.taskId).data = event.data;
      return;
    case "InQueue": {
      const task = taskOfEvent(state, event.taskId);
      task.data = event.data;
      task.status = "queued";
      task.queuedAt = event.at;
      task.queueDeadline = event.detail.deadline;
      // Defaults for logs from before queues had settings of their own.
      task.node = event.detail.node ?? "queue";
      task.ronaMs = event.detail.ronaMs ?? defaultRonaMs;
      task.priority = event.detail.priority ?? defaultPriority;
      task.declinedBy = [];
      enqueue(state, task);
      return;
    }
    case "ConnectedToUser": {
      const task = taskOfEvent(state, event.taskId);
      clearOffer(state, event.detail.offerId);
      removeFromQueue(state, task);
      task.data = event.data;
      task.status = "connected";
      task.userId = event.detail.userId;
      task.queueDeadline = null;
      userState(state, event.detail.userId).taskId = task.id;
      return;
    }
    case "QueueLeft": {
      const task = taskOfEvent(state, event.taskId);
      removeFromQueue(state, task);
      task.data = event.data;
      task.status = "workflow";
      task.queueDeadline = null;
      return;
    }
    case "Terminated": {
      const task = taskOfEvent(state, event.taskId);
      removeFromQueue(state, task);
      if (task.offerId) clearOffer(state, task.offerId);
      if (task.userId) {
        const user = userState(state, task.userId);
        if (user.taskId === task.id) {
          user.taskId = null;
          user.idleSince = event.at;
        }
      }
      state.tasks.delete(task.id);
      return;
    }
    case "OfferCreated": {
      const { offerId, userId, expiresAt } = event.data;
      const task = taskOfEvent(state, event.taskId);
      state.offers.set(offerId, {
        id: offerId,
        taskId: task.id,
        userId,
        createdAt: event.at,
        expiresAt,
      });
      task.offerId = offerId;
      userState(state, userId).offerId = offerId;
      return;
    }
    case "OfferDeclined":
    case "OfferExpired": {
      const offer = clearOffer(state, event.data.offerId);
      const task = offer && state.tasks.get(offer.taskId);
      if (task && !task.declinedBy.includes(event.data.userId)) {
        task.declinedBy.push(event.data.userId);
      }
      if (event.type === "OfferExpired") userState(state, event.data.userId).notReady = true;
      return;
    }
    case "OfferWithdrawn":
      clearOffer(state, event.data.offerId);
      return;
    case "TaskInformationUpdated": {
      const task = taskOfEvent(state, event.taskId);
      task.data = {
        ...task.data,
        taskInformation: { ...task.data.taskInformation, ...event.data },
      };
      return;
    }
    case "WorkflowWaiting": {
      const task = taskOfEvent(state, event.taskId);
      task.node = event.data.node;
      task.wait = { ...event.data };
      return;
    }
    case "WaitEnded": {
      const task = taskOfEvent(state, event.taskId);
      if (task.wait?.waitId === event.data.waitId) task.wait = null;
      return;
    }
    case "TaskTransferred": {
      const task = taskOfEvent(state, event.taskId);
      task.serviceId = event.data.serviceId;
      task.workflow = event.data.workflow;
      task.transfers += 1;
      task.node = null;
      task.wait = null;
      const { serviceTelNumber: _number, ...kept } = task.data;
      task.data = { ...kept, ...event.data.fields };
      return;
    }
    case "ConversationEnded": {
      const task = taskOfEvent(state, event.taskId);
      const user = userState(state, event.data.userId);
      if (user.taskId === task.id) {
        user.taskId = null;
        user.idleSince = event.at;
      }
      task.userId = null;
      task.status = "workflow";
      return;
    }
    case "CustomerMessage":
      taskOfEvent(state, event.taskId).messages += 1;
      return;
    case "WorkflowSaid":
      return;
    case "PresenceChanged": {
      const user = userState(state, event.data.userId);
      const wasAvailable = user.presence === "Available" && !user.notReady;
      user.presence = event.data.status;
      user.notReady = false;
      if (!wasAvailable && user.presence === "Available") user.idleSince = event.at;
      return;
    }
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}
