/** The event log and snapshots on PostgreSQL; a batch is one transaction of two statements. */
import type { Pool, PoolClient } from "pg";
import { eventColumns, eventFromRow, snapshotFromRow } from "../event-rows.ts";
import { encodeJson, encodeNullableJson, jsonAsIs } from "../json-codec.ts";
import type { AppendBatch, EventQuery, Snapshot, StoredEvent } from "../port.ts";
import { numberOf, type Row } from "../row.ts";
import { withTransaction } from "./pg-transaction.ts";
import { type PgColumn, type PgStatement, unnestInsert } from "./unnest-insert.ts";

const eventTable: readonly PgColumn[] = [
  { name: "seq", type: "bigint" },
  { name: "tenant_id", type: "text" },
  { name: "type", type: "text" },
  { name: "at", type: "bigint" },
  { name: "task_id", type: "text" },
  { name: "data", type: "jsonb" },
  { name: "detail", type: "jsonb" },
];

const snapshotTable: readonly PgColumn[] = [
  { name: "tenant_id", type: "text" },
  { name: "seq", type: "bigint" },
  { name: "state", type: "jsonb" },
];

// Keeps the snapshot with the highest seq, whatever the order snapshots arrive in.
const keepLatestSnapshot =
  "ON CONFLICT (tenant_id) DO UPDATE SET seq = excluded.seq, state = excluded.state " +
  "WHERE excluded.seq >= snapshots.seq";

/** Appends in one transaction; `fence`, if given, runs first and may refuse the write. */
export async function appendBatch(
  pool: Pool,
  batch: AppendBatch,
  fence?: (client: PoolClient) => Promise<void>,
): Promise<void> {
  await withTransaction(pool, async (client) => {
    if (fence) await fence(client);
    if (batch.events.length > 0) {
      const rows = batch.events.map((event) => [
        event.seq,
        event.tenantId,
        event.type,
        event.at,
        event.taskId,
        encodeJson(event.data),
        encodeNullableJson(event.detail),
      ]);
      await client.query(unnestInsert("events", eventTable, rows));
    }
    const snapshots = latestPerTenant(batch.snapshots);
    if (snapshots.length > 0) {
      const rows = snapshots.map((s) => [s.tenantId, s.seq, encodeJson(s.state)]);
      await client.query(unnestInsert("snapshots", snapshotTable, rows, keepLatestSnapshot));
    }
  });
}

/** One snapshot per tenant: ON CONFLICT cannot update one row twice in a statement. */
function latestPerTenant(snapshots: readonly Snapshot[]): Snapshot[] {
  const latest = new Map<string, Snapshot>();
  for (const snapshot of snapshots) {
    const kept = latest.get(snapshot.tenantId);
    if (!kept || snapshot.seq >= kept.seq) latest.set(snapshot.tenantId, snapshot);
  }
  return [...latest.values()];
}

export async function readEvents(pool: Pool, query: EventQuery): Promise<StoredEvent[]> {
  const result = await pool.query<Row>(readStatement(query));
  return result.rows.map((row) => eventFromRow(row, jsonAsIs));
}

function readStatement(query: EventQuery): PgStatement {
  const values: unknown[] = [query.after];
  const conditions = ["seq > $1"];
  const where = (condition: (parameter: string) => string, value: unknown): void => {
    values.push(value);
    conditions.push(condition(`$${values.length}`));
  };
  if (query.tenantId !== undefined) where((p) => `tenant_id = ${p}`, query.tenantId);
  if (query.taskId !== undefined) where((p) => `task_id = ${p}`, query.taskId);
  if (query.types !== undefined) where((p) => `type = ANY(${p}::text[])`, query.types);
  values.push(query.limit);
  const text =
    `SELECT ${eventColumns} FROM events WHERE ${conditions.join(" AND ")} ` +
    `ORDER BY seq LIMIT $${values.length}`;
  return { text, values };
}

export async function maxSeq(pool: Pool): Promise<number> {
  const result = await pool.query<Row>("SELECT coalesce(max(seq), 0) AS max_seq FROM events");
  const row = result.rows[0];
  return row ? numberOf(row, "max_seq") : 0;
}

export async function latestSnapshot(pool: Pool, tenantId: string): Promise<Snapshot | undefined> {
  const result = await pool.query<Row>(
    "SELECT tenant_id, seq, state FROM snapshots WHERE tenant_id = $1",
    [tenantId],
  );
  const row = result.rows[0];
  return row && snapshotFromRow(row, jsonAsIs);
}
