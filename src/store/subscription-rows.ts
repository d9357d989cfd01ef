/**
 * Mapping `subscriptions` and `parked_deliveries` rows to the port's records, shared by both
 * adapters. The filter is written as JSON text; `dead` is a boolean on PostgreSQL and 0 or 1
 * on SQLite, so each adapter says how it encodes one.
 */
import { encodeJson } from "./json-codec.ts";
import { type JsonDecoder, nullableTextOf, numberOf, oneOf, type Row, textOf } from "./row.ts";
import {
  type ParkedDelivery,
  type SubscriptionFilter,
  type SubscriptionPatch,
  type SubscriptionRecord,
  subscriptionKinds,
  subscriptionStatuses,
} from "./subscription-records.ts";

/** The columns of `subscriptions`, in the order of `subscriptionValues`. */
export const subscriptionColumnNames = [
  "id",
  "tenant_id",
  "kind",
  "owner_user_id",
  "url",
  "filter",
  "secret",
  "cursor",
  "status",
  "last_error",
  "last_delivery_at",
  "failing_since",
  "created_at",
  "owner_lost_access_at",
  "not_found_since",
  "not_found_count",
] as const;

export const subscriptionColumns = subscriptionColumnNames.join(", ");

/** One value per column of `subscriptionColumnNames`; the filter as JSON text. */
export function subscriptionValues(subscription: SubscriptionRecord): unknown[] {
  return [
    subscription.id,
    subscription.tenantId,
    subscription.kind,
    subscription.ownerUserId,
    subscription.url,
    encodeJson(subscription.filter),
    subscription.secret,
    subscription.cursor,
    subscription.status,
    subscription.lastError,
    subscription.lastDeliveryAt,
    subscription.failingSince,
    subscription.createdAt,
    subscription.ownerLostAccessAt,
    subscription.notFoundSince,
    subscription.notFoundCount,
  ];
}

export function subscriptionFromRow(row: Row, decode: JsonDecoder): SubscriptionRecord {
  return {
    id: textOf(row, "id"),
    tenantId: textOf(row, "tenant_id"),
    kind: oneOf(row, "kind", subscriptionKinds),
    ownerUserId: textOf(row, "owner_user_id"),
    url: textOf(row, "url"),
    filter: filterOf(decode(row.filter)),
    secret: textOf(row, "secret"),
    cursor: numberOf(row, "cursor"),
    status: oneOf(row, "status", subscriptionStatuses),
    lastError: nullableTextOf(row, "last_error"),
    lastDeliveryAt: nullableNumberOf(row, "last_delivery_at"),
    failingSince: nullableNumberOf(row, "failing_since"),
    createdAt: numberOf(row, "created_at"),
    ownerLostAccessAt: nullableNumberOf(row, "owner_lost_access_at"),
    notFoundSince: nullableNumberOf(row, "not_found_since"),
    notFoundCount: numberOf(row, "not_found_count"),
  };
}

const filterFields = ["services", "events", "modalities", "directions"] as const;

function filterOf(value: unknown): SubscriptionFilter {
  const isStrings = (list: unknown) =>
    Array.isArray(list) && list.every((item) => typeof item === "string");
  if (
    typeof value !== "object" ||
    value === null ||
    !filterFields.every((field) => isStrings((value as Record<string, unknown>)[field]))
  ) {
    throw new Error(`Column filter: expected a subscription filter, got ${JSON.stringify(value)}`);
  }
  const fields = value as Record<(typeof filterFields)[number], string[]>;
  return {
    services: fields.services,
    events: fields.events,
    modalities: fields.modalities,
    directions: fields.directions,
  };
}

/** The column each patchable field is stored in. */
const patchColumns: Readonly<Record<keyof SubscriptionPatch, string>> = {
  cursor: "cursor",
  filter: "filter",
  status: "status",
  lastError: "last_error",
  lastDeliveryAt: "last_delivery_at",
  failingSince: "failing_since",
  ownerUserId: "owner_user_id",
  ownerLostAccessAt: "owner_lost_access_at",
  notFoundSince: "not_found_since",
  notFoundCount: "not_found_count",
};

export interface ColumnAssignment {
  readonly column: string;
  readonly value: string | number | null;
}

/**
 * The columns a patch sets, in a fixed order (so equal field sets give equal SQL): only the
 * fields present; a field present with `null` sets NULL.
 */
export function patchAssignments(patch: SubscriptionPatch): ColumnAssignment[] {
  const assignments: ColumnAssignment[] = [];
  for (const [field, column] of Object.entries(patchColumns)) {
    const value = patch[field as keyof SubscriptionPatch];
    if (value === undefined) continue;
    // The filter is the one field kept as JSON text.
    assignments.push({
      column,
      value: value !== null && typeof value === "object" ? encodeJson(value) : value,
    });
  }
  return assignments;
}

/** The columns of `parked_deliveries`, in the order of `parkedValues`. */
export const parkedColumnNames = [
  "subscription_id",
  "seq",
  "task_id",
  "attempt",
  "due_at",
  "last_error",
  "dead",
] as const;

export const parkedColumns = parkedColumnNames.join(", ");

/** How an adapter stores a boolean: PostgreSQL as is, SQLite as 0 or 1. */
export type BooleanEncoder = (value: boolean) => boolean | number;

/** One value per column of `parkedColumnNames`. */
export function parkedValues(delivery: ParkedDelivery, encodeBoolean: BooleanEncoder): unknown[] {
  return [
    delivery.subscriptionId,
    delivery.seq,
    delivery.taskId,
    delivery.attempt,
    delivery.dueAt,
    delivery.lastError,
    encodeBoolean(delivery.dead),
  ];
}

export function parkedFromRow(row: Row): ParkedDelivery {
  return {
    subscriptionId: textOf(row, "subscription_id"),
    seq: numberOf(row, "seq"),
    taskId: nullableTextOf(row, "task_id"),
    attempt: numberOf(row, "attempt"),
    dueAt: numberOf(row, "due_at"),
    lastError: nullableTextOf(row, "last_error"),
    dead: booleanOf(row, "dead"),
  };
}

/**
 * The last delivery given for each (subscription, seq), in first-seen order: what a batch of
 * upserts applied one after another leaves behind.
 */
export function lastPerKey(deliveries: readonly ParkedDelivery[]): ParkedDelivery[] {
  const last = new Map<string, ParkedDelivery>();
  for (const delivery of deliveries) {
    last.set(JSON.stringify([delivery.subscriptionId, delivery.seq]), delivery);
  }
  return [...last.values()];
}

function nullableNumberOf(row: Row, column: string): number | null {
  return row[column] === null ? null : numberOf(row, column);
}

/** A boolean column: PostgreSQL gives a boolean, SQLite 0 or 1. */
function booleanOf(row: Row, column: string): boolean {
  const value = row[column];
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  throw new Error(`Column ${column}: expected boolean, got ${JSON.stringify(value)}`);
}
