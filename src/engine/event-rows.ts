/** Domain events as rows of the log, and back. */
import type { DomainEvent } from "../domain/events.ts";
import type { StoredEvent } from "../store/port.ts";

export function toRow(seq: number, tenantId: string, event: DomainEvent): StoredEvent {
  return {
    seq,
    tenantId,
    type: event.type,
    at: event.at,
    taskId: event.taskId,
    data: event.data,
    detail: event.detail,
  };
}

/** Rows written by this engine are domain events; the log is trusted as written. */
export function fromRow(row: StoredEvent): DomainEvent {
  return {
    type: row.type,
    at: row.at,
    taskId: row.taskId,
    data: row.data,
    detail: row.detail,
  } as DomainEvent;
}
