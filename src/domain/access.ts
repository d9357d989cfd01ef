/**
 * Who may see what, reading up the path: a principal sees an entity when the principal's
 * organisation unit is on the path from the root to the entity's unit. Tenant administrators
 * see everything; team owners (limited or not) reach the services they own.
 */
import type { DirectoryIndex } from "./directoryIndex.ts";
import type { Service, User } from "./model.ts";
import { mayExecute } from "./permissions.ts";

/** Whether `unitId` is `ancestorId` or lies below it. */
export function isWithin(index: DirectoryIndex, unitId: string, ancestorId: string): boolean {
  const parents = new Map(index.directory.orgUnits.map((ou) => [ou.id, ou.parentId]));
  for (let at: string | null = unitId, steps = 0; at !== null; at = parents.get(at) ?? null) {
    if (at === ancestorId) return true;
    if (++steps > parents.size) return false; // a cycle; directories are checked against them
  }
  return false;
}

/** Whether the user may see a service's tasks and use its triggers. */
export function canSeeService(user: User, service: Service): boolean {
  if (user.role === "TenantAdmin") return true;
  // A Team/Service Owner reaches only the services they own.
  if (user.role === "TeamOwner" || user.role === "TeamOwnerLimited") {
    return service.owners?.includes(user.id) ?? false;
  }
  return false;
}

/** Whether the user may see a task event: the service named in its payload is theirs to see. */
export function canSeeEventOf(
  index: DirectoryIndex,
  user: User,
  payload: { readonly serviceId?: string },
): boolean {
  const service =
    payload.serviceId === undefined ? undefined : index.servicesById.get(payload.serviceId);
  return service !== undefined && canSeeService(user, service);
}

/** Licence tiers that include flow triggers. */
export function licenceHasTriggers(service: Service): boolean {
  return service.licence === "EnterpriseRouting" || service.licence === "ContactCenter";
}

/**
 * Whether the user may own a flow registered through `operationId` for these services: their
 * role may execute it and they reach every service it names.
 */
export function mayOwnFlow(
  index: DirectoryIndex,
  user: User | undefined,
  operationId: string,
  serviceUpns: readonly string[],
): boolean {
  if (!user || !mayExecute(user.role, operationId)) return false;
  return serviceUpns.every((upn) => {
    const service = index.findService(upn);
    return service !== undefined && canSeeService(user, service);
  });
}
