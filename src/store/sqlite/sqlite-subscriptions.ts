/**
 * Trigger subscriptions and their parked deliveries on SQLite. Deleting a subscription
 * removes its parked deliveries through the foreign key (the adapter turns foreign keys on).
 */
import type { Database, Statement } from "better-sqlite3";
import { parseJsonText } from "../json-codec.ts";
import type { Row } from "../row.ts";
import type {
  CursorPosition,
  ParkedDelivery,
  SubscriptionPatch,
  SubscriptionRecord,
} from "../subscription-records.ts";
import {
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

export interface SqliteSubscriptions {
  insert(subscription: SubscriptionRecord): void;
  remove(id: string): boolean;
  list(tenantId: string | undefined): SubscriptionRecord[];
  update(id: string, patch: SubscriptionPatch): boolean;
  park(deliveries: readonly ParkedDelivery[]): void;
  saveCursors(positions: readonly CursorPosition[]): void;
  listParked(subscriptionId: string): ParkedDelivery[];
  deleteParked(subscriptionId: string, seq: number): void;
}

const sqliteBoolean = (value: boolean): number => (value ? 1 : 0);

export function sqliteSubscriptions(db: Database): SqliteSubscriptions {
  const placeholders = (count: number) => Array.from({ length: count }, () => "?").join(", ");
  const insertSubscription = db.prepare<unknown[]>(
    `INSERT INTO subscriptions (${subscriptionColumns}) ` +
      `VALUES (${placeholders(subscriptionColumnNames.length)})`,
  );
  const deleteSubscription = db.prepare<[string]>("DELETE FROM subscriptions WHERE id = ?");
  const selectAll = db.prepare<[], Row>(
    `SELECT ${subscriptionColumns} FROM subscriptions ORDER BY created_at, id`,
  );
  const selectOfTenant = db.prepare<[string], Row>(
    `SELECT ${subscriptionColumns} FROM subscriptions WHERE tenant_id = ? ORDER BY created_at, id`,
  );
  const selectExists = db
    .prepare<[string], number>("SELECT count(*) FROM subscriptions WHERE id = ?")
    .pluck();
  const upsertParked = db.prepare<unknown[]>(
    `INSERT INTO parked_deliveries (${parkedColumns}) ` +
      `VALUES (${placeholders(parkedColumnNames.length)}) ` +
      "ON CONFLICT (subscription_id, seq) DO UPDATE SET task_id = excluded.task_id, " +
      "attempt = excluded.attempt, due_at = excluded.due_at, " +
      "last_error = excluded.last_error, dead = excluded.dead",
  );
  const selectParked = db.prepare<[string], Row>(
    `SELECT ${parkedColumns} FROM parked_deliveries WHERE subscription_id = ? ORDER BY seq`,
  );
  const deleteParked = db.prepare<[string, number]>(
    "DELETE FROM parked_deliveries WHERE subscription_id = ? AND seq = ?",
  );
  // One statement per set of patched columns; there are few such sets.
  const updateStatements = new Map<string, Statement<unknown[]>>();

  function updateStatement(columns: readonly string[]): Statement<unknown[]> {
    const key = columns.join(",");
    let statement = updateStatements.get(key);
    if (!statement) {
      const assignments = columns.map((column) => `${column} = ?`).join(", ");
      statement = db.prepare<unknown[]>(`UPDATE subscriptions SET ${assignments} WHERE id = ?`);
      updateStatements.set(key, statement);
    }
    return statement;
  }

  const updateCursor = db.prepare<[number, number | null, string]>(
    "UPDATE subscriptions SET cursor = ?, last_delivery_at = ? WHERE id = ?",
  );
  const saveCursors = db.transaction((positions: readonly CursorPosition[]) => {
    for (const p of positions) updateCursor.run(p.cursor, p.lastDeliveryAt, p.id);
  });

  const park = db.transaction((deliveries: readonly ParkedDelivery[]) => {
    for (const delivery of deliveries) {
      upsertParked.run(...parkedValues(delivery, sqliteBoolean));
    }
  });

  return {
    insert: (subscription) => {
      insertSubscription.run(...subscriptionValues(subscription));
    },
    remove: (id) => deleteSubscription.run(id).changes > 0,
    list: (tenantId) => {
      const rows = tenantId === undefined ? selectAll.all() : selectOfTenant.all(tenantId);
      return rows.map((row) => subscriptionFromRow(row, parseJsonText));
    },
    update: (id, patch) => {
      const assignments = patchAssignments(patch);
      if (assignments.length === 0) return (selectExists.get(id) ?? 0) > 0;
      const statement = updateStatement(assignments.map((a) => a.column));
      return statement.run(...assignments.map((a) => a.value), id).changes > 0;
    },
    park: (deliveries) => park(deliveries),
    saveCursors: (positions) => saveCursors(positions),
    listParked: (subscriptionId) => selectParked.all(subscriptionId).map(parkedFromRow),
    deleteParked: (subscriptionId, seq) => {
      deleteParked.run(subscriptionId, seq);
    },
  };
}
