/**
 * Scheduler entries: planned outbound calls. An entry waits for its due date, then an attempt
 * starts: an outbound task is queued for the service's members, a user accepts it and the
 * destination is dialled. An attempt that does not reach the destination is scheduled again
 * after the retry delay, until the entry's attempts are used up.
 *
 * An entry lives in the state from `Scheduled` until `Handled`, `LimitReached`, `Removed` or
 * `Failed`; the log keeps it afterwards. Its events carry the whole entry, so the log alone
 * rebuilds it.
 */
import type { DistributionPriority } from "./model.ts";
import type { Customer, NameValue } from "./taskEventData.ts";

/** The reference's ranges and defaults (`SchedulerEntryWriteData`). */
export const entryLimits = {
  maxAttempts: { min: 1, max: 10, default: 1 },
  attemptTimeoutInSeconds: { min: 30, max: 86_400, default: 3_600 },
  maxQueueTimeInSeconds: { min: 5, max: 3_600, default: 300 },
  ronaTimeoutInSeconds: { min: 5, max: 30, default: 20 },
} as const;

/** What an attempt came to when it did not reach the destination. */
export const attemptOutcomes = [
  "Busy",
  "NoAnswer",
  "DialFailed",
  "MaxQueueTime",
  "AttemptTimeout",
  "UserLeft",
  "CallerLeft",
] as const;
export type AttemptOutcome = (typeof attemptOutcomes)[number];

/** What the gateway reports of a dialled destination. */
export const destinationOutcomes = ["Answered", "Busy", "NoAnswer", "Failed"] as const;
export type DestinationOutcome = (typeof destinationOutcomes)[number];

/** An entry as written: what the flow asked for, defaults filled in. */
export interface EntrySpec {
  readonly id: string;
  readonly serviceId: string;
  readonly referenceId?: string;
  readonly destination: string;
  readonly priority: DistributionPriority;
  /** Epoch milliseconds. */
  readonly dueAt: number;
  readonly maxAttempts: number;
  readonly attemptTimeoutSeconds: number;
  readonly maxQueueSeconds: number;
  readonly ronaSeconds: number;
  readonly parameters: readonly NameValue[];
  readonly customer?: Customer;
  /** Seconds between a failed attempt and the next one. */
  readonly retryDelaySeconds: number;
  /** The user who created it. */
  readonly createdBy: string;
}

export interface AttemptRecord {
  readonly taskId: string;
  readonly startedAt: number;
  readonly outcome: AttemptOutcome | "DestinationReached";
}

export interface EntryState {
  spec: EntrySpec;
  status: "Scheduled" | "InProgress";
  /** The attempts made so far, with their outcomes. */
  attempts: AttemptRecord[];
  /** The outbound task of the attempt in progress. */
  taskId: string | null;
  /** When the attempt in progress is stopped if the destination was not reached. */
  attemptUntil: number | null;
}

/** The connector's `SchedulerEntryEventData`, field by field. */
export interface SchedulerEntryEventData {
  readonly schedulerEntryId: string;
  readonly event: string;
  readonly direction: "Outbound";
  readonly modality: "Audio";
  readonly ReferenceId?: string;
  readonly unifiedConversationId?: string;
  readonly completionReason?: string;
  readonly destination: string;
  readonly distributionPriority: DistributionPriority;
  readonly dueDateTimeUtc: string;
  readonly serviceUpn: string;
  readonly maxAttempts: number;
  readonly attemptTimeoutInSeconds: number;
  readonly maxQueueTimeInSeconds: number;
  readonly ronaTimeoutInSeconds: number;
  readonly customCallContextParameters: readonly NameValue[];
  readonly customer?: Customer;
}

/** What the log keeps beside the payload: enough to rebuild the entry. */
export interface SchedulerEntryDetail {
  readonly entryId: string;
  /** For access checks and filters, like a task event's `serviceId`. */
  readonly serviceId: string;
  /** The whole entry, on `Scheduled` (created, updated or scheduled again). */
  readonly spec?: EntrySpec;
  readonly attempts: readonly AttemptRecord[];
  /** On `DueDateReached`: the attempt's task and when the attempt is stopped. */
  readonly taskId?: string;
  readonly attemptUntil?: number;
}

/** The payload of an entry's event. */
export function entryPayload(
  spec: EntrySpec,
  serviceUpn: string,
  event: string,
  extra: { readonly taskId?: string | null; readonly completionReason?: string } = {},
): SchedulerEntryEventData {
  return {
    schedulerEntryId: spec.id,
    event,
    direction: "Outbound",
    modality: "Audio",
    ...(spec.referenceId === undefined ? {} : { ReferenceId: spec.referenceId }),
    ...(extra.taskId ? { unifiedConversationId: extra.taskId } : {}),
    ...(extra.completionReason === undefined ? {} : { completionReason: extra.completionReason }),
    destination: spec.destination,
    distributionPriority: spec.priority,
    dueDateTimeUtc: new Date(spec.dueAt).toISOString(),
    serviceUpn,
    maxAttempts: spec.maxAttempts,
    attemptTimeoutInSeconds: spec.attemptTimeoutSeconds,
    maxQueueTimeInSeconds: spec.maxQueueSeconds,
    ronaTimeoutInSeconds: spec.ronaSeconds,
    customCallContextParameters: spec.parameters,
    ...(spec.customer === undefined ? {} : { customer: spec.customer }),
  };
}
