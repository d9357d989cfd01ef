/**
 * The scheduler's decisions: writing and removing entries, starting an attempt when an entry
 * is due, the destination's outcome as the gateway reports it, and an attempt that runs out
 * of time. Each attempt is an outbound task: Created, In Queue, Connected to User, then
 * Destination Reached or not, Terminated.
 */
import type { Decision } from "./decision.ts";
import { availableMembers } from "./distribution.ts";
import { DomainError } from "./errors.ts";
import { priorityRank } from "./model.ts";
import { attemptOver, emitEntryEvent } from "./schedulerAttempts.ts";
import type { DestinationOutcome, EntrySpec, EntryState } from "./schedulerEntry.ts";
import type { TaskState } from "./state.ts";
import type { TaskEventData } from "./taskEventData.ts";
import { emitTaskEvent, iso, serviceFields } from "./taskEvents.ts";
import { leaveQueue, terminate } from "./taskLifecycle.ts";

/** An entry as a command writes it; the id comes from the decision. */
export type EntryWrite = Omit<EntrySpec, "id">;

/** Where an attempt's task waits: outbound tasks run no workflow. */
export const outboundQueueNode = "outbound";

function checkService(d: Decision, write: EntryWrite): void {
  const service = d.state.directory.servicesById.get(write.serviceId);
  if (!service) throw DomainError.invalid("serviceUpn", `no service ${write.serviceId}`);
  if (!service.modalities.includes("Audio")) {
    throw DomainError.invalid("serviceUpn", `service ${service.upn} makes no calls (Audio)`);
  }
}

function liveEntry(d: Decision, entryId: string): EntryState {
  const entry = d.state.entries.get(entryId);
  if (!entry) {
    throw DomainError.notFound("SchedulerEntryID", `no scheduled entry ${entryId}`);
  }
  return entry;
}

function notInProgress(entry: EntryState, doing: string): void {
  if (entry.status === "InProgress") {
    throw DomainError.conflict(
      `entry ${entry.spec.id} is in progress (attempt ${entry.attempts.length + 1}); it cannot be ${doing} until the attempt ends`,
      "SchedulerEntryID",
    );
  }
}

/** Entries a tenant keeps waiting at most; each costs a timer and about 2 KB of memory. */
export const maxPendingEntries = 250_000;

/** Entries one service keeps waiting at most, so that no team uses up the tenant's room. */
export const maxPendingEntriesPerService = 100_000;

export function createEntry(d: Decision, write: EntryWrite): string {
  checkService(d, write);
  if (d.state.entries.size >= maxPendingEntries) {
    throw DomainError.conflict(
      `the tenant has ${maxPendingEntries} entries waiting, the most it keeps`,
      "dueDateTimeUtc",
    );
  }
  if ((d.state.entriesPerService.get(write.serviceId) ?? 0) >= maxPendingEntriesPerService) {
    throw DomainError.conflict(
      `the service has ${maxPendingEntriesPerService} entries waiting, the most it keeps`,
      "serviceUpn",
    );
  }
  const spec: EntrySpec = { ...write, id: d.newId() };
  emitEntryEvent(d, "Scheduled", spec, { attempts: [], scheduled: true });
  return spec.id;
}

/** A new due date or new settings: the entry is scheduled again, its attempts so far kept. */
export function updateEntry(d: Decision, entryId: string, write: EntryWrite): void {
  const entry = liveEntry(d, entryId);
  notInProgress(entry, "changed");
  checkService(d, write);
  if (write.maxAttempts <= entry.attempts.length) {
    throw DomainError.conflict(
      `entry ${entryId} has made ${entry.attempts.length} attempts already; maxAttempts must be more`,
      "maxAttempts",
    );
  }
  const spec: EntrySpec = { ...write, id: entryId, createdBy: entry.spec.createdBy };
  emitEntryEvent(d, "Scheduled", spec, { attempts: entry.attempts, scheduled: true });
}

export function removeEntry(d: Decision, entryId: string): void {
  const entry = liveEntry(d, entryId);
  notInProgress(entry, "removed");
  emitEntryEvent(d, "Removed", entry.spec, {
    attempts: entry.attempts,
    completionReason: "Removed",
  });
}

/** The entry is due: its next attempt's task is queued for the service's members. */
export function entryDue(d: Decision, entryId: string): void {
  const entry = d.state.entries.get(entryId);
  if (entry?.status !== "Scheduled" || entry.spec.dueAt > d.now) return;
  const { spec } = entry;
  const service = d.state.directory.servicesById.get(spec.serviceId);
  if (!service?.modalities.includes("Audio")) {
    emitEntryEvent(d, "Failed", spec, {
      attempts: entry.attempts,
      completionReason: service ? "ServiceMakesNoCalls" : "ServiceRemoved",
    });
    return;
  }
  const taskId = d.newId();
  emitEntryEvent(d, "DueDateReached", spec, {
    attempts: entry.attempts,
    taskId,
    attemptUntil: d.now + spec.attemptTimeoutSeconds * 1000,
  });
  const toAddress = spec.destination.includes("@");
  const data = {
    taskId,
    tenantId: d.state.tenantId,
    event: "Created",
    direction: "Outbound",
    modality: "Audio",
    created: iso(d.now),
    isAnonymous: false,
    customerIdentifier: spec.destination,
    ...(toAddress
      ? { destinationUPN: spec.destination }
      : { destinationTelNumber: spec.destination }),
    ...(spec.referenceId === undefined ? {} : { referenceId: spec.referenceId }),
    outboundAttempt: entry.attempts.length + 1,
    ...serviceFields(service),
    taskInformation: {
      ...(spec.customer === undefined ? {} : { customer: spec.customer }),
      customContextParameters: spec.parameters,
      preferredUsers: [],
    },
  } satisfies TaskEventData;
  d.emit({
    type: "Created",
    at: d.now,
    taskId,
    data,
    detail: { serviceId: service.id, entryId },
  });
  const task = d.state.tasks.get(taskId) as TaskState;
  emitTaskEvent(d, task, "InQueue", {
    deadline: d.now + spec.maxQueueSeconds * 1000,
    node: outboundQueueNode,
    ronaMs: spec.ronaSeconds * 1000,
    priority: priorityRank(spec.priority),
    preferredUntil: null,
  });
  // With nobody available the call just waits (it takes no noUsers exit): matching the
  // queue now would only walk every call already waiting.
  if (availableMembers(d.state, service) > 0) d.wake([service.id]);
}

/** The attempt's time is up and the destination was not reached: its task ends. */
export function attemptTimedOut(d: Decision, entryId: string, taskId: string): void {
  const entry = d.state.entries.get(entryId);
  if (!entry || entry.taskId !== taskId || (entry.attemptUntil ?? Infinity) > d.now) return;
  const task = d.state.tasks.get(taskId);
  if (!task) {
    attemptOver(d, entryId, taskId, "AttemptTimeout");
    return;
  }
  if (task.status === "queued") leaveQueue(d, task, "AttemptTimeout");
  terminate(d, task, "AttemptTimeout");
}

/** An outbound task's time in the queue is up: the attempt failed. */
export function outboundQueueTimedOut(d: Decision, task: TaskState): void {
  leaveQueue(d, task, "MaxQueueTime");
  terminate(d, task, "MaxQueueTime");
}

/**
 * The gateway dialled the destination for the user who took the task: answered, the entry
 * is handled and the call goes on; otherwise the task ends and the entry tries again.
 */
export function destinationReported(
  d: Decision,
  task: TaskState,
  outcome: DestinationOutcome,
): void {
  const entryId = task.entryId;
  if (entryId === null) {
    throw DomainError.conflict(`task ${task.id} is no outbound call`, "taskId");
  }
  if (task.status !== "connected") {
    throw DomainError.conflict(`no user has taken task ${task.id} yet`, "taskId");
  }
  if (d.state.entries.get(entryId)?.taskId !== task.id) {
    throw DomainError.conflict(`task ${task.id} has reached its destination already`, "outcome");
  }
  switch (outcome) {
    case "Answered":
      emitTaskEvent(d, task, "DestinationReached", {});
      attemptOver(d, entryId, task.id, "DestinationReached");
      return;
    case "Busy":
      terminate(d, task, "DestinationBusy");
      return;
    case "NoAnswer":
      terminate(d, task, "DestinationNoAnswer");
      return;
    case "Failed":
      terminate(d, task, "DestinationFailed");
      return;
  }
}
