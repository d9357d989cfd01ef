/**
 * How far a caller's administration of the directory reaches (docs/administration.md):
 * Tenant Admins the whole tenant; Partner Admins every unit, user and service, granting any
 * role but the two administrator ones; OU Admins the units where they hold OU Admin and
 * everything below, reading up the path as the connector does. What lies beyond the reach
 * is answered as if it did not exist (404 naming the field); a role beyond it is 403.
 */
import { isWithin } from "../domain/access.ts";
import type { DirectoryIndex } from "../domain/directoryIndex.ts";
import { DomainError } from "../domain/errors.ts";
import {
  holdsRole,
  type OrgUnit,
  type Role,
  roleAssignmentsOf,
  type Service,
  type User,
} from "../domain/model.ts";
import type { Engine } from "../engine/engine.ts";
import type { Caller } from "./auth.ts";

/**
 * A caller's reach:
 * - `tenant`: a Tenant Admin, everything;
 * - `partner`: a Partner Admin, every unit, user, service and licence;
 * - `units`: an OU Admin, the units they hold OU Admin at and below them.
 */
export type AdminReach =
  | { readonly kind: "tenant" }
  | { readonly kind: "partner" }
  | { readonly kind: "units"; readonly units: readonly string[] };

/** Roles an OU Admin may grant and revoke, at units within their reach. */
const ouAdminGrants: readonly Role[] = [
  "OuAdmin",
  "TeamOwner",
  "TeamOwnerLimited",
  "Supervisor",
  "User",
];

/** Roles only a Tenant Admin grants. */
const tenantAdminGrants: readonly Role[] = ["TenantAdmin", "PartnerAdmin"];

/** The caller's reach, read from their user in the directory as it is now; 403 without one. */
export function adminReachOf(index: DirectoryIndex, caller: Caller): AdminReach {
  const user = caller.user && index.usersById.get(caller.user.id);
  if (user) {
    if (holdsRole(user, "TenantAdmin")) return { kind: "tenant" };
    if (holdsRole(user, "PartnerAdmin")) return { kind: "partner" };
    const units = roleAssignmentsOf(user)
      .filter((grant) => grant.role === "OuAdmin")
      .map((grant) => grant.orgUnitId);
    if (units.length > 0) return { kind: "units", units };
  }
  throw new DomainError(
    "forbidden",
    "this needs the Tenant Admin, Partner Admin or OU Admin role",
    "authorization",
  );
}

/** The directory as it is now and how far the caller reaches into it; 403 if not at all. */
export function directoryOf(engine: Engine, caller: Caller) {
  const index = engine.requireState(caller.tenantId).directory;
  return { index, directory: index.directory, reach: adminReachOf(index, caller) };
}

/** Licences and routing are not an OU Admin's: 403 naming the field for them. */
export function requireTenantWide(reach: AdminReach, field: string, what: string): void {
  if (reach.kind === "units") {
    throw new DomainError(
      "forbidden",
      `${what} needs the Tenant Admin or Partner Admin role`,
      field,
    );
  }
}

/** Whether what is placed at the unit is within reach: at or below an OU Admin's unit. */
export function reaches(reach: AdminReach, index: DirectoryIndex, unitId: string): boolean {
  if (reach.kind !== "units") return index.unitParents.has(unitId);
  return reach.units.some((top) => isWithin(index, unitId, top));
}

/** Whether the unit itself may be changed: strictly below an OU Admin's unit. */
export function reachesBelow(reach: AdminReach, index: DirectoryIndex, unitId: string): boolean {
  if (reach.kind !== "units") return index.unitParents.has(unitId);
  return reach.units.some((top) => top !== unitId && isWithin(index, unitId, top));
}

export function mayGrant(reach: AdminReach, role: Role): boolean {
  switch (reach.kind) {
    case "tenant":
      return true;
    case "partner":
      return !tenantAdminGrants.includes(role);
    case "units":
      return ouAdminGrants.includes(role);
    default: {
      const never: never = reach;
      return never;
    }
  }
}

/** 403 naming `role` for a role the caller may not grant or revoke. */
export function requireGrantable(reach: AdminReach, role: Role): void {
  if (!mayGrant(reach, role)) {
    const who = reach.kind === "partner" ? "a Partner Admin" : "an OU Admin";
    throw new DomainError("forbidden", `${who} may not grant or revoke ${role}`, "role");
  }
}

/** The unit, if it is within reach; else 404 naming the field, as if it did not exist. */
export function unitInReach(
  reach: AdminReach,
  index: DirectoryIndex,
  unitId: string,
  field: string,
): OrgUnit {
  const unit = index.directory.orgUnits.find((candidate) => candidate.id === unitId);
  if (!unit || !reaches(reach, index, unit.id)) {
    throw DomainError.notFound(field, `no organisation unit ${unitId}`);
  }
  return unit;
}

export function userInReach(
  reach: AdminReach,
  index: DirectoryIndex,
  userId: string,
  field: string,
): User {
  const user = index.usersById.get(userId);
  if (!user || !reaches(reach, index, user.orgUnitId)) {
    throw DomainError.notFound(field, `no user ${userId}`);
  }
  return user;
}

export function serviceInReach(
  reach: AdminReach,
  index: DirectoryIndex,
  serviceId: string,
  field: string,
): Service {
  const service = index.servicesById.get(serviceId);
  if (!service || !reaches(reach, index, service.orgUnitId)) {
    throw DomainError.notFound(field, `no service ${serviceId}`);
  }
  return service;
}

/**
 * A user may be changed or deleted only by a caller who could grant every role they hold,
 * where they hold it: an OU Admin does not edit a Tenant Admin, nor a Partner Admin another
 * partner. 403 naming `role` otherwise.
 */
export function requireManageable(reach: AdminReach, index: DirectoryIndex, user: User): void {
  for (const grant of roleAssignmentsOf(user)) {
    if (!mayGrant(reach, grant.role) || !reaches(reach, index, grant.orgUnitId)) {
      throw new DomainError(
        "forbidden",
        `${user.upn} holds a role beyond what you may grant (${grant.role}); ask a Tenant Admin`,
        "role",
      );
    }
  }
}

/** OU Admins change only the units strictly below their own; 403 naming the unit's id. */
export function requireBelow(reach: AdminReach, index: DirectoryIndex, id: string): void {
  if (!reachesBelow(reach, index, id)) {
    throw new DomainError(
      "forbidden",
      "an OU Admin changes only the units below their own",
      "orgUnitId",
    );
  }
}

/** New members or owners must be within reach; those already there may stay. */
export function requireUsersInReach(
  reach: AdminReach,
  index: DirectoryIndex,
  ids: readonly string[],
  kept: readonly string[],
  field: string,
): void {
  ids.forEach((id, at) => {
    if (!kept.includes(id)) userInReach(reach, index, id, `${field}[${at}]`);
  });
}
