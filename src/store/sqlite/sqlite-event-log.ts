/** The event log and snapshots on SQLite, with prepared statements cached for the hot path. */
import type { Database, Statement } from "better-sqlite3";
import { eventColumns, eventFromRow, snapshotFromRow } from "../event-rows.ts";
import { encodeJson, encodeNullableJson, parseJsonText } from "../json-codec.ts";
import type { AppendBatch, EventQuery, Snapshot, StoredEvent } from "../port.ts";
import type { Row } from "../row.ts";

export interface SqliteEventLog {
  append(batch: AppendBatch): void;
  readEvents(query: EventQuery): StoredEvent[];
  maxSeq(): number;
  latestSnapshot(tenantId: string): Snapshot | undefined;
}

type ReadParameters = Readonly<Record<string, string | number>>;

export function sqliteEventLog(db: Database): SqliteEventLog {
  const insertEvent = db.prepare(
    `INSERT INTO events (${eventColumns}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  // Keeps the snapshot with the highest seq, whatever the order snapshots arrive in.
  const upsertSnapshot = db.prepare(
    "INSERT INTO snapshots (tenant_id, seq, state) VALUES (?, ?, ?) " +
      "ON CONFLICT (tenant_id) DO UPDATE SET seq = excluded.seq, state = excluded.state " +
      "WHERE excluded.seq >= snapshots.seq",
  );
  const selectMaxSeq = db.prepare<[], number>("SELECT coalesce(max(seq), 0) FROM events").pluck();
  const selectSnapshot = db.prepare<[string], Row>(
    "SELECT tenant_id, seq, state FROM snapshots WHERE tenant_id = ?",
  );
  const readStatements = new Map<string, Statement<[ReadParameters], Row>>();

  const append = db.transaction((batch: AppendBatch) => {
    for (const event of batch.events) {
      insertEvent.run(
        event.seq,
        event.tenantId,
        event.type,
        event.at,
        event.taskId,
        encodeJson(event.data),
        encodeNullableJson(event.detail),
      );
    }
    for (const snapshot of batch.snapshots) {
      upsertSnapshot.run(snapshot.tenantId, snapshot.seq, encodeJson(snapshot.state));
    }
  });

  function readStatement(query: EventQuery): Statement<[ReadParameters], Row> {
    const key = `${query.tenantId !== undefined}/${query.taskId !== undefined}/${query.types !== undefined}`;
    let statement = readStatements.get(key);
    if (!statement) {
      statement = db.prepare<[ReadParameters], Row>(readSql(query));
      readStatements.set(key, statement);
    }
    return statement;
  }

  return {
    append: (batch) => append(batch),
    readEvents: (query) =>
      readStatement(query)
        .all(readParameters(query))
        .map((row) => eventFromRow(row, parseJsonText)),
    maxSeq: () => selectMaxSeq.get() ?? 0,
    latestSnapshot: (tenantId) => {
      const row = selectSnapshot.get(tenantId);
      return row && snapshotFromRow(row, parseJsonText);
    },
  };
}

function readSql(query: EventQuery): string {
  const conditions = ["seq > @after"];
  if (query.tenantId !== undefined) conditions.push("tenant_id = @tenantId");
  if (query.taskId !== undefined) conditions.push("task_id = @taskId");
  if (query.types !== undefined) conditions.push("type IN (SELECT value FROM json_each(@types))");
  return (
    `SELECT ${eventColumns} FROM events WHERE ${conditions.join(" AND ")} ` +
    "ORDER BY seq LIMIT @limit"
  );
}

function readParameters(query: EventQuery): ReadParameters {
  return {
    after: query.after,
    limit: query.limit,
    ...(query.tenantId !== undefined && { tenantId: query.tenantId }),
    ...(query.taskId !== undefined && { taskId: query.taskId }),
    ...(query.types !== undefined && { types: JSON.stringify(query.types) }),
  };
}
