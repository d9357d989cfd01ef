/** The connector's operations are executed by the roles the permission matrix names. */

import type { FastifyRequest } from "fastify";
import { grantsFor, reachesUnit } from "../domain/access.ts";
import type { DirectoryIndex } from "../domain/directoryIndex.ts";
import { DomainError } from "../domain/errors.ts";
import type { User } from "../domain/model.ts";
import { rolesAllowed, roleTitle } from "../domain/permissions.ts";
import type { Caller } from "./auth.ts";

/** The user behind the token, if their role may execute the operation; a 403 otherwise. */
export function operationUser(caller: Caller, operationId: string): User {
  const user = caller.user;
  if (user?.homeTenant !== undefined) {
    // The seed: a partner admin cannot use the connector in a customer tenant with their own account.
    throw new DomainError(
      "forbidden",
      `${user.upn} is a partner account of ${user.homeTenant}; ${operationId} in this tenant needs one of its own accounts`,
      "authorization",
    );
  }
  if (!user || grantsFor(user, operationId).length === 0) {
    const allowed = rolesAllowed(operationId).map(roleTitle).join(", ");
    throw new DomainError(
      "forbidden",
      `${operationId} needs one of the roles ${allowed}`,
      "authorization",
    );
  }
  return user;
}

/**
 * Route options that refuse a role the matrix does not allow before the body is checked:
 * the caller learns first that the operation is not theirs.
 */
export function operationAllowed(operationId: string) {
  return {
    preValidation: async (request: FastifyRequest) => {
      operationUser(request.caller, operationId);
    },
  };
}

/**
 * Preferred users a flow names must be users the caller may route to (the preferred-users
 * lookup's reach); an unknown one and one out of reach get the same answer, so that a UPN's
 * existence does not leak.
 */
export function checkPreferredUsers(
  index: DirectoryIndex,
  user: User,
  preferred: readonly { readonly upn: string }[] | undefined,
): void {
  preferred?.forEach(({ upn }, at) => {
    const target = index.usersByUpn.get(upn.toLowerCase());
    if (!target || !reachesUnit(index, user, "GetUsersForPreferredRouting", target.orgUnitId)) {
      throw DomainError.invalid(
        `preferredUsers[${at}].upn`,
        `${upn} is not a user you may route to`,
      );
    }
  });
}

/** A preferred user named without a priority comes after those with one. */
const lowestPreference = 99;

/** The preferred users a flow names, each with a priority. */
export function rankedPreferredUsers(
  preferred: readonly { readonly upn: string; readonly priority?: number }[],
): { upn: string; priority: number }[] {
  return preferred.map(({ upn, priority }) => ({ upn, priority: priority ?? lowestPreference }));
}
