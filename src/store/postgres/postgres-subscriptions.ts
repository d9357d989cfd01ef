/**
 * Trigger subscriptions and their parked deliveries on PostgreSQL. Deleting a subscription
 * removes its parked deliveries through the foreign key; parking a batch is one statement.
 */
import type { Pool } from "pg";
import { jsonAsIs } from "../json-codec.ts";
import type { Row } from "../row.ts";
import type {
  CursorPosition,
  ParkedDelivery,
  SubscriptionPatch,
  SubscriptionRecord,
} from "../subscription-records.ts";
import {
  lastPerKey,
  parkedColumnNames,
  parkedColumns,
  parkedFromRow,
  parkedValues,
  patchAssignments,
  subscriptionColumnNames,
  subscriptionColumns,
  subscriptionFromRow,
  subscriptionValues,
} from "../subscription-rows.ts";

/** The placeholders of an insert into `subscriptions`, the filter cast to jsonb. */
const subscriptionPlaceholders = subscriptionColumnNames
  .map((column, index) => `$${index + 1}${column === "filter" ? "::jsonb" : ""}`)
  .join(", ");

/** The array type of each `parked_deliveries` column, for an unnest of one array per column. */
const parkedArrayTypes: Readonly<Record<(typeof parkedColumnNames)[number], string>> = {
  subscription_id: "text[]",
  seq: "bigint[]",
  task_id: "text[]",
  attempt: "integer[]",
  due_at: "bigint[]",
  last_error: "text[]",
  dead: "boolean[]",
};

const upsertParked =
  `INSERT INTO parked_deliveries (${parkedColumns}) SELECT ${parkedColumns} FROM unnest(` +
  parkedColumnNames
    .map((column, index) => `$${index + 1}::${parkedArrayTypes[column]}`)
    .join(", ") +
  `) AS u(${parkedColumns}) ` +
  "ON CONFLICT (subscription_id, seq) DO UPDATE SET task_id = excluded.task_id, " +
  "attempt = excluded.attempt, due_at = excluded.due_at, " +
  "last_error = excluded.last_error, dead = excluded.dead";

const pgBoolean = (value: boolean): boolean => value;

export async function insertSubscription(
  pool: Pool,
  subscription: SubscriptionRecord,
): Promise<void> {
  await pool.query(
    `INSERT INTO subscriptions (${subscriptionColumns}) VALUES (${subscriptionPlaceholders})`,
    subscriptionValues(subscription),
  );
}

export async function deleteSubscription(pool: Pool, id: string): Promise<boolean> {
  const result = await pool.query("DELETE FROM subscriptions WHERE id = $1", [id]);
  return (result.rowCount ?? 0) > 0;
}

export async function listSubscriptions(
  pool: Pool,
  tenantId: string | undefined,
): Promise<SubscriptionRecord[]> {
  const result =
    tenantId === undefined
      ? await pool.query<Row>(
          `SELECT ${subscriptionColumns} FROM subscriptions ORDER BY created_at, id`,
        )
      : await pool.query<Row>(
          `SELECT ${subscriptionColumns} FROM subscriptions WHERE tenant_id = $1 ` +
            "ORDER BY created_at, id",
          [tenantId],
        );
  return result.rows.map((row) => subscriptionFromRow(row, jsonAsIs));
}

export async function updateSubscription(
  pool: Pool,
  id: string,
  patch: SubscriptionPatch,
): Promise<boolean> {
  const assignments = patchAssignments(patch);
  if (assignments.length === 0) {
    const result = await pool.query("SELECT 1 FROM subscriptions WHERE id = $1", [id]);
    return (result.rowCount ?? 0) > 0;
  }
  const set = assignments.map((a, index) => `${a.column} = $${index + 2}`).join(", ");
  const result = await pool.query(`UPDATE subscriptions SET ${set} WHERE id = $1`, [
    id,
    ...assignments.map((a) => a.value),
  ]);
  return (result.rowCount ?? 0) > 0;
}

/** One statement for all positions, hence one transaction. */
export async function saveCursors(pool: Pool, positions: readonly CursorPosition[]): Promise<void> {
  if (positions.length === 0) return;
  await pool.query(
    "UPDATE subscriptions AS s SET cursor = p.cursor, last_delivery_at = p.last_delivery_at " +
      "FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS p (id, cursor, last_delivery_at) " +
      "WHERE s.id = p.id",
    [
      positions.map((p) => p.id),
      positions.map((p) => p.cursor),
      positions.map((p) => p.lastDeliveryAt),
    ],
  );
}

/**
 * Upserts the batch in one statement, hence one transaction. ON CONFLICT may not touch a row
 * twice in a statement, so a batch naming one (subscription, seq) twice keeps the last.
 */
export async function parkDeliveries(
  pool: Pool,
  deliveries: readonly ParkedDelivery[],
): Promise<void> {
  if (deliveries.length === 0) return;
  const rows = lastPerKey(deliveries).map((delivery) => parkedValues(delivery, pgBoolean));
  const values = parkedColumnNames.map((_, index) => rows.map((row) => row[index]));
  await pool.query(upsertParked, values);
}

export async function listParked(pool: Pool, subscriptionId: string): Promise<ParkedDelivery[]> {
  const result = await pool.query<Row>(
    `SELECT ${parkedColumns} FROM parked_deliveries WHERE subscription_id = $1 ORDER BY seq`,
    [subscriptionId],
  );
  return result.rows.map(parkedFromRow);
}

export async function deleteParked(pool: Pool, subscriptionId: string, seq: number): Promise<void> {
  await pool.query("DELETE FROM parked_deliveries WHERE subscription_id = $1 AND seq = $2", [
    subscriptionId,
    seq,
  ]);
}
