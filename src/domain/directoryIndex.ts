import { type Directory, normaliseTelNumber, type Service, type User } from "./model.ts";

/** Look-ups over a tenant's directory, built once when the directory is loaded. */
export interface DirectoryIndex {
  readonly directory: Directory;
  readonly servicesById: ReadonlyMap<string, Service>;
  readonly usersById: ReadonlyMap<string, User>;
  readonly usersByUpn: ReadonlyMap<string, User>;
  /** Services a user is a member of, by user id. */
  readonly servicesOfUser: ReadonlyMap<string, readonly string[]>;
  /** Each service's members with their place in its member order. */
  readonly memberOrder: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Each organisation unit's parent, null at the root. */
  readonly unitParents: ReadonlyMap<string, string | null>;
  /** A service by UPN (case-insensitive) or telephone number. */
  findService(address: string): Service | undefined;
}

export function indexDirectory(directory: Directory): DirectoryIndex {
  const servicesById = new Map(directory.services.map((s) => [s.id, s]));
  const usersById = new Map(directory.users.map((u) => [u.id, u]));
  const usersByUpn = new Map(directory.users.map((u) => [u.upn.toLowerCase(), u]));
  const byAddress = new Map<string, Service>();
  const servicesOfUser = new Map<string, string[]>();
  const memberOrder = new Map<string, Map<string, number>>();
  for (const service of directory.services) {
    memberOrder.set(service.id, new Map(service.members.map((id, at) => [id, at])));
    byAddress.set(service.upn.toLowerCase(), service);
    if (service.telNumber) byAddress.set(normaliseTelNumber(service.telNumber), service);
    for (const userId of service.members) {
      const list = servicesOfUser.get(userId);
      if (list) list.push(service.id);
      else servicesOfUser.set(userId, [service.id]);
    }
  }
  return {
    directory,
    servicesById,
    usersById,
    usersByUpn,
    servicesOfUser,
    memberOrder,
    unitParents: new Map(directory.orgUnits.map((ou) => [ou.id, ou.parentId])),
    findService: (address) =>
      byAddress.get(address.toLowerCase()) ?? byAddress.get(normaliseTelNumber(address)),
  };
}
