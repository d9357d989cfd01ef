/**
 * What makes a directory sound: one tenant throughout, unique ids and addresses, an
 * organisation tree with a single root and no cycles, and references that resolve. Checked
 * before a directory is provisioned; the first fault is reported with its path.
 */
import { DomainError } from "./errors.ts";
import { type Directory, normaliseTelNumber, roleAssignmentsOf } from "./model.ts";

function duplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

function checkTenant(directory: Directory): void {
  const tenantId = directory.tenant.id;
  for (const field of ["orgUnits", "users", "services"] as const) {
    const at = directory[field].findIndex((item) => item.tenantId !== tenantId);
    if (at >= 0) {
      throw DomainError.invalid(`${field}[${at}].tenantId`, `must be the tenant's id ${tenantId}`);
    }
  }
}

function checkUnique(directory: Directory): void {
  const checks: [string, readonly string[]][] = [
    ["orgUnits.id", directory.orgUnits.map((ou) => ou.id)],
    ["users.id", directory.users.map((u) => u.id)],
    ["users.upn", directory.users.map((u) => u.upn.toLowerCase())],
    ["services.id", directory.services.map((s) => s.id)],
    [
      "services.upn",
      [...directory.services.map((s) => s.upn), ...directory.users.map((u) => u.upn)].map((upn) =>
        upn.toLowerCase(),
      ),
    ],
    [
      "services.telNumber",
      directory.services.filter((s) => s.telNumber).map((s) => normaliseTelNumber(s.telNumber)),
    ],
  ];
  for (const [field, values] of checks) {
    const twice = duplicate(values);
    if (twice !== undefined) throw DomainError.invalid(field, `${twice} is used twice`);
  }
}

function checkTree(directory: Directory): void {
  const parents = new Map(directory.orgUnits.map((ou) => [ou.id, ou.parentId]));
  const roots = directory.orgUnits.filter((ou) => ou.parentId === null);
  if (roots.length !== 1) {
    throw DomainError.invalid("orgUnits", `needs exactly one root unit, has ${roots.length}`);
  }
  directory.orgUnits.forEach((ou, at) => {
    const seen = new Set<string>([ou.id]);
    for (let parent = ou.parentId; parent !== null; parent = parents.get(parent) ?? null) {
      if (!parents.has(parent)) {
        throw DomainError.invalid(`orgUnits[${at}].parentId`, `no organisation unit ${parent}`);
      }
      if (seen.has(parent)) {
        throw DomainError.invalid(`orgUnits[${at}].parentId`, `${ou.id} is its own ancestor`);
      }
      seen.add(parent);
    }
  });
}

function checkReferences(directory: Directory): void {
  const units = new Set(directory.orgUnits.map((ou) => ou.id));
  const users = new Set(directory.users.map((u) => u.id));
  directory.users.forEach((user, at) => {
    if (!units.has(user.orgUnitId)) {
      throw DomainError.invalid(`users[${at}].orgUnitId`, `no organisation unit ${user.orgUnitId}`);
    }
    (user.roleAssignments ?? []).forEach((assignment, n) => {
      if (!units.has(assignment.orgUnitId)) {
        throw DomainError.invalid(
          `users[${at}].roleAssignments[${n}].orgUnitId`,
          `no organisation unit ${assignment.orgUnitId}`,
        );
      }
    });
  });
  directory.services.forEach((service, at) => {
    if (!units.has(service.orgUnitId)) {
      throw DomainError.invalid(
        `services[${at}].orgUnitId`,
        `no organisation unit ${service.orgUnitId}`,
      );
    }
    const stranger = service.members.findIndex((member) => !users.has(member));
    if (stranger >= 0) {
      throw DomainError.invalid(
        `services[${at}].members[${stranger}]`,
        `no user ${service.members[stranger]}`,
      );
    }
    const owners = service.owners ?? [];
    const unknownOwner = owners.findIndex((owner) => !users.has(owner));
    if (unknownOwner >= 0) {
      throw DomainError.invalid(
        `services[${at}].owners[${unknownOwner}]`,
        `no user ${owners[unknownOwner]}`,
      );
    }
  });
}

/**
 * Partner accounts come from another tenant's directory and hold only Partner Admin; the
 * tenant's own accounts never do. A role is granted at most once per unit.
 */
function checkRoles(directory: Directory): void {
  directory.users.forEach((user, at) => {
    const assignments = roleAssignmentsOf(user);
    const partner = user.homeTenant !== undefined;
    const wrong = assignments.findIndex((a) => (a.role === "PartnerAdmin") !== partner);
    if (wrong >= 0) {
      const field =
        wrong === 0 ? `users[${at}].role` : `users[${at}].roleAssignments[${wrong - 1}].role`;
      throw DomainError.invalid(
        field,
        partner
          ? `${user.upn} is a partner account from ${user.homeTenant}: it holds only PartnerAdmin`
          : `PartnerAdmin is for partner accounts from another tenant (set homeTenant)`,
      );
    }
    if (user.homeTenant !== undefined && user.homeTenant === directory.tenant.id) {
      throw DomainError.invalid(`users[${at}].homeTenant`, "a partner comes from another tenant");
    }
    const twice = duplicate(assignments.map((a) => `${a.role} at ${a.orgUnitId}`));
    if (twice !== undefined) {
      throw DomainError.invalid(`users[${at}].roleAssignments`, `${twice} is granted twice`);
    }
  });
}

export function checkDirectory(directory: Directory): void {
  checkTenant(directory);
  checkUnique(directory);
  checkTree(directory);
  checkReferences(directory);
  checkRoles(directory);
}
