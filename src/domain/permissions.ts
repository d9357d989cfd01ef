/**
 * Which role may execute which connector operation: the seed's "Nimbus Power Automate
 * Permissions" table as data, the one place it is kept. The connector routes ask
 * `mayExecute`; docs/permissions.md is rendered from this file (`cirrus docs permissions`)
 * and a test keeps the two equal. Lookups (the pickers of a flow) go with the operations
 * they serve. Partner Admins, Supervisors and Users execute nothing.
 */
import type { Role } from "./model.ts";

export const permissionAreas = [
  "Conversations",
  "Address Books",
  "Outbound Service Calls",
  "Virtual User Assistant",
] as const;
export type PermissionArea = (typeof permissionAreas)[number];

export interface ConnectorOperation {
  readonly operationId: string;
  /** What the flow author sees. */
  readonly title: string;
  readonly area: PermissionArea;
  readonly kind: "trigger" | "action" | "lookup";
  readonly roles: readonly Role[];
}

/** Roles the seed's table has a column for, in its order. */
export const matrixRoles = ["TenantAdmin", "OuAdmin", "TeamOwner", "TeamOwnerLimited"] as const;

const tasks: readonly Role[] = ["TenantAdmin", "TeamOwner"];
const addressBooks: readonly Role[] = ["TenantAdmin", "OuAdmin"];
const outbound: readonly Role[] = ["TenantAdmin", "TeamOwner"];
const scheduling: readonly Role[] = ["TenantAdmin", "TeamOwner", "TeamOwnerLimited"];
/** Anyone who may execute something may test the connection. */
const connector: readonly Role[] = ["TenantAdmin", "OuAdmin", "TeamOwner", "TeamOwnerLimited"];

const op = (
  operationId: string,
  title: string,
  area: PermissionArea,
  kind: ConnectorOperation["kind"],
  roles: readonly Role[],
): ConnectorOperation => ({ operationId, title, area, kind, roles });

export const connectorOperations: readonly ConnectorOperation[] = [
  op("RegisterTaskWebHook", "When a task changes state", "Conversations", "trigger", tasks),
  op("DeleteTaskEventsTrigger", "Remove a task trigger", "Conversations", "trigger", tasks),
  op("UpdateTask", "Update task", "Conversations", "action", tasks),
  op("AddExternalTask", "Add a new external task", "Conversations", "action", tasks),
  op("RemoveExternalTask", "Remove an external task", "Conversations", "action", tasks),
  op("GetServices", "Services (task triggers)", "Conversations", "lookup", tasks),
  op("GetTaskEvents", "Task events", "Conversations", "lookup", tasks),
  op("GetUsersForPreferredRouting", "Preferred users", "Conversations", "lookup", tasks),
  op("GetTaskModalities", "Modalities", "Conversations", "lookup", tasks),
  op("GetTaskDirections", "Directions", "Conversations", "lookup", tasks),
  op("GetExternalTasksServices", "Services (external tasks)", "Conversations", "lookup", tasks),
  op(
    "GetExternalTasksDistributionPriorities",
    "Distribution priorities (external tasks)",
    "Conversations",
    "lookup",
    tasks,
  ),
  op("GetAddressBooks", "Address books", "Address Books", "lookup", addressBooks),
  op("AddContact", "Add a contact to an address book", "Address Books", "action", addressBooks),
  op(
    "UpdateContact",
    "Update a contact in an address book",
    "Address Books",
    "action",
    addressBooks,
  ),
  op("ClearContacts", "Empty an address book", "Address Books", "action", addressBooks),
  op("GetContacts", "Get contact(s) from an address book", "Address Books", "action", addressBooks),
  op(
    "RemoveContacts",
    "Remove contact(s) from an address book",
    "Address Books",
    "action",
    addressBooks,
  ),
  op(
    "RegisterSchedulerEntryTrigger",
    "When a scheduler entry changes state",
    "Outbound Service Calls",
    "trigger",
    outbound,
  ),
  op(
    "DeleteSchedulerEntriesTrigger",
    "Remove a scheduler entry trigger",
    "Outbound Service Calls",
    "trigger",
    outbound,
  ),
  op(
    "CreateSchedulerEntry",
    "Schedule a new outbound call",
    "Outbound Service Calls",
    "action",
    scheduling,
  ),
  op(
    "GetSchedulerEntries",
    "Get all scheduler entries",
    "Outbound Service Calls",
    "action",
    outbound,
  ),
  op(
    "UpdateSchedulerEntry",
    "Update a scheduler entry",
    "Outbound Service Calls",
    "action",
    outbound,
  ),
  op(
    "DeleteSchedulerEntry",
    "Remove a scheduler entry",
    "Outbound Service Calls",
    "action",
    outbound,
  ),
  op(
    "GetSchedulerEntriesEvents",
    "Scheduler entry events",
    "Outbound Service Calls",
    "lookup",
    outbound,
  ),
  op(
    "GetSchedulerEntryServices",
    "Services (outbound calls)",
    "Outbound Service Calls",
    "lookup",
    scheduling,
  ),
  op(
    "GetDistributionPriorities",
    "Distribution priorities (outbound calls)",
    "Outbound Service Calls",
    "lookup",
    scheduling,
  ),
  op("TestConnection", "Test the connection", "Conversations", "lookup", connector),
  // Beyond the certified connector, in its style: the assistant's trigger and transcript.
  op(
    "RegisterAssistantTrigger",
    "When the virtual user assistant has an update",
    "Virtual User Assistant",
    "trigger",
    tasks,
  ),
  op(
    "DeleteAssistantTrigger",
    "Remove an assistant trigger",
    "Virtual User Assistant",
    "trigger",
    tasks,
  ),
  op(
    "GetAssistantData",
    "Get Data from Virtual User Assistant",
    "Virtual User Assistant",
    "action",
    tasks,
  ),
];

const byId = new Map(connectorOperations.map((operation) => [operation.operationId, operation]));

export function connectorOperation(operationId: string): ConnectorOperation {
  const operation = byId.get(operationId);
  if (!operation) throw new Error(`no connector operation ${operationId}`);
  return operation;
}

/** Whether a role may execute the operation. */
export function mayExecute(role: Role, operationId: string): boolean {
  return connectorOperation(operationId).roles.includes(role);
}

/** The roles that may execute an operation, for the message of a refusal. */
export function rolesAllowed(operationId: string): readonly Role[] {
  return connectorOperation(operationId).roles;
}

const roleTitles: Readonly<Record<Role, string>> = {
  PartnerAdmin: "Partner Admin",
  TenantAdmin: "Tenant Admin",
  OuAdmin: "OU Admin",
  TeamOwner: "Team/Service Owner",
  TeamOwnerLimited: "Team Owner Limited",
  Supervisor: "Supervisor",
  User: "User",
};

export function roleTitle(role: Role): string {
  return roleTitles[role];
}

/** docs/permissions.md: the matrix as a Markdown table, E where a role may execute. */
export function permissionMatrixMarkdown(): string {
  const header = ["area", "operation", "operationId", ...matrixRoles.map(roleTitle)];
  const lines = [
    "# Connector permissions",
    "",
    "Which role may execute which operation of the connector (E: execute). Rendered from",
    "`src/domain/permissions.ts` by `cirrus docs permissions`; a test keeps this file equal",
    "to it. Partner Admins, Supervisors and Users execute none of them; a partner account",
    "(from another tenant) is told to use an account of the customer tenant. Team/Service",
    "Owners (limited or not) reach only the services they own (`owners` of a service); OU",
    "Admins the address books at or below their unit; Tenant Admins reach all.",
    "",
    "A user may hold several roles, each granted at an organisation unit. For an operation",
    "only the roles that may execute it count, each reaching its unit and everything below.",
    "The Virtual User Assistant operations go beyond the certified connector, in its style.",
    "",
    "A role that may not execute an operation is answered `403` naming `authorization`. Within",
    "an operation it may execute, a service, task or flow outside the caller's reach is answered",
    "as if it did not exist — `404` naming the id, or `400` naming the field for a service in a",
    "request body — so that its existence does not leak.",
    "",
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
  ];
  for (const area of permissionAreas) {
    for (const kind of ["trigger", "action", "lookup"] as const) {
      for (const operation of connectorOperations) {
        if (operation.area !== area || operation.kind !== kind) continue;
        const marks = matrixRoles.map((role) => (operation.roles.includes(role) ? "E" : ""));
        const title = `${operation.title}${kind === "lookup" ? " (lookup)" : ""}`;
        lines.push(`| ${area} | ${title} | ${operation.operationId} | ${marks.join(" | ")} |`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
