/** The directory on SQLite: saveDirectory replaces a tenant's rows in one transaction. */
import type { Database, Statement } from "better-sqlite3";
import type { Directory, Tenant } from "../../domain/model.ts";
import {
  assertOneTenant,
  columnList,
  type DirectoryTable,
  orgUnitTable,
  serviceTable,
  tenantFromRow,
  userTable,
} from "../directory-tables.ts";
import { parseJsonText } from "../json-codec.ts";
import type { Row } from "../row.ts";

export interface SqliteDirectory {
  listTenants(): Tenant[];
  load(tenantId: string): Directory | undefined;
  save(directory: Directory): void;
}

interface TableStatements<T> {
  readonly table: DirectoryTable<T>;
  readonly select: Statement<[string], Row>;
  readonly remove: Statement<[string]>;
  readonly insert: Statement<unknown[]>;
}

function tableStatements<T>(db: Database, table: DirectoryTable<T>): TableStatements<T> {
  const columns = columnList(table);
  const placeholders = table.columns.map(() => "?").join(", ");
  return {
    table,
    select: db.prepare<[string], Row>(
      `SELECT ${columns} FROM ${table.name} WHERE tenant_id = ? ORDER BY position`,
    ),
    remove: db.prepare<[string]>(`DELETE FROM ${table.name} WHERE tenant_id = ?`),
    insert: db.prepare<unknown[]>(
      `INSERT INTO ${table.name} (${columns}) VALUES (${placeholders})`,
    ),
  };
}

function loadRows<T>(statements: TableStatements<T>, tenantId: string): T[] {
  return statements.select.all(tenantId).map((row) => statements.table.fromRow(row, parseJsonText));
}

function replaceRows<T>(statements: TableStatements<T>, tenantId: string, items: readonly T[]) {
  statements.remove.run(tenantId);
  items.forEach((item, position) => {
    statements.insert.run(...statements.table.toValues(item, position));
  });
}

export function sqliteDirectory(db: Database): SqliteDirectory {
  const selectTenants = db.prepare<[], Row>("SELECT id, name FROM tenants ORDER BY id");
  const selectTenant = db.prepare<[string], Row>("SELECT id, name FROM tenants WHERE id = ?");
  const upsertTenant = db.prepare<[string, string]>(
    "INSERT INTO tenants (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
  );
  const orgUnits = tableStatements(db, orgUnitTable);
  const users = tableStatements(db, userTable);
  const services = tableStatements(db, serviceTable);

  // A read transaction, so the four selects see one committed state.
  const load = db.transaction((tenantId: string): Directory | undefined => {
    const tenant = selectTenant.get(tenantId);
    if (!tenant) return undefined;
    return {
      tenant: tenantFromRow(tenant),
      orgUnits: loadRows(orgUnits, tenantId),
      users: loadRows(users, tenantId),
      services: loadRows(services, tenantId),
    };
  });

  const save = db.transaction((directory: Directory) => {
    const tenantId = directory.tenant.id;
    upsertTenant.run(tenantId, directory.tenant.name);
    replaceRows(orgUnits, tenantId, directory.orgUnits);
    replaceRows(users, tenantId, directory.users);
    replaceRows(services, tenantId, directory.services);
  });

  return {
    listTenants: () => selectTenants.all().map(tenantFromRow),
    load: (tenantId) => load(tenantId),
    save: (directory) => {
      assertOneTenant(directory);
      save(directory);
    },
  };
}
