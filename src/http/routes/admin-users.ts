/**
 * Users and their role assignments. A user's role at their own unit is `User.role`; further
 * roles at other units are `roleAssignments`. A change to a user needs a caller who could
 * grant every role the user holds; after every change of roles, flows whose owner lost
 * access are marked.
 */
import { randomUUID } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { DomainError } from "../../domain/errors.ts";
import { roleAssignmentsOf, type User } from "../../domain/model.ts";
import {
  RoleAssignmentBody,
  RoleAssignmentQuery,
  UserBody,
  UserChange,
} from "../admin-directory-schemas.ts";
import {
  directoryOf,
  requireGrantable,
  requireManageable,
  unitInReach,
  userInReach,
} from "../admin-reach.ts";
import { audit } from "../audit.ts";
import type { Caller } from "../auth.ts";
import {
  changes,
  requireFreeUpn,
  requirePartnerRole,
  requireTenantAdminLeft,
  withGrant,
  withoutGrant,
  withoutUser,
} from "../directory-changes.ts";
import { userView } from "../directory-views.ts";
import { serially } from "../directory-writes.ts";
import { reviewFlowOwners } from "../flow-owners.ts";
import { UserIdParams } from "../schemas.ts";
import type { RouteDeps } from "./deps.ts";

export const adminUserRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { engine } = deps;
  const current = (caller: Caller) => directoryOf(engine, caller);

  app.post("/users", { schema: { body: UserBody } }, async (request, reply) => {
    const { upn, displayName, email, orgUnitId, objectId, homeTenant, capacity } = request.body;
    const role = request.body.role ?? (homeTenant === undefined ? "User" : "PartnerAdmin");
    const user = await serially(engine, async () => {
      const { index, directory, reach } = current(request.caller);
      unitInReach(reach, index, orgUnitId, "orgUnitId");
      requireGrantable(reach, role);
      requirePartnerRole(directory.tenant.id, role, homeTenant);
      requireFreeUpn(index, upn);
      const uuid = randomUUID();
      const created: User = {
        id: `user-${uuid}`,
        tenantId: directory.tenant.id,
        orgUnitId,
        upn,
        email: email ?? upn,
        objectId: objectId ?? uuid,
        displayName,
        role,
        ...(homeTenant === undefined ? {} : { homeTenant }),
        ...(capacity === undefined ? {} : { capacity }),
      };
      await engine.provision({ ...directory, users: [...directory.users, created] });
      await audit(engine, request.caller, "user.create", created.id, {
        upn,
        orgUnitId,
        role,
        ...(homeTenant === undefined ? {} : { homeTenant }),
      });
      return created;
    });
    return reply.code(201).send(userView(user));
  });

  app.patch(
    "/users/:userId",
    { schema: { params: UserIdParams, body: UserChange } },
    async (request) => {
      const { displayName, email, orgUnitId, capacity } = request.body;
      const { tenantId } = request.caller;
      return serially(engine, async () => {
        const { index, directory, reach } = current(request.caller);
        const user = userInReach(reach, index, request.params.userId, "userId");
        requireManageable(reach, index, user);
        if (orgUnitId !== undefined && orgUnitId !== user.orgUnitId) {
          unitInReach(reach, index, orgUnitId, "orgUnitId");
          // The role at the user's own unit moves with them.
          if (
            user.roleAssignments?.some((a) => a.role === user.role && a.orgUnitId === orgUnitId)
          ) {
            throw DomainError.conflict(
              `${user.upn} holds ${user.role} at ${orgUnitId} already; revoke it first`,
              "orgUnitId",
            );
          }
        }
        const updated: User = {
          ...user,
          ...(displayName === undefined ? {} : { displayName }),
          ...(email === undefined ? {} : { email }),
          ...(orgUnitId === undefined ? {} : { orgUnitId }),
          ...(capacity === undefined ? {} : { capacity }),
        };
        const users = directory.users.map((u) => (u.id === user.id ? updated : u));
        await engine.provision({ ...directory, users });
        await audit(
          engine,
          request.caller,
          "user.update",
          user.id,
          changes(user, updated, ["displayName", "email", "orgUnitId", "capacity"]),
        );
        if (updated.orgUnitId !== user.orgUnitId) await reviewFlowOwners(deps, tenantId);
        return userView(updated);
      });
    },
  );

  app.delete("/users/:userId", { schema: { params: UserIdParams } }, async (request, reply) => {
    const { tenantId } = request.caller;
    await serially(engine, async () => {
      const { index, directory, reach } = current(request.caller);
      const user = userInReach(reach, index, request.params.userId, "userId");
      requireManageable(reach, index, user);
      const live = engine.requireState(tenantId).users.get(user.id);
      if (live && (live.tasks.length > 0 || live.offerId !== null)) {
        throw DomainError.conflict(
          `${user.upn} holds a task or an offer; try again once it ends`,
          "userId",
        );
      }
      const users = directory.users.filter((u) => u.id !== user.id);
      requireTenantAdminLeft(users, "userId");
      const services = directory.services.map((service) => withoutUser(service, user.id));
      const left = directory.services
        .filter((s) => s.members.includes(user.id) || s.owners?.includes(user.id))
        .map((s) => s.id);
      await engine.provision({ ...directory, users, services });
      await audit(engine, request.caller, "user.delete", user.id, {
        upn: user.upn,
        orgUnitId: user.orgUnitId,
        roleAssignments: roleAssignmentsOf(user),
        services: left,
      });
      await reviewFlowOwners(deps, tenantId);
    });
    return reply.code(204).send();
  });

  app.get(
    "/users/:userId/role-assignments",
    { schema: { params: UserIdParams } },
    async (request) => {
      const { index, reach } = current(request.caller);
      const user = userInReach(reach, index, request.params.userId, "userId");
      return { userId: user.id, roleAssignments: roleAssignmentsOf(user) };
    },
  );

  app.post(
    "/users/:userId/role-assignments",
    { schema: { params: UserIdParams, body: RoleAssignmentBody } },
    async (request, reply) => {
      const { role, orgUnitId } = request.body;
      const { tenantId } = request.caller;
      const updated = await serially(engine, async () => {
        const { index, directory, reach } = current(request.caller);
        const user = userInReach(reach, index, request.params.userId, "userId");
        // Only a caller who could grant every role the user holds changes their roles.
        requireManageable(reach, index, user);
        requireGrantable(reach, role);
        unitInReach(reach, index, orgUnitId, "orgUnitId");
        requirePartnerRole(directory.tenant.id, role, user.homeTenant, "role");
        const granted = withGrant(user, role, orgUnitId);
        const users = directory.users.map((u) => (u.id === user.id ? granted : u));
        await engine.provision({ ...directory, users });
        await audit(engine, request.caller, "user.roleAssignment.grant", user.id, {
          role,
          orgUnitId,
        });
        await reviewFlowOwners(deps, tenantId);
        return granted;
      });
      return reply.code(201).send({
        userId: updated.id,
        role,
        orgUnitId,
        roleAssignments: roleAssignmentsOf(updated),
      });
    },
  );

  app.delete(
    "/users/:userId/role-assignments",
    {
      schema: { params: UserIdParams, querystring: RoleAssignmentQuery, body: RoleAssignmentBody },
      // The assignment may be named in the query instead: it is then checked as the body.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) {
          request.body = { ...(request.query as object) } as typeof request.body;
        }
      },
    },
    async (request, reply) => {
      const { role, orgUnitId } = request.body;
      const { tenantId } = request.caller;
      await serially(engine, async () => {
        const { index, directory, reach } = current(request.caller);
        const user = userInReach(reach, index, request.params.userId, "userId");
        // Only a caller who could grant every role the user holds changes their roles.
        requireManageable(reach, index, user);
        requireGrantable(reach, role);
        unitInReach(reach, index, orgUnitId, "orgUnitId");
        const revoked = withoutGrant(user, role, orgUnitId);
        const users = directory.users.map((u) => (u.id === user.id ? revoked : u));
        requireTenantAdminLeft(users, "role");
        await engine.provision({ ...directory, users });
        await audit(engine, request.caller, "user.roleAssignment.revoke", user.id, {
          role,
          orgUnitId,
        });
        await reviewFlowOwners(deps, tenantId);
      });
      return reply.code(204).send();
    },
  );
};
