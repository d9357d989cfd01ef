/**
 * What makes a directory sound: one tenant throughout, unique ids and addresses, an
 * organisation tree with a single root and no cycles, and references that resolve. Checked
 * before a directory is provisioned; the first fault is reported with its path.
 */
import { DomainError } from "./errors.ts";
import { type Directory, normaliseTelNumber } from "./model.ts";

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

export function checkDirectory(directory: Directory): void {
  checkTenant(directory);
  checkUnique(directory);
  checkTree(directory);
  checkReferences(directory);
}
