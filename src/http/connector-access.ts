/** The connector's operations are executed by the roles the permission matrix names. */
import { DomainError } from "../domain/errors.ts";
import type { User } from "../domain/model.ts";
import { mayExecute, rolesAllowed, roleTitle } from "../domain/permissions.ts";
import type { Caller } from "./auth.ts";

/** The user behind the token, if their role may execute the operation; a 403 otherwise. */
export function operationUser(caller: Caller, operationId: string): User {
  const user = caller.user;
  if (!user || !mayExecute(user.role, operationId)) {
    const allowed = rolesAllowed(operationId).map(roleTitle).join(", ");
    throw new DomainError(
      "forbidden",
      `${operationId} needs one of the roles ${allowed}`,
      "authorization",
    );
  }
  return user;
}
