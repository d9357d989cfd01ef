/** Mapping `events`, `snapshots` and `tokens` rows to the port's records. */
import type { Principal, Snapshot, StoredEvent, TokenRecord } from "./port.ts";
import { type JsonDecoder, nullableTextOf, numberOf, type Row, textOf } from "./row.ts";

export const eventColumns = "seq, tenant_id, type, at, task_id, data, detail";

export function eventFromRow(row: Row, decode: JsonDecoder): StoredEvent {
  return {
    seq: numberOf(row, "seq"),
    tenantId: textOf(row, "tenant_id"),
    type: textOf(row, "type"),
    at: numberOf(row, "at"),
    taskId: nullableTextOf(row, "task_id"),
    data: decode(row.data),
    detail: row.detail === null ? null : decode(row.detail),
  };
}

export function snapshotFromRow(row: Row, decode: JsonDecoder): Snapshot {
  return {
    tenantId: textOf(row, "tenant_id"),
    seq: numberOf(row, "seq"),
    state: decode(row.state),
  };
}

export function tokenFromRow(row: Row, decode: JsonDecoder): TokenRecord {
  return {
    hash: textOf(row, "hash"),
    // Written by insertToken from a typed Principal.
    principal: decode(row.principal) as Principal,
    createdAt: numberOf(row, "created_at"),
    expiresAt: row.expires_at == null ? null : numberOf(row, "expires_at"),
    revokedAt: row.revoked_at == null ? null : numberOf(row, "revoked_at"),
  };
}
