/**
 * The event catalogue: every state change of a task is one of these. Trigger events are
 * what subscribers see; internal events record routing decisions (offers, presence) so that
 * the engine can rebuild its state from the log alone.
 */
import type { Direction } from "./model.ts";
import type { SchedulerEntryDetail, SchedulerEntryEventData } from "./schedulerEntry.ts";
import type { Customer, PreferredUser, TaskEventData } from "./taskEventData.ts";

export const taskEventTypes = [
  "WorkflowStarted",
  "Created",
  "SystemAccepted",
  "ParameterUpdated",
  "InQueue",
  "ConnectedToUser",
  "DestinationReached",
  "QueueLeft",
  "Terminated",
] as const;
export type TaskEventType = (typeof taskEventTypes)[number];

export interface TaskEventInfo {
  /** Display name, as the connector's lookup shows it. */
  readonly name: string;
  readonly directions: readonly Direction[];
  /** What the deprecated connector called it, if it had it. */
  readonly legacy: string | null;
}

export const taskEventCatalogue: Readonly<Record<TaskEventType, TaskEventInfo>> = {
  WorkflowStarted: { name: "Workflow Started", directions: ["Inbound"], legacy: null },
  Created: { name: "Created", directions: ["Outbound"], legacy: null },
  SystemAccepted: {
    name: "System Accepted",
    directions: ["Inbound"],
    legacy: "Accepted by System",
  },
  ParameterUpdated: {
    name: "Parameter Updated",
    directions: ["Inbound"],
    legacy: "Parameter Updated",
  },
  InQueue: { name: "In Queue", directions: ["Inbound", "Outbound"], legacy: "Queued" },
  ConnectedToUser: {
    name: "Connected to User",
    directions: ["Inbound", "Outbound"],
    legacy: "Connected to User",
  },
  DestinationReached: {
    name: "Destination Reached",
    directions: ["Outbound"],
    legacy: "Outbound Connected to Destination",
  },
  QueueLeft: { name: "Queue Left", directions: ["Inbound", "Outbound"], legacy: "Queue Left" },
  Terminated: { name: "Terminated", directions: ["Inbound", "Outbound"], legacy: "Terminated" },
};

/** Events of scheduler entries (planned outbound calls), by value. */
export const schedulerEntryEventTypes = [
  "Scheduled",
  "DueDateReached",
  "Handled",
  "LimitReached",
  "Removed",
  "Failed",
] as const;
export type SchedulerEntryEventType = (typeof schedulerEntryEventTypes)[number];

export const schedulerEntryEventCatalogue: Readonly<
  Record<SchedulerEntryEventType, { readonly name: string; readonly legacy: string }>
> = {
  Scheduled: { name: "Scheduled", legacy: "Scheduled" },
  DueDateReached: { name: "Due date reached", legacy: "InProgress" },
  Handled: { name: "Handled", legacy: "DestinationAccepted" },
  LimitReached: { name: "Limit reached", legacy: "MaxRetriesReached" },
  Removed: { name: "Removed", legacy: "Removed" },
  Failed: { name: "Failed", legacy: "Failed" },
};

export const internalEventTypes = [
  "OfferCreated",
  "OfferDeclined",
  "OfferExpired",
  "OfferWithdrawn",
  "PresenceChanged",
  "TaskInformationUpdated",
  "WorkflowWaiting",
  "WaitEnded",
  "TaskTransferred",
  "ConversationEnded",
  "CustomerMessage",
  "WorkflowSaid",
  "AfterCallWorkStarted",
  "AfterCallWorkEnded",
  "ResponsibilityChanged",
  "AdminChanged",
  "TranscriptSegment",
] as const;
export type InternalEventType = (typeof internalEventTypes)[number];
/** Events of the virtual user assistant, by value. */
export const assistantEventTypes = ["VoiceTranscriptionReady"] as const;
export type AssistantEventType = (typeof assistantEventTypes)[number];

export type EventType =
  | TaskEventType
  | InternalEventType
  | SchedulerEntryEventType
  | AssistantEventType;

const taskEventSet: ReadonlySet<string> = new Set(taskEventTypes);
export function isTaskEventType(type: string): type is TaskEventType {
  return taskEventSet.has(type);
}
const eventSet: ReadonlySet<string> = new Set([
  ...taskEventTypes,
  ...internalEventTypes,
  ...schedulerEntryEventTypes,
  ...assistantEventTypes,
]);
export function isEventType(type: string): type is EventType {
  return eventSet.has(type);
}

export const presenceStatuses = [
  "Available",
  "Busy",
  "DoNotDisturb",
  "Away",
  "BeRightBack",
  "Offline",
] as const;
export type PresenceStatus = (typeof presenceStatuses)[number];

export type QueueLeftReason =
  | "CallerLeft"
  | "MaxQueueTime"
  | "NoUsers"
  | "AttemptTimeout"
  | "Removed";
export type TerminationReason =
  | "CallerLeft"
  | "UserLeft"
  | "MaxQueueTime"
  | "Disconnected"
  | "Voicemail"
  | "Transferred"
  | "WorkflowError"
  /** An outbound call: the destination was busy, did not answer, or could not be dialled. */
  | "DestinationBusy"
  | "DestinationNoAnswer"
  | "DestinationFailed"
  /** An outbound attempt ran out of its time before the destination answered. */
  | "AttemptTimeout"
  /** An external task removed by the system that added it. */
  | "Removed";

/** A request of Collect Information, its templates filled in. */
export interface CollectRequestSpec {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
}

/** What a task waits for at a workflow node; the wait's timer ends it at `until` at the latest. */
export type WaitKind =
  | { readonly kind: "pause" }
  | { readonly kind: "input"; readonly attempt: number }
  | { readonly kind: "parameter" }
  | { readonly kind: "request"; readonly request: CollectRequestSpec };

/** Internal facts a trigger event carries beside its public payload. */
export interface TaskEventDetails {
  /** `workflow` is the `id@version` the task runs; null for the built-in workflow. */
  /** `priority`: the rank an external task asked for, which its queue keeps unless set. */
  readonly WorkflowStarted: {
    readonly serviceId: string;
    readonly workflow: string | null;
    readonly priority?: number;
    /** The service's virtual user assistant takes part: the conversation is transcribed. */
    readonly assistant?: boolean;
  };
  /** `entryId`: the scheduler entry whose attempt this outbound task is. */
  readonly Created: { readonly serviceId: string; readonly entryId: string };
  readonly SystemAccepted: Record<string, never>;
  readonly ParameterUpdated: Record<string, never>;
  /** `node` is the workflow's queue node, whose exits the task leaves by. */
  readonly InQueue: {
    readonly deadline: number;
    readonly node: string;
    readonly ronaMs: number;
    /** Rank: Low 1, Normal 2, High 3, Urgent 4. */
    readonly priority: number;
    /** Until then only the task's preferred users are offered it; null without any. */
    readonly preferredUntil?: number | null;
  };
  readonly ConnectedToUser: { readonly userId: string; readonly offerId: string };
  readonly DestinationReached: Record<string, never>;
  readonly QueueLeft: { readonly reason: QueueLeftReason };
  readonly Terminated: { readonly reason: TerminationReason };
}

export interface OfferFact {
  readonly offerId: string;
  readonly userId: string;
}

export interface InternalEventData {
  /** `broadcast`: one of several offers of the task at once; letting it ring is no RONA. */
  readonly OfferCreated: OfferFact & { readonly expiresAt: number; readonly broadcast?: boolean };
  readonly OfferDeclined: OfferFact;
  readonly OfferExpired: OfferFact;
  readonly OfferWithdrawn: OfferFact;
  readonly PresenceChanged: { readonly userId: string; readonly status: PresenceStatus };
  /** Customer or preferred users of a task changed (parameters raise Parameter Updated). */
  readonly TaskInformationUpdated: {
    readonly customer?: Customer;
    readonly preferredUsers?: readonly PreferredUser[];
    /** New preferred users of a queued task have it to themselves until then. */
    readonly preferredUntil?: number | null;
  };
  /** The task waits at a workflow node; a new wait at the same node replaces it (a retry). */
  readonly WorkflowWaiting: {
    readonly waitId: string;
    readonly node: string;
    readonly until: number;
    readonly wait: WaitKind;
  };
  /** The wait ended and the task leaves its node by `exit`. */
  readonly WaitEnded: { readonly waitId: string; readonly exit: string };
  /** Transfer to another service: its workflow runs next, without a second Workflow Started. */
  readonly TaskTransferred: {
    readonly serviceId: string;
    readonly workflow: string | null;
    readonly fields: TransferredFields;
  };
  /** The user left the conversation; the caller goes on in the workflow. */
  readonly ConversationEnded: { readonly userId: string };
  /** A chat message from the customer that no Input Customer took: it is for the agent. */
  readonly CustomerMessage: { readonly text: string };
  /** What the workflow says to the customer (announcement, prompt): for the gateway. */
  readonly WorkflowSaid: { readonly node: string; readonly text: string };
  /** The user wraps a task up and takes no new one until `until` (or until they end it). */
  readonly AfterCallWorkStarted: { readonly userId: string; readonly until: number };
  readonly AfterCallWorkEnded: { readonly userId: string };
  /** Audit trail: an administrator changed configuration (who, what, which, how). */
  readonly AdminChanged: {
    readonly actorUserId: string;
    /** e.g. `service.routing`, `user.role`, `workflow.create`, `token.revoke`. */
    readonly action: string;
    /** The id of what changed. */
    readonly target: string;
    readonly details: Readonly<Record<string, unknown>>;
  };
  /** A line of a conversation's transcript, posted by the gateway (speech to text). */
  readonly TranscriptSegment: { readonly speaker: TranscriptSpeaker; readonly text: string };
  /** The user switched their responsibility for a service on or off. */
  readonly ResponsibilityChanged: {
    readonly userId: string;
    readonly serviceId: string;
    readonly active: boolean;
  };
}

/** The service fields of a task's payload, which a transfer replaces. */
export type TransferredFields = Pick<
  TaskEventData,
  "serviceId" | "serviceName" | "serviceDescription" | "serviceDisplayName" | "serviceUPN"
> & { readonly serviceTelNumber?: string };

export type TaskEvent = {
  [K in TaskEventType]: {
    readonly type: K;
    readonly at: number;
    readonly taskId: string;
    /** The payload subscribers receive: the task as it stands after this event. */
    readonly data: TaskEventData;
    readonly detail: TaskEventDetails[K];
  };
}[TaskEventType];

/** Internal events that always concern one task. */
type TaskScopedInternal =
  | "WorkflowWaiting"
  | "WaitEnded"
  | "TaskTransferred"
  | "ConversationEnded"
  | "CustomerMessage"
  | "WorkflowSaid"
  | "TranscriptSegment";

export type InternalEvent = {
  [K in InternalEventType]: {
    readonly type: K;
    readonly at: number;
    readonly taskId: K extends TaskScopedInternal ? string : string | null;
    readonly data: InternalEventData[K];
    readonly detail: null;
  };
}[InternalEventType];

/** A scheduler entry's event: its payload is the entry as it stands after it. */
export interface SchedulerEntryEvent {
  readonly type: SchedulerEntryEventType;
  readonly at: number;
  readonly taskId: null;
  readonly data: SchedulerEntryEventData;
  readonly detail: SchedulerEntryDetail;
}

/** Who said a line of a transcript; the workflow's announcements and prompts are the assistant's. */
export const transcriptSpeakers = ["Customer", "Agent", "Assistant"] as const;
export type TranscriptSpeaker = (typeof transcriptSpeakers)[number];

export interface TranscriptLine {
  readonly at: number;
  readonly speaker: TranscriptSpeaker;
  readonly text: string;
}

/**
 * A conversation the virtual user assistant took part in has ended: its transcript is kept
 * in the detail, the payload names the session and its service (`VoiceTranscriptionReady`).
 */
export interface AssistantEvent {
  readonly type: AssistantEventType;
  readonly at: number;
  readonly taskId: string;
  readonly data: {
    readonly ServiceSessionId: string;
    readonly TenantId: string;
    readonly ServiceUPN: string;
    readonly ServiceId: string;
    readonly ServiceName: string;
  };
  readonly detail: {
    readonly serviceId: string;
    readonly modality: string;
    readonly transcript: readonly TranscriptLine[];
  };
}

export type DomainEvent = TaskEvent | InternalEvent | SchedulerEntryEvent | AssistantEvent;
