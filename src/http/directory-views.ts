/** How the admin API shows units, users and services of the directory. */
import type { DirectoryIndex } from "../domain/directoryIndex.ts";
import { type OrgUnit, roleAssignmentsOf, type Service, type User } from "../domain/model.ts";

export function orgUnitView(unit: OrgUnit) {
  return { id: unit.id, name: unit.name, parentId: unit.parentId };
}

/** A user as the directory has them: every role with its unit; partner accounts say so. */
export function userView(user: User) {
  return {
    id: user.id,
    upn: user.upn,
    email: user.email,
    objectId: user.objectId,
    displayName: user.displayName,
    orgUnitId: user.orgUnitId,
    role: user.role,
    roleAssignments: roleAssignmentsOf(user),
    partner: user.homeTenant !== undefined,
    ...(user.homeTenant === undefined ? {} : { homeTenant: user.homeTenant }),
    capacity: user.capacity ?? {},
  };
}

/** Members and owners by id, UPN and name; ids no longer in the directory are left out. */
function people(index: DirectoryIndex, ids: readonly string[]) {
  return ids.flatMap((id) => {
    const user = index.usersById.get(id);
    return user ? [{ id: user.id, upn: user.upn, displayName: user.displayName }] : [];
  });
}

export function serviceView(index: DirectoryIndex, service: Service) {
  return {
    id: service.id,
    upn: service.upn,
    name: service.name,
    displayName: service.displayName,
    description: service.description,
    telNumber: service.telNumber,
    licence: service.licence,
    orgUnitId: service.orgUnitId,
    modalities: service.modalities,
    routing: service.routing,
    members: people(index, service.members),
    owners: people(index, service.owners ?? []),
    virtualAssistant: service.virtualAssistant ?? false,
  };
}
