/**
 * Trigger subscriptions as the store keeps them: each a consumer of the event log with a
 * durable cursor, and the deliveries it parked after a failed attempt.
 */

/** `assistant`: "When the virtual user assistant has an update" (Voice Transcription Ready). */
export const subscriptionKinds = ["task", "scheduler", "assistant"] as const;
export type SubscriptionKind = (typeof subscriptionKinds)[number];

/** The connector operation that registers a flow of each kind. */
export const registerOperation: Readonly<Record<SubscriptionKind, string>> = {
  task: "RegisterTaskWebHook",
  scheduler: "RegisterSchedulerEntryTrigger",
  assistant: "RegisterAssistantTrigger",
};

/**
 * - `active`: delivering;
 * - `paused`: an administrator stopped it; the cursor waits;
 * - `failing`: a delivery used up every retry; new events are still attempted;
 * - `disabled`: failing for longer than allowed; nothing is attempted until resumed;
 * - `suspended`: its owner lost access and the tenant suspends such flows; the cursor waits;
 * - `gone`: its receiver answered 404 several times in a row over at least ten minutes (a
 *   deleted flow that never sent its DELETE); nothing is attempted until resumed.
 */
export const subscriptionStatuses = [
  "active",
  "paused",
  "failing",
  "disabled",
  "suspended",
  "gone",
] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/** What a subscription wants; an empty list means "any". */
export interface SubscriptionFilter {
  /** Service UPNs, as registered (the connector's `services`). */
  readonly services: readonly string[];
  /** Event values, e.g. `WorkflowStarted`. */
  readonly events: readonly string[];
  readonly modalities: readonly string[];
  readonly directions: readonly string[];
}

export interface SubscriptionRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: SubscriptionKind;
  /** The user who registered it; nothing is delivered that this user may not see. */
  readonly ownerUserId: string;
  readonly url: string;
  readonly filter: SubscriptionFilter;
  /** `whsec_…`, the Standard Webhooks signing secret. */
  readonly secret: string;
  /** Every event with a `seq` up to this one is delivered or parked. */
  readonly cursor: number;
  readonly status: SubscriptionStatus;
  readonly lastError: string | null;
  readonly lastDeliveryAt: number | null;
  readonly failingSince: number | null;
  readonly createdAt: number;
  /** Since when the owner may no longer register this flow (a role taken away); else null. */
  readonly ownerLostAccessAt: number | null;
  /** When the receiver's current run of 404 answers began; null when its last answer was not 404. */
  readonly notFoundSince: number | null;
  /** How many 404 answers in a row. */
  readonly notFoundCount: number;
}

/** The fields of a subscription that change after it is created. */
export type SubscriptionPatch = Partial<
  Pick<
    SubscriptionRecord,
    | "cursor"
    | "filter"
    | "status"
    | "lastError"
    | "lastDeliveryAt"
    | "failingSince"
    | "ownerUserId"
    | "ownerLostAccessAt"
    | "notFoundSince"
    | "notFoundCount"
  >
>;

/**
 * An event whose delivery failed, waiting for its next attempt (or, when `dead`, given up
 * after the last retry). Later events of the same task wait behind it.
 */
export interface ParkedDelivery {
  readonly subscriptionId: string;
  readonly seq: number;
  readonly taskId: string | null;
  /** Attempts made so far. */
  readonly attempt: number;
  readonly dueAt: number;
  readonly lastError: string | null;
  readonly dead: boolean;
}

/** Where a subscription's consumer got to; saved for many subscriptions at once. */
export interface CursorPosition {
  readonly id: string;
  readonly cursor: number;
  readonly lastDeliveryAt: number | null;
}
