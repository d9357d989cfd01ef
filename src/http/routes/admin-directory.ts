/**
 * The admin API for the tenant's directory: organisation units, users, their role
 * assignments and services. Tenant Admins change all of it, Partner Admins all but the two
 * administrator roles, OU Admins what lies at and below their units (../admin-reach.ts and
 * docs/administration.md). Every change writes the whole directory through `provision`,
 * one at a time, and is recorded as an `AdminChanged` event.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { directoryOf } from "../admin-reach.ts";
import { adminOrgUnitRoutes } from "./admin-org-units.ts";
import { adminServiceRoutes } from "./admin-services.ts";
import { adminUserRoutes } from "./admin-users.ts";
import type { RouteDeps } from "./deps.ts";

export const adminDirectoryRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  // Callers who administer nothing learn nothing more, not even what a body should hold.
  app.addHook("preValidation", async (request) => {
    directoryOf(deps.engine, request.caller);
  });
  // The options carry this plugin's prefix; the parts sit under it, not under it twice.
  const parts = { ...deps, prefix: "" };
  await app.register(adminOrgUnitRoutes, parts);
  await app.register(adminUserRoutes, parts);
  await app.register(adminServiceRoutes, parts);
};
