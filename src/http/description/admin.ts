/**
 * Tenant administration: the directory (units, users, roles, services), routing, settings
 * and API tokens. A directory change is checked against the directory's rules: a change
 * that breaks one is 409 or 422 naming the field.
 */
import { Type } from "typebox";
import { type Descriptions, empty, json, problems } from "./operation.ts";
import {
  NullableTime,
  OrgUnitView,
  RoleAssignment,
  Routing,
  ServiceView,
  UserView,
} from "./views.ts";

const adminOnly: [403, string] = [403, "The caller does not administer this (role or reach)."];
/** A directory change: validated, in reach, consistent with the rest of the directory. */
const change = (...extra: (404 | 409)[]) =>
  problems(400, 401, adminOnly, ...extra, 413, 415, 422, 503);

const Principal = Type.Object({
  kind: Type.Union([Type.Literal("user"), Type.Literal("gateway")]),
  tenantId: Type.String(),
  userId: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
});
const Settings = Type.Object({ revokedOwnerFlows: Type.String() });
const Assignments = Type.Object({
  userId: Type.String(),
  roleAssignments: Type.Array(RoleAssignment),
});

export const adminDescriptions: Descriptions = {
  "GET /api/admin/services": {
    operationId: "listServices",
    summary: "The services in the caller's reach, with queue lengths and workflows",
    responses: {
      200: json(
        "The services.",
        Type.Object({
          services: Type.Array(
            Type.Intersect([
              ServiceView,
              Type.Object({
                queueLength: Type.Integer(),
                workflows: Type.Record(Type.String(), Type.String()),
              }),
            ]),
          ),
        }),
      ),
      ...problems(401, adminOnly),
    },
  },
  "POST /api/admin/services": {
    operationId: "createService",
    summary: "Create a service",
    responses: { 201: json("The service, created.", ServiceView), ...change(404, 409) },
  },
  "PATCH /api/admin/services/:serviceId": {
    operationId: "updateService",
    summary: "Change a service's names, number, unit, modalities, members or owners",
    responses: { 200: json("The service, changed.", ServiceView), ...change(404, 409) },
  },
  "DELETE /api/admin/services/:serviceId": {
    operationId: "deleteService",
    summary: "Delete a service without live tasks or planned calls",
    responses: {
      204: empty("The service is gone, with its workflow assignments."),
      ...problems(400, 401, adminOnly, 404, [409, "It has live tasks or planned calls."], 422, 503),
    },
  },
  "PUT /api/admin/services/:serviceId/licence": {
    operationId: "setServiceLicence",
    summary: "Set a service's licence",
    responses: { 200: json("The service, relicensed.", ServiceView), ...change(404) },
  },
  "PUT /api/admin/services/:serviceId/routing": {
    operationId: "setServiceRouting",
    summary: "Change a service's routing settings",
    responses: {
      200: json(
        "The settings in force.",
        Type.Object({ serviceId: Type.String(), routing: Routing }),
      ),
      ...change(404),
    },
  },
  "PUT /api/admin/users/:userId/role": {
    operationId: "setUserRole",
    summary: "Set a user's role at their own unit",
    responses: {
      200: json(
        "The role is set.",
        Type.Object({ userId: Type.String(), role: Type.String(), orgUnitId: Type.String() }),
      ),
      ...change(404, 409),
    },
  },
  "GET /api/admin/settings": {
    operationId: "getSettings",
    summary: "The tenant's settings",
    responses: { 200: json("The settings.", Settings), ...problems(401, adminOnly) },
  },
  "PUT /api/admin/settings": {
    operationId: "setSettings",
    summary: "Change the tenant's settings",
    responses: {
      200: json("The settings in force.", Settings),
      ...problems(400, 401, adminOnly, 413, 415, 503),
    },
  },
  "GET /api/admin/users": {
    operationId: "listUsers",
    summary: "The users in the caller's reach, with their live state",
    responses: {
      200: json(
        "The users.",
        Type.Object({
          users: Type.Array(
            Type.Intersect([
              UserView,
              Type.Object({
                presence: Type.String(),
                state: Type.String(),
                stateSince: NullableTime,
                notReady: Type.Boolean(),
                tasks: Type.Array(Type.String()),
                offerId: Type.Union([Type.String(), Type.Null()]),
                afterCallWorkUntil: NullableTime,
              }),
            ]),
          ),
        }),
      ),
      ...problems(401, adminOnly),
    },
  },
  "POST /api/admin/users": {
    operationId: "createUser",
    summary: "Create a user",
    responses: { 201: json("The user, created.", UserView), ...change(404, 409) },
  },
  "PATCH /api/admin/users/:userId": {
    operationId: "updateUser",
    summary: "Change a user's names, unit or capacity",
    responses: { 200: json("The user, changed.", UserView), ...change(404, 409) },
  },
  "DELETE /api/admin/users/:userId": {
    operationId: "deleteUser",
    summary: "Delete a user who is not busy and not the last Tenant Admin",
    responses: {
      204: empty("The user is gone."),
      ...problems(400, 401, adminOnly, 404, 409, 422, 503),
    },
  },
  "GET /api/admin/users/:userId/role-assignments": {
    operationId: "listRoleAssignments",
    summary: "The roles a user holds, each at its unit",
    responses: {
      200: json("The role assignments.", Assignments),
      ...problems(400, 401, adminOnly, 404),
    },
  },
  "POST /api/admin/users/:userId/role-assignments": {
    operationId: "grantRole",
    summary: "Grant a user a role at a unit",
    responses: {
      201: json(
        "The role is granted.",
        Type.Intersect([
          Assignments,
          Type.Object({ role: Type.String(), orgUnitId: Type.String() }),
        ]),
      ),
      ...change(404, 409),
    },
  },
  "DELETE /api/admin/users/:userId/role-assignments": {
    operationId: "revokeRole",
    summary: "Revoke a role a user holds at a unit",
    description: "The assignment is named in the body or in the query.",
    responses: { 204: empty("The role is revoked."), ...change(404, 409) },
  },
  "GET /api/admin/org-units": {
    operationId: "listOrgUnits",
    summary: "The organisation units in the caller's reach",
    responses: {
      200: json("The units.", Type.Object({ orgUnits: Type.Array(OrgUnitView) })),
      ...problems(401, adminOnly),
    },
  },
  "POST /api/admin/org-units": {
    operationId: "createOrgUnit",
    summary: "Create an organisation unit",
    responses: { 201: json("The unit, created.", OrgUnitView), ...change(404, 409) },
  },
  "PATCH /api/admin/org-units/:orgUnitId": {
    operationId: "updateOrgUnit",
    summary: "Rename or move an organisation unit",
    responses: { 200: json("The unit, changed.", OrgUnitView), ...change(404, 409) },
  },
  "DELETE /api/admin/org-units/:orgUnitId": {
    operationId: "deleteOrgUnit",
    summary: "Delete an empty organisation unit",
    responses: {
      204: empty("The unit is gone."),
      ...problems(
        400,
        401,
        adminOnly,
        404,
        [409, "The unit is the root or still holds something."],
        422,
        503,
      ),
    },
  },
  "POST /api/admin/tokens": {
    operationId: "issueToken",
    summary: "Issue an API token for a user or a gateway",
    responses: {
      201: json(
        "The token: shown this once only.",
        Type.Object({
          token: Type.String(),
          id: Type.String(),
          principal: Principal,
          expiresAt: NullableTime,
        }),
      ),
      ...problems(400, 401, adminOnly, [404, "No user with this UPN."], 413, 415, 422),
    },
  },
  "GET /api/admin/tokens": {
    operationId: "listTokens",
    summary: "The tenant's tokens: who, since when, until when (never the tokens)",
    responses: {
      200: json(
        "The tokens.",
        Type.Object({
          tokens: Type.Array(
            Type.Object({
              id: Type.String(),
              principal: Principal,
              createdAt: NullableTime,
              expiresAt: NullableTime,
              revokedAt: NullableTime,
              status: Type.Union([
                Type.Literal("active"),
                Type.Literal("expired"),
                Type.Literal("revoked"),
              ]),
            }),
          ),
        }),
      ),
      ...problems(401, adminOnly),
    },
  },
  "DELETE /api/admin/tokens/:id": {
    operationId: "revokeToken",
    summary: "Revoke a token",
    responses: { 204: empty("The token is revoked."), ...problems(400, 401, adminOnly, 404) },
  },
};
