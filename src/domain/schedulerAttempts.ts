/**
 * How an attempt of a scheduler entry ends: the destination was reached (the entry is
 * handled), or it was not and the entry is scheduled again after its retry delay — unless
 * its attempts are used up (limit reached).
 */
import type { Decision } from "./decision.ts";
import type { SchedulerEntryEventType, TerminationReason } from "./events.ts";
import {
  type AttemptOutcome,
  type AttemptRecord,
  type EntrySpec,
  type EntryState,
  entryPayload,
} from "./schedulerEntry.ts";

/** Emits an entry's event with the entry as it stands. */
export function emitEntryEvent(
  d: Decision,
  type: SchedulerEntryEventType,
  spec: EntrySpec,
  detail: {
    readonly attempts: readonly AttemptRecord[];
    readonly scheduled?: boolean;
    readonly taskId?: string;
    readonly attemptUntil?: number;
    readonly completionReason?: string;
  },
): void {
  const serviceUpn = d.state.directory.servicesById.get(spec.serviceId)?.upn ?? "";
  d.emit({
    type,
    at: d.now,
    taskId: null,
    data: entryPayload(spec, serviceUpn, type, {
      ...(detail.taskId === undefined ? {} : { taskId: detail.taskId }),
      ...(detail.completionReason === undefined
        ? {}
        : { completionReason: detail.completionReason }),
    }),
    detail: {
      entryId: spec.id,
      serviceId: spec.serviceId,
      attempts: detail.attempts,
      ...(detail.scheduled ? { spec } : {}),
      ...(detail.taskId === undefined ? {} : { taskId: detail.taskId }),
      ...(detail.attemptUntil === undefined ? {} : { attemptUntil: detail.attemptUntil }),
    },
  });
}

/** The outcome of an attempt whose task ended for this reason. */
export function outcomeOf(reason: TerminationReason): AttemptOutcome {
  switch (reason) {
    case "DestinationBusy":
      return "Busy";
    case "DestinationNoAnswer":
      return "NoAnswer";
    case "MaxQueueTime":
      return "MaxQueueTime";
    case "AttemptTimeout":
      return "AttemptTimeout";
    case "UserLeft":
      return "UserLeft";
    case "CallerLeft":
      return "CallerLeft";
    default:
      return "DialFailed";
  }
}

function attemptOf(entry: EntryState, outcome: AttemptRecord["outcome"]): AttemptRecord {
  const startedAt = (entry.attemptUntil ?? 0) - entry.spec.attemptTimeoutSeconds * 1000;
  return { taskId: entry.taskId ?? "", startedAt, outcome };
}

/**
 * The attempt carried by `taskId` is over. Nothing happens when the entry has moved on (the
 * destination was reached before the task ended, or the entry is gone).
 */
export function attemptOver(
  d: Decision,
  entryId: string,
  taskId: string,
  outcome: AttemptRecord["outcome"],
): void {
  const entry = d.state.entries.get(entryId);
  if (entry?.status !== "InProgress" || entry.taskId !== taskId) return;
  const attempts = [...entry.attempts, attemptOf(entry, outcome)];
  if (outcome === "DestinationReached") {
    emitEntryEvent(d, "Handled", entry.spec, {
      attempts,
      taskId,
      completionReason: "DestinationReached",
    });
  } else if (attempts.length >= entry.spec.maxAttempts) {
    emitEntryEvent(d, "LimitReached", entry.spec, { attempts, completionReason: outcome });
  } else {
    const spec = { ...entry.spec, dueAt: d.now + entry.spec.retryDelaySeconds * 1000 };
    emitEntryEvent(d, "Scheduled", spec, { attempts, scheduled: true });
  }
}
