/**
 * The live state of one tenant and `evolve`, the only function that changes it. Every change
 * is the consequence of an event, so replaying the log rebuilds the same state. Terminated
 * tasks leave the state; the log keeps them.
 */
import type { DirectoryIndex } from "./directoryIndex.ts";
import type { DomainEvent, PresenceStatus, TranscriptLine, WaitKind } from "./events.ts";
import {
  emptyRoutingIndex,
  indexUser,
  type RoutingIndex,
  rebuildRoutingIndex,
} from "./routingIndex.ts";
import type { EntryState } from "./schedulerEntry.ts";
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
  /** Until then only the task's preferred users may be offered it; null when it has none. */
  preferredUntil: number | null;
  /**
   * Offers ringing for the task: one, or several under the broadcast policy. Replaced,
   * never changed in place.
   */
  offers: readonly string[];
  userId: string | null;
  /**
   * Users who declined or let ring an offer of this task; they are not offered it again.
   * Replaced, never changed in place.
   */
  declinedBy: readonly string[];
  /** The scheduler entry an outbound task is an attempt of; null for other tasks. */
  entryId: string | null;
  /** The priority rank an external task came with; a Queue without one of its own uses it. */
  requestedPriority: number | null;
  /**
   * What was said, kept while the virtual user assistant takes part (null when it does not):
   * the customer's messages, the workflow's words and the gateway's transcription.
   */
  transcript: Transcript | null;
}

/**
 * A conversation's transcript. It belongs to the service whose assistant started it, also
 * after a transfer: that service's flows are told when it is ready.
 */
export interface Transcript {
  readonly serviceId: string;
  readonly lines: TranscriptLine[];
  /** Characters of all lines together. */
  characters: number;
}

/** Lines and characters a transcript keeps at most; later ones are dropped (the commands say so). */
export const transcriptLimits = { lines: 2_000, characters: 200_000 } as const;

/** Whether a transcript has room for more lines of so many characters. */
export function transcriptHasRoom(
  transcript: Transcript,
  lines: number,
  characters: number,
): boolean {
  return (
    transcript.lines.length + lines <= transcriptLimits.lines &&
    transcript.characters + characters <= transcriptLimits.characters
  );
}

function transcribe(task: TaskState, line: TranscriptLine): void {
  const transcript = task.transcript;
  if (transcript !== null && transcriptHasRoom(transcript, 1, line.text.length)) {
    transcript.lines.push(line);
    transcript.characters += line.text.length;
  }
}

/** What a user is doing, as routing sees it (presence aside). */
export const agentStates = [
  "Idle",
  "Offered",
  "Connected",
  "AfterCallWork",
  "NotReady",
  "Unavailable",
] as const;
export type AgentState = (typeof agentStates)[number];

export interface UserState {
  presence: PresenceStatus;
  /** Set by RONA; cleared when the user sets a presence again. */
  notReady: boolean;
  /** Tasks the user is connected to (several chats at once, within capacity). */
  tasks: string[];
  /** The offer ringing for the user; one at a time. */
  offerId: string | null;
  /** In after-call work until then; null when not. */
  acwUntil: number | null;
  /** Services the user switched their responsibility off for. */
  off: string[];
  /** When the user last became free; the longest idle user is offered first. */
  idleSince: number;
  state: AgentState;
  /** When `state` last changed. */
  stateSince: number;
}

export interface Offer {
  readonly id: string;
  readonly taskId: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly broadcast: boolean;
}

export interface TenantState {
  readonly tenantId: string;
  directory: DirectoryIndex;
  workflows: WorkflowCatalog;
  readonly tasks: Map<string, TaskState>;
  readonly users: Map<string, UserState>;
  readonly offers: Map<string, Offer>;
  /** Task ids waiting in each service's queue: by priority, then in order of arrival. */
  readonly queues: Map<string, string[]>;
  /** The member each round-robin service offered a task last. */
  readonly lastOffered: Map<string, string>;
  /** Scheduler entries not yet handled, removed, failed or out of attempts, by id. */
  readonly entries: Map<string, EntryState>;
  /** How many of them each service has; derived, not part of snapshots. */
  readonly entriesPerService: Map<string, number>;
  /** Derived look-ups for distribution (./routingIndex.ts); not part of snapshots. */
  readonly routing: RoutingIndex;
}

/**
 * The empty list every task starts with: most tasks never have an offer declined, and one
 * shared array costs nothing per task. Lists of a task are replaced, never changed.
 */
const noIds: readonly string[] = Object.freeze([]);

/** The list without `id`; the shared empty list when nothing is left. */
function without(ids: readonly string[], id: string): readonly string[] {
  const kept = ids.filter((other) => other !== id);
  return kept.length === 0 ? noIds : kept;
}

const defaultRonaMs = 15_000;
/** Normal. */
const defaultPriority = 2;

export function emptyState(tenantId: string, directory: DirectoryIndex): TenantState {
  return {
    tenantId,
    directory,
    workflows: emptyCatalog,
    tasks: new Map(),
    users: new Map(),
    offers: new Map(),
    queues: new Map(),
    lastOffered: new Map(),
    entries: new Map(),
    entriesPerService: new Map(),
    routing: emptyRoutingIndex(),
  };
}

/** Gives the state a new directory; the routing look-ups follow its memberships. */
export function replaceDirectory(state: TenantState, directory: DirectoryIndex): void {
  state.directory = directory;
  rebuildRoutingIndex(state);
}

export function userState(state: TenantState, userId: string): UserState {
  let user = state.users.get(userId);
  if (!user) {
    user = {
      presence: "Offline",
      notReady: false,
      tasks: [],
      offerId: null,
      acwUntil: null,
      off: [],
      idleSince: 0,
      state: "Unavailable",
      stateSince: 0,
    };
    state.users.set(userId, user);
  }
  return user;
}

/** The offer ringing for a user, if one is. */
export function ringingOffer(state: TenantState, userId: string): Offer | undefined {
  const offerId = state.users.get(userId)?.offerId;
  return offerId ? state.offers.get(offerId) : undefined;
}

function agentStateOf(user: UserState): AgentState {
  if (user.notReady) return "NotReady";
  if (user.tasks.length > 0) return "Connected";
  if (user.offerId !== null) return "Offered";
  if (user.acwUntil !== null) return "AfterCallWork";
  return user.presence === "Available" ? "Idle" : "Unavailable";
}

/**
 * After a change to a user: records when their state changes (for the time in state that
 * supervisors see) and files them in the routing look-ups.
 */
function settle(state: TenantState, userId: string, at: number): void {
  const user = userState(state, userId);
  indexUser(state, userId);
  const next = agentStateOf(user);
  if (next === user.state) return;
  user.state = next;
  user.stateSince = at;
}

/** The user's connection to a task ends; they are idle from now if nothing else holds them. */
function release(state: TenantState, userId: string, taskId: string, at: number): void {
  const user = userState(state, userId);
  const index = user.tasks.indexOf(taskId);
  if (index < 0) return;
  user.tasks.splice(index, 1);
  if (user.tasks.length === 0) user.idleSince = at;
  settle(state, userId, at);
}

/** Keeps the count of a service's waiting entries. */
export function countEntry(state: TenantState, serviceId: string, by: number): void {
  const count = (state.entriesPerService.get(serviceId) ?? 0) + by;
  if (count > 0) state.entriesPerService.set(serviceId, count);
  else state.entriesPerService.delete(serviceId);
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

function clearOffer(state: TenantState, offerId: string, at: number): Offer | undefined {
  const offer = state.offers.get(offerId);
  if (!offer) return undefined;
  state.offers.delete(offerId);
  const task = state.tasks.get(offer.taskId);
  if (task) task.offers = without(task.offers, offerId);
  const user = state.users.get(offer.userId);
  if (user && user.offerId === offerId) {
    user.offerId = null;
    settle(state, offer.userId, at);
  }
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
        preferredUntil: null,
        offers: noIds,
        userId: null,
        declinedBy: noIds,
        entryId: event.type === "Created" ? event.detail.entryId : null,
        requestedPriority:
          event.type === "WorkflowStarted" ? (event.detail.priority ?? null) : null,
        transcript:
          event.type === "WorkflowStarted" && event.detail.assistant
            ? { serviceId: event.detail.serviceId, lines: [], characters: 0 }
            : null,
      });
      if (event.type === "WorkflowStarted" && event.data.initialMessage) {
        const task = taskOfEvent(state, event.taskId);
        transcribe(task, { at: event.at, speaker: "Customer", text: event.data.initialMessage });
      }
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
      task.preferredUntil = event.detail.preferredUntil ?? null;
      task.declinedBy = noIds;
      enqueue(state, task);
      return;
    }
    case "ConnectedToUser": {
      const task = taskOfEvent(state, event.taskId);
      clearOffer(state, event.detail.offerId, event.at);
      removeFromQueue(state, task);
      task.data = event.data;
      task.status = "connected";
      task.userId = event.detail.userId;
      task.queueDeadline = null;
      task.preferredUntil = null;
      userState(state, event.detail.userId).tasks.push(task.id);
      settle(state, event.detail.userId, event.at);
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
      for (const offerId of task.offers) clearOffer(state, offerId, event.at);
      if (task.userId) release(state, task.userId, task.id, event.at);
      state.tasks.delete(task.id);
      return;
    }
    case "OfferCreated": {
      const { offerId, userId, expiresAt } = event.data;
      const task = taskOfEvent(state, event.taskId);
      const broadcast = event.data.broadcast ?? false;
      state.offers.set(offerId, {
        id: offerId,
        taskId: task.id,
        userId,
        createdAt: event.at,
        expiresAt,
        broadcast,
      });
      task.offers = [...task.offers, offerId];
      userState(state, userId).offerId = offerId;
      settle(state, userId, event.at);
      state.lastOffered.set(task.serviceId, userId);
      return;
    }
    case "OfferDeclined":
    case "OfferExpired": {
      const offer = clearOffer(state, event.data.offerId, event.at);
      // A broadcast offer rings for many: letting it ring is neither a decline nor RONA.
      if (offer?.broadcast && event.type === "OfferExpired") return;
      const task = offer && state.tasks.get(offer.taskId);
      if (task && !task.declinedBy.includes(event.data.userId)) {
        task.declinedBy = [...task.declinedBy, event.data.userId];
      }
      if (event.type === "OfferExpired") {
        userState(state, event.data.userId).notReady = true;
        settle(state, event.data.userId, event.at);
      }
      return;
    }
    case "OfferWithdrawn":
      clearOffer(state, event.data.offerId, event.at);
      return;
    case "TaskInformationUpdated": {
      const task = taskOfEvent(state, event.taskId);
      const { preferredUntil, ...information } = event.data;
      task.data = {
        ...task.data,
        taskInformation: { ...task.data.taskInformation, ...information },
      };
      if (preferredUntil !== undefined) task.preferredUntil = preferredUntil;
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
      release(state, event.data.userId, task.id, event.at);
      task.userId = null;
      task.status = "workflow";
      return;
    }
    case "CustomerMessage": {
      const task = taskOfEvent(state, event.taskId);
      task.messages += 1;
      transcribe(task, { at: event.at, speaker: "Customer", text: event.data.text });
      return;
    }
    case "WorkflowSaid":
      transcribe(taskOfEvent(state, event.taskId), {
        at: event.at,
        speaker: "Assistant",
        text: event.data.text,
      });
      return;
    case "TranscriptSegment":
      transcribe(taskOfEvent(state, event.taskId), { at: event.at, ...event.data });
      return;
    case "AdminChanged":
    case "VoiceTranscriptionReady":
      return;
    case "PresenceChanged": {
      const user = userState(state, event.data.userId);
      const wasAvailable = user.presence === "Available" && !user.notReady;
      user.presence = event.data.status;
      user.notReady = false;
      if (!wasAvailable && user.presence === "Available") user.idleSince = event.at;
      settle(state, event.data.userId, event.at);
      return;
    }
    case "AfterCallWorkStarted": {
      userState(state, event.data.userId).acwUntil = event.data.until;
      settle(state, event.data.userId, event.at);
      return;
    }
    case "AfterCallWorkEnded": {
      const user = userState(state, event.data.userId);
      user.acwUntil = null;
      if (user.tasks.length === 0) user.idleSince = event.at;
      settle(state, event.data.userId, event.at);
      return;
    }
    case "Scheduled": {
      const { spec, attempts, entryId } = event.detail;
      if (!spec) throw new Error(`Scheduled without its entry ${entryId}`);
      const before = state.entries.get(entryId);
      if (before) countEntry(state, before.spec.serviceId, -1);
      countEntry(state, spec.serviceId, 1);
      state.entries.set(entryId, {
        spec,
        status: "Scheduled",
        attempts: [...attempts],
        taskId: null,
        attemptUntil: null,
      });
      return;
    }
    case "DueDateReached": {
      const entry = state.entries.get(event.detail.entryId);
      if (!entry) throw new Error(`event for unknown entry ${event.detail.entryId}`);
      entry.status = "InProgress";
      entry.attempts = [...event.detail.attempts];
      entry.taskId = event.detail.taskId ?? null;
      entry.attemptUntil = event.detail.attemptUntil ?? null;
      return;
    }
    case "Handled":
    case "LimitReached":
    case "Removed":
    case "Failed": {
      const entry = state.entries.get(event.detail.entryId);
      if (entry) countEntry(state, entry.spec.serviceId, -1);
      state.entries.delete(event.detail.entryId);
      return;
    }
    case "ResponsibilityChanged": {
      const { userId, serviceId, active } = event.data;
      const user = userState(state, userId);
      user.off = user.off.filter((id) => id !== serviceId);
      if (!active) user.off.push(serviceId);
      settle(state, userId, event.at);
      return;
    }
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}
