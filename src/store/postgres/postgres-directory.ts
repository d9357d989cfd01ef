/** The directory on PostgreSQL: saveDirectory replaces a tenant's rows in one transaction. */
import type { Pool, PoolClient } from "pg";
import type { Directory, Tenant } from "../../domain/model.ts";
import {
  assertOneTenant,
  type ColumnKind,
  columnList,
  type DirectoryTable,
  orgUnitTable,
  serviceTable,
  tenantFromRow,
  userTable,
} from "../directory-tables.ts";
import { jsonAsIs } from "../json-codec.ts";
import type { Row } from "../row.ts";
import { withTransaction } from "./pg-transaction.ts";
import { type PgColumn, type PgType, unnestInsert } from "./unnest-insert.ts";

const pgTypeOf: Readonly<Record<ColumnKind, PgType>> = {
  text: "text",
  integer: "integer",
  json: "jsonb",
};

export async function listTenants(pool: Pool): Promise<Tenant[]> {
  const result = await pool.query<Row>("SELECT id, name FROM tenants ORDER BY id");
  return result.rows.map(tenantFromRow);
}

/** Reads in one read-only snapshot, so a concurrent save is seen whole or not at all. */
export async function loadDirectory(pool: Pool, tenantId: string): Promise<Directory | undefined> {
  return withTransaction(
    pool,
    async (client) => {
      const tenants = await client.query<Row>("SELECT id, name FROM tenants WHERE id = $1", [
        tenantId,
      ]);
      const tenant = tenants.rows[0];
      if (!tenant) return undefined;
      return {
        tenant: tenantFromRow(tenant),
        orgUnits: await loadRows(client, orgUnitTable, tenantId),
        users: await loadRows(client, userTable, tenantId),
        services: await loadRows(client, serviceTable, tenantId),
      };
    },
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
  );
}

export async function saveDirectory(pool: Pool, directory: Directory): Promise<void> {
  assertOneTenant(directory);
  const tenantId = directory.tenant.id;
  await withTransaction(pool, async (client) => {
    await client.query(
      "INSERT INTO tenants (id, name) VALUES ($1, $2) " +
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name",
      [tenantId, directory.tenant.name],
    );
    await replaceRows(client, orgUnitTable, tenantId, directory.orgUnits);
    await replaceRows(client, userTable, tenantId, directory.users);
    await replaceRows(client, serviceTable, tenantId, directory.services);
  });
}

async function loadRows<T>(
  client: PoolClient,
  table: DirectoryTable<T>,
  tenantId: string,
): Promise<T[]> {
  const result = await client.query<Row>(
    `SELECT ${columnList(table)} FROM ${table.name} WHERE tenant_id = $1 ORDER BY position`,
    [tenantId],
  );
  return result.rows.map((row) => table.fromRow(row, jsonAsIs));
}

async function replaceRows<T>(
  client: PoolClient,
  table: DirectoryTable<T>,
  tenantId: string,
  items: readonly T[],
): Promise<void> {
  await client.query(`DELETE FROM ${table.name} WHERE tenant_id = $1`, [tenantId]);
  if (items.length === 0) return;
  const columns: PgColumn[] = table.columns.map((c) => ({ name: c.name, type: pgTypeOf[c.kind] }));
  const rows = items.map((item, position) => table.toValues(item, position));
  await client.query(unnestInsert(table.name, columns, rows));
}
