/**
 * How a tenant's directory maps to the `tenants`, `org_units`, `users` and `services` tables,
 * shared by both adapters. Rows carry a `position` so a directory loads in the order it was
 * saved; JSON columns are written as JSON text.
 */
import { DomainError } from "../domain/errors.ts";
import {
  type Directory,
  licenceTiers,
  type Modality,
  type OrgUnit,
  type RoleAssignment,
  type RoutingSettings,
  roles,
  type Service,
  type Tenant,
  type User,
} from "../domain/model.ts";
import { encodeJson } from "./json-codec.ts";
import { type JsonDecoder, nullableTextOf, oneOf, type Row, textOf } from "./row.ts";

export type ColumnKind = "text" | "integer" | "json";

export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
}

export interface DirectoryTable<T> {
  readonly name: "org_units" | "users" | "services";
  /** Every column, `tenant_id` and `position` first, in the order of `toValues`. */
  readonly columns: readonly Column[];
  toValues(item: T, position: number): readonly unknown[];
  fromRow(row: Row, decode: JsonDecoder): T;
}

function columns(spec: Readonly<Record<string, ColumnKind>>): Column[] {
  return Object.entries(spec).map(([name, kind]) => ({ name, kind }));
}

/** Comma-separated column names of a table. */
export function columnList(table: DirectoryTable<unknown>): string {
  return table.columns.map((column) => column.name).join(", ");
}

export function tenantFromRow(row: Row): Tenant {
  return { id: textOf(row, "id"), name: textOf(row, "name") };
}

export const orgUnitTable: DirectoryTable<OrgUnit> = {
  name: "org_units",
  columns: columns({
    tenant_id: "text",
    position: "integer",
    id: "text",
    parent_id: "text",
    name: "text",
  }),
  toValues: (unit, position) => [unit.tenantId, position, unit.id, unit.parentId, unit.name],
  fromRow: (row) => ({
    id: textOf(row, "id"),
    tenantId: textOf(row, "tenant_id"),
    parentId: nullableTextOf(row, "parent_id"),
    name: textOf(row, "name"),
  }),
};

export const userTable: DirectoryTable<User> = {
  name: "users",
  columns: columns({
    tenant_id: "text",
    position: "integer",
    id: "text",
    org_unit_id: "text",
    upn: "text",
    email: "text",
    object_id: "text",
    display_name: "text",
    role: "text",
    capacity: "json",
    role_assignments: "json",
    home_tenant: "text",
  }),
  toValues: (user, position) => [
    user.tenantId,
    position,
    user.id,
    user.orgUnitId,
    user.upn,
    user.email,
    user.objectId,
    user.displayName,
    user.role,
    user.capacity === undefined ? null : encodeJson(user.capacity),
    user.roleAssignments === undefined ? null : encodeJson(user.roleAssignments),
    user.homeTenant ?? null,
  ],
  fromRow: (row, decode) => ({
    id: textOf(row, "id"),
    tenantId: textOf(row, "tenant_id"),
    orgUnitId: textOf(row, "org_unit_id"),
    upn: textOf(row, "upn"),
    email: textOf(row, "email"),
    objectId: textOf(row, "object_id"),
    displayName: textOf(row, "display_name"),
    role: oneOf(row, "role", roles),
    // Written by saveDirectory from a typed User; absent for the defaults.
    ...(row.capacity == null
      ? {}
      : { capacity: decode(row.capacity) as Partial<Record<Modality, number>> }),
    ...(row.role_assignments == null
      ? {}
      : { roleAssignments: decode(row.role_assignments) as RoleAssignment[] }),
    ...(row.home_tenant == null ? {} : { homeTenant: textOf(row, "home_tenant") }),
  }),
};

export const serviceTable: DirectoryTable<Service> = {
  name: "services",
  columns: columns({
    tenant_id: "text",
    position: "integer",
    id: "text",
    org_unit_id: "text",
    upn: "text",
    name: "text",
    display_name: "text",
    description: "text",
    tel_number: "text",
    licence: "text",
    modalities: "json",
    members: "json",
    routing: "json",
    owners: "json",
    virtual_assistant: "integer",
  }),
  toValues: (service, position) => [
    service.tenantId,
    position,
    service.id,
    service.orgUnitId,
    service.upn,
    service.name,
    service.displayName,
    service.description,
    service.telNumber,
    service.licence,
    encodeJson(service.modalities),
    encodeJson(service.members),
    encodeJson(service.routing),
    service.owners === undefined ? null : encodeJson(service.owners),
    service.virtualAssistant ? 1 : 0,
  ],
  fromRow: (row, decode) => ({
    id: textOf(row, "id"),
    tenantId: textOf(row, "tenant_id"),
    orgUnitId: textOf(row, "org_unit_id"),
    upn: textOf(row, "upn"),
    name: textOf(row, "name"),
    displayName: textOf(row, "display_name"),
    description: textOf(row, "description"),
    telNumber: textOf(row, "tel_number"),
    licence: oneOf(row, "licence", licenceTiers),
    // The JSON columns are written by saveDirectory from a typed Service.
    modalities: decode(row.modalities) as Modality[],
    members: decode(row.members) as string[],
    routing: decode(row.routing) as RoutingSettings,
    ...(row.owners == null ? {} : { owners: decode(row.owners) as string[] }),
    ...(Number(row.virtual_assistant) === 1 ? { virtualAssistant: true } : {}),
  }),
};

/** Rejects a directory holding a unit, user or service of another tenant. */
export function assertOneTenant(directory: Directory): void {
  const tenantId = directory.tenant.id;
  const groups = [
    ["orgUnits", directory.orgUnits],
    ["users", directory.users],
    ["services", directory.services],
  ] as const;
  for (const [field, items] of groups) {
    const stranger = items.find((item) => item.tenantId !== tenantId);
    if (stranger) {
      throw DomainError.invalid(
        field,
        `${stranger.id} belongs to tenant ${stranger.tenantId}, not ${tenantId}`,
      );
    }
  }
}
