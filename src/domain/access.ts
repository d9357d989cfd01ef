/**
 * Who may see what, reading up the path: a role granted at an organisation unit reaches that
 * unit and everything below it. A user may hold several roles at different units; for a
 * connector operation only the roles that may execute it count. Tenant Admins reach the
 * whole tenant; Team/Service Owners (limited or not) reach the services they own; OU Admins
 * and Supervisors the services, users and address books at or below their unit.
 */
import type { DirectoryIndex } from "./directoryIndex.ts";
import { type RoleAssignment, roleAssignmentsOf, type Service, type User } from "./model.ts";
import { mayExecute } from "./permissions.ts";

/** Whether `unitId` is `ancestorId` or lies below it. */
export function isWithin(index: DirectoryIndex, unitId: string, ancestorId: string): boolean {
  const parents = index.unitParents;
  for (let at: string | null = unitId, steps = 0; at !== null; at = parents.get(at) ?? null) {
    if (at === ancestorId) return true;
    if (++steps > parents.size) return false; // a cycle; directories are checked against them
  }
  return false;
}

/** The user's role assignments that may execute the operation. */
export function grantsFor(user: User, operationId: string): readonly RoleAssignment[] {
  return roleAssignmentsOf(user).filter((grant) => mayExecute(grant.role, operationId));
}

/** Whether one role assignment reaches a service. */
function grantReachesService(
  index: DirectoryIndex,
  user: User,
  grant: RoleAssignment,
  service: Service,
): boolean {
  switch (grant.role) {
    case "TenantAdmin":
      return true;
    case "TeamOwner":
    case "TeamOwnerLimited":
      return service.owners?.includes(user.id) ?? false;
    case "OuAdmin":
    case "Supervisor":
      return isWithin(index, service.orgUnitId, grant.orgUnitId);
    default:
      return false;
  }
}

/** Whether one role assignment reaches what is placed at a unit (a user, an address book). */
function grantReachesUnit(index: DirectoryIndex, grant: RoleAssignment, unitId: string): boolean {
  if (grant.role === "TenantAdmin") return true;
  if (grant.role === "PartnerAdmin" || grant.role === "User") return false;
  return isWithin(index, unitId, grant.orgUnitId);
}

/** Whether the user may use the operation on the service: a role that may execute it reaches it. */
export function reachesService(
  index: DirectoryIndex,
  user: User,
  operationId: string,
  service: Service,
): boolean {
  return grantsFor(user, operationId).some((grant) =>
    grantReachesService(index, user, grant, service),
  );
}

/** Whether the user may use the operation on what is placed at the unit. */
export function reachesUnit(
  index: DirectoryIndex,
  user: User,
  operationId: string,
  unitId: string,
): boolean {
  return grantsFor(user, operationId).some((grant) => grantReachesUnit(index, grant, unitId));
}

/**
 * The units a user oversees outside the connector (supervisor views): the units of their
 * assignments of the given roles; `all` when one of them is Tenant Admin.
 */
export function unitsOverseen(
  index: DirectoryIndex,
  user: User,
  overseeing: readonly RoleAssignment["role"][],
): "all" | ((unitId: string) => boolean) | undefined {
  const grants = roleAssignmentsOf(user).filter((grant) => overseeing.includes(grant.role));
  if (grants.some((grant) => grant.role === "TenantAdmin")) return "all";
  if (grants.length === 0) return undefined;
  return (unitId) => grants.some((grant) => isWithin(index, unitId, grant.orgUnitId));
}

/**
 * The services a user oversees outside the connector (supervisor views, planned calls): by
 * unit for the roles granted at one, by ownership for team owners; `undefined` when none of
 * the given roles is theirs.
 */
export function servicesOverseen(
  index: DirectoryIndex,
  user: User,
  overseeing: readonly RoleAssignment["role"][],
): ((service: Service) => boolean) | undefined {
  const grants = roleAssignmentsOf(user).filter((grant) => overseeing.includes(grant.role));
  if (grants.length === 0) return undefined;
  return (service) => grants.some((grant) => grantReachesService(index, user, grant, service));
}

/**
 * Whether the user may see a task event of a trigger registered through `operationId`: the
 * service named in its payload is one they reach with it.
 */
export function canSeeEventOf(
  index: DirectoryIndex,
  user: User,
  operationId: string,
  payload: { readonly serviceId?: string },
): boolean {
  const service =
    payload.serviceId === undefined ? undefined : index.servicesById.get(payload.serviceId);
  return service !== undefined && reachesService(index, user, operationId, service);
}

/** Licence tiers that include flow triggers. */
export function licenceHasTriggers(service: Service): boolean {
  return service.licence === "EnterpriseRouting" || service.licence === "ContactCenter";
}

/**
 * Whether the user may own a flow registered through `operationId` for these services: a
 * role of theirs may execute it and reaches every service it names.
 */
export function mayOwnFlow(
  index: DirectoryIndex,
  user: User | undefined,
  operationId: string,
  serviceUpns: readonly string[],
): boolean {
  if (!user || grantsFor(user, operationId).length === 0) return false;
  return serviceUpns.every((upn) => {
    const service = index.findService(upn);
    return service !== undefined && reachesService(index, user, operationId, service);
  });
}
