/** Reading the stopped server's event log, read-only: its rows and the events of a task. */
import Database from "better-sqlite3";
import { isTaskEventType } from "../src/domain/events.ts";
import { eventColumns, eventFromRow } from "../src/store/event-rows.ts";
import { parseJsonText } from "../src/store/json-codec.ts";
import type { StoredEvent } from "../src/store/port.ts";
import type { Row } from "../src/store/row.ts";

export interface EventMix {
  /** Tasks terminated within the window, whose whole history is counted. */
  readonly tasks: number;
  readonly eventsPerTask: number;
  readonly triggerEventsPerTask: number;
  /** Events per task by type. */
  readonly byType: Readonly<Record<string, number>>;
}

export interface RunLog {
  readonly events: readonly StoredEvent[];
  readonly mix: EventMix;
}

/** Every row of `events`, and the events per task of the tasks terminated in (after, upto]. */
export function readRunLog(file: string, after: number, upto: number): RunLog {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare<[], Row>(`SELECT ${eventColumns} FROM events ORDER BY seq`).all();
    const counts = db
      .prepare<[number, number], { type: string; n: number }>(
        "SELECT type, count(*) AS n FROM events WHERE task_id IN " +
          "(SELECT task_id FROM events WHERE type = 'Terminated' AND seq > ? AND seq <= ?) " +
          "GROUP BY type ORDER BY min(seq)",
      )
      .all(after, upto);
    const tasks = counts.find((c) => c.type === "Terminated")?.n ?? 0;
    const perTask = (n: number) => (tasks === 0 ? 0 : n / tasks);
    const sum = (keep: (type: string) => boolean) =>
      perTask(counts.filter((c) => keep(c.type)).reduce((total, c) => total + c.n, 0));
    return {
      events: rows.map((row) => eventFromRow(row, parseJsonText)),
      mix: {
        tasks,
        eventsPerTask: sum(() => true),
        triggerEventsPerTask: sum(isTaskEventType),
        byType: Object.fromEntries(counts.map((c) => [c.type, perTask(c.n)])),
      },
    };
  } finally {
    db.close();
  }
}
