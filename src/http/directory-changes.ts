/**
 * The rules a directory change checks before it is written, beyond what `checkDirectory`
 * knows: each names the request's field at fault, so that a client learns which of its
 * values to change (the directory check would name a place in the whole directory).
 */
import type { DirectoryIndex } from "../domain/directoryIndex.ts";
import { DomainError } from "../domain/errors.ts";
import {
  type Directory,
  holdsRole,
  normaliseTelNumber,
  type Role,
  roleAssignmentsOf,
  type Service,
  type User,
} from "../domain/model.ts";

/** A UPN is one user's or one service's: 409 naming `upn` when it is taken. */
export function requireFreeUpn(index: DirectoryIndex, upn: string): void {
  const key = upn.toLowerCase();
  const services = index.directory.services;
  if (index.usersByUpn.has(key) || services.some((s) => s.upn.toLowerCase() === key)) {
    throw DomainError.conflict(`${upn} is taken by another user or service`, "upn");
  }
}

/** A number rings one service: 409 naming `telNumber` when another has it. */
export function requireFreeTelNumber(
  directory: Directory,
  telNumber: string,
  serviceId?: string,
): void {
  if (!telNumber) return;
  const key = normaliseTelNumber(telNumber);
  const holder = directory.services.find(
    (s) => s.id !== serviceId && s.telNumber && normaliseTelNumber(s.telNumber) === key,
  );
  if (holder) throw DomainError.conflict(`${telNumber} is another service's number`, "telNumber");
}

/**
 * Partner accounts hold only Partner Admin, and only they do (as directoryRules says). A new
 * account names `homeTenant` at fault for Partner Admin without it; a grant names `role`.
 */
export function requirePartnerRole(
  tenantId: string,
  role: Role,
  homeTenant: string | undefined,
  missingHomeField = "homeTenant",
): void {
  if (homeTenant === undefined) {
    if (role === "PartnerAdmin") {
      throw DomainError.invalid(
        missingHomeField,
        "PartnerAdmin is for partner accounts from another tenant (homeTenant)",
      );
    }
    return;
  }
  if (role !== "PartnerAdmin") {
    throw DomainError.invalid("role", "a partner account holds only PartnerAdmin");
  }
  if (homeTenant === tenantId) {
    throw DomainError.invalid("homeTenant", "a partner comes from another tenant");
  }
}

/** Never a tenant without a Tenant Admin: 409 naming the field whose change would do it. */
export function requireTenantAdminLeft(users: readonly User[], field: string): void {
  if (!users.some((user) => holdsRole(user, "TenantAdmin"))) {
    throw DomainError.conflict("the tenant would have no Tenant Admin left", field);
  }
}

/** The user with one role more. At their own unit it replaces the plain User role. */
export function withGrant(user: User, role: Role, orgUnitId: string): User {
  if (roleAssignmentsOf(user).some((a) => a.role === role && a.orgUnitId === orgUnitId)) {
    throw DomainError.conflict(`${user.upn} holds ${role} at ${orgUnitId} already`, "role");
  }
  if (orgUnitId === user.orgUnitId && user.role === "User") return { ...user, role };
  return { ...user, roleAssignments: [...(user.roleAssignments ?? []), { role, orgUnitId }] };
}

function withAssignments(user: User, rest: User["roleAssignments"] = []): User {
  const { roleAssignments: _, ...bare } = user;
  return rest.length === 0 ? bare : { ...bare, roleAssignments: rest };
}

/**
 * The user with one role less. The role at their own unit falls back to another role they
 * hold there, else to User; User itself is what every user holds and is not revoked.
 */
export function withoutGrant(user: User, role: Role, orgUnitId: string): User {
  const rest = user.roleAssignments ?? [];
  if (orgUnitId === user.orgUnitId && user.role === role) {
    if (role === "User") {
      throw DomainError.conflict("User is what every user holds at their own unit", "role");
    }
    if (user.homeTenant !== undefined) {
      throw DomainError.conflict(
        "a partner account holds PartnerAdmin only; delete the account to end it",
        "role",
      );
    }
    const next = rest.find((a) => a.orgUnitId === user.orgUnitId);
    return withAssignments(
      { ...user, role: next?.role ?? "User" },
      rest.filter((a) => a !== next),
    );
  }
  const at = rest.findIndex((a) => a.role === role && a.orgUnitId === orgUnitId);
  if (at < 0)
    throw DomainError.notFound("role", `${user.upn} does not hold ${role} at ${orgUnitId}`);
  return withAssignments(
    user,
    rest.filter((_, n) => n !== at),
  );
}

/** The service without the user among its members or owners. */
export function withoutUser(service: Service, userId: string): Service {
  return {
    ...service,
    members: service.members.filter((id) => id !== userId),
    ...(service.owners ? { owners: service.owners.filter((id) => id !== userId) } : {}),
  };
}

/** What keeps a unit from being deleted, in words; undefined when nothing does. */
export function whatUnitHolds(directory: Directory, unitId: string): string | undefined {
  const assignments = directory.users.flatMap((u) => u.roleAssignments ?? []);
  const counts: [number, string, string][] = [
    [directory.orgUnits.filter((ou) => ou.parentId === unitId).length, "sub-unit", "sub-units"],
    [directory.users.filter((u) => u.orgUnitId === unitId).length, "user", "users"],
    [directory.services.filter((s) => s.orgUnitId === unitId).length, "service", "services"],
    [
      assignments.filter((a) => a.orgUnitId === unitId).length,
      "role granted at it",
      "roles granted at it",
    ],
  ];
  const held = counts.filter(([count]) => count > 0);
  if (held.length === 0) return undefined;
  return held.map(([count, one, many]) => `${count} ${count === 1 ? one : many}`).join(", ");
}

/** The fields that changed, before and after, for the audit trail. */
export function changes<T extends object>(before: T, after: T, keys: readonly (keyof T)[]) {
  const changed = keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return {
    before: Object.fromEntries(changed.map((key) => [key, before[key]])),
    after: Object.fromEntries(changed.map((key) => [key, after[key]])),
  };
}
