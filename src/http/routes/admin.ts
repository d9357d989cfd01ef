/**
 * The admin API: the tenant's directory as it is now, its services' routing, its settings
 * and its API tokens. Listing the directory is open to whoever administers part of it
 * (filtered to their reach); everything else here is for Tenant Admins. Changes to units,
 * users, roles and services are in ./admin-directory.ts.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Static } from "typebox";
import { DomainError } from "../../domain/errors.ts";
import { holdsRole, type RoutingSettings, routingOf } from "../../domain/model.ts";
import type { Principal } from "../../store/port.ts";
import { adminReachOf, reaches } from "../admin-reach.ts";
import { audit } from "../audit.ts";
import { requireAdmin } from "../auth.ts";
import { requirePartnerRole } from "../directory-changes.ts";
import { serviceView, userView } from "../directory-views.ts";
import { serially } from "../directory-writes.ts";
import { reviewFlowOwners } from "../flow-owners.ts";
import { isoOrNull } from "../iso-time.ts";
import {
  RoleBody,
  RoutingBody,
  ServiceIdParams,
  SettingsBody,
  TokenBody,
  TokenIdParams,
  UserIdParams,
} from "../schemas.ts";
import { hashToken, issueToken, tokenId } from "../tokens.ts";
import type { RouteDeps } from "./deps.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** An admin route Partner and OU Admins may call too; the others are Tenant Admins'. */
    openToDirectoryAdmins?: boolean;
  }
}

/** The settings with the changes given, taken field by field (never the body spread). */
export function mergeRouting(
  current: RoutingSettings,
  change: Static<typeof RoutingBody>,
): RoutingSettings {
  const { maxQueueSeconds, ronaSeconds, policy, afterCallWorkSeconds, preferredUserSeconds } =
    change;
  return {
    ...current,
    ...(maxQueueSeconds === undefined ? {} : { maxQueueSeconds }),
    ...(ronaSeconds === undefined ? {} : { ronaSeconds }),
    ...(policy === undefined ? {} : { policy }),
    ...(afterCallWorkSeconds === undefined ? {} : { afterCallWorkSeconds }),
    ...(preferredUserSeconds === undefined ? {} : { preferredUserSeconds }),
  };
}

export const adminRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { engine, store, clock } = deps;
  // Every route here is the Tenant Admin's alone, unless it opens itself to the directory's
  // administrators (who see it filtered to their reach).
  app.addHook("preHandler", async (request) => {
    if (!request.routeOptions.config.openToDirectoryAdmins) requireAdmin(request.caller);
  });
  const openToDirectoryAdmins = { config: { openToDirectoryAdmins: true } };

  // Tenant and Partner Admins see every service; OU Admins those at or below their units.
  app.get("/services", openToDirectoryAdmins, async (request) => {
    const { directory, queues } = engine.requireState(request.caller.tenantId);
    const reach = adminReachOf(directory, request.caller);
    const assignments = await store.listWorkflowAssignments(request.caller.tenantId);
    return {
      services: directory.directory.services
        .filter((service) => reaches(reach, directory, service.orgUnitId))
        .map((service) => ({
          ...serviceView(directory, service),
          queueLength: queues.get(service.id)?.length ?? 0,
          workflows: Object.fromEntries(
            assignments
              .filter((a) => a.serviceId === service.id)
              .map((a) => [a.modality, a.workflowId]),
          ),
        })),
    };
  });

  // Takes effect at once: queues are matched again under the new settings. Tasks queued
  // already keep the RONA time and deadline they entered with.
  app.put(
    "/services/:serviceId/routing",
    { schema: { params: ServiceIdParams, body: RoutingBody } },
    async (request) => {
      const { tenantId } = request.caller;
      const { serviceId } = request.params;
      return serially(engine, async () => {
        const { directory } = engine.requireState(tenantId).directory;
        const service = directory.services.find((s) => s.id === serviceId);
        if (!service) throw DomainError.notFound("serviceId", `no service ${serviceId}`);
        const updated = { ...service, routing: mergeRouting(service.routing, request.body) };
        const services = directory.services.map((s) => (s.id === serviceId ? updated : s));
        await engine.provision({ ...directory, services });
        await audit(engine, request.caller, "service.routing", serviceId, { ...request.body });
        return { serviceId, routing: routingOf(updated) };
      });
    },
  );

  // A user's role, granted at the user's organisation unit.
  app.put(
    "/users/:userId/role",
    { schema: { params: UserIdParams, body: RoleBody } },
    async (request) => {
      const { tenantId } = request.caller;
      const { userId } = request.params;
      const { role } = request.body;
      return serially(engine, async () => {
        const { directory } = engine.requireState(tenantId).directory;
        const user = directory.users.find((u) => u.id === userId);
        if (!user) throw DomainError.notFound("userId", `no user ${userId}`);
        requirePartnerRole(directory.tenant.id, role, user.homeTenant, "role");
        const users = directory.users.map((u) => (u.id === userId ? { ...u, role } : u));
        if (!users.some((u) => holdsRole(u, "TenantAdmin"))) {
          throw DomainError.conflict("the tenant would have no Tenant Admin left", "role");
        }
        await engine.provision({ ...directory, users });
        await audit(engine, request.caller, "user.role", userId, { from: user.role, to: role });
        await reviewFlowOwners(deps, tenantId);
        return { userId, role, orgUnitId: user.orgUnitId };
      });
    },
  );

  app.get("/settings", async (request) => store.loadTenantSettings(request.caller.tenantId));

  // How flows whose owner lost access are treated; applies to them at once.
  app.put("/settings", { schema: { body: SettingsBody } }, async (request) => {
    const { tenantId } = request.caller;
    const settings = { revokedOwnerFlows: request.body.revokedOwnerFlows };
    await store.saveTenantSettings(tenantId, settings);
    await audit(engine, request.caller, "tenant.settings", tenantId, settings);
    await reviewFlowOwners(deps, tenantId);
    return settings;
  });

  // Tenant and Partner Admins see every user; OU Admins those at or below their units.
  app.get("/users", openToDirectoryAdmins, async (request) => {
    const state = engine.requireState(request.caller.tenantId);
    const reach = adminReachOf(state.directory, request.caller);
    const users = state.directory.directory.users.filter((user) =>
      reaches(reach, state.directory, user.orgUnitId),
    );
    return {
      users: users.map((user) => {
        const live = state.users.get(user.id);
        return {
          ...userView(user),
          presence: live?.presence ?? "Offline",
          state: live?.state ?? "Unavailable",
          stateSince: isoOrNull(live?.stateSince),
          notReady: live?.notReady ?? false,
          tasks: live?.tasks ?? [],
          offerId: live?.offerId ?? null,
          afterCallWorkUntil: isoOrNull(live?.acwUntil),
        };
      }),
    };
  });

  app.post("/tokens", { schema: { body: TokenBody } }, async (request, reply) => {
    const { tenantId } = request.caller;
    const { upn, gateway } = request.body;
    if ((upn === undefined) === (gateway === undefined)) {
      throw DomainError.invalid("upn", "give exactly one of upn (a user) or gateway");
    }
    let principal: Principal;
    if (upn !== undefined) {
      const user = engine.requireState(tenantId).directory.usersByUpn.get(upn.toLowerCase());
      if (!user) throw DomainError.notFound("upn", `no user ${upn} in this tenant`);
      principal = { kind: "user", tenantId, userId: user.id };
    } else {
      principal = { kind: "gateway", tenantId, name: gateway ?? "" };
    }
    const now = clock.now();
    const { expiresInSeconds } = request.body;
    const expiresAt = expiresInSeconds === undefined ? null : now + expiresInSeconds * 1000;
    const token = await issueToken(store, principal, now, undefined, expiresAt);
    await audit(engine, request.caller, "token.issue", tokenId(hashToken(token)), {
      principal,
      expiresAt,
    });
    return reply.code(201).send({
      token,
      id: tokenId(hashToken(token)),
      principal,
      expiresAt: isoOrNull(expiresAt),
    });
  });

  /** The tenant's tokens, never the tokens themselves: who, since when, until when. */
  const tokensOf = async (tenantId: string) =>
    (await store.listTokens()).filter((token) => token.principal.tenantId === tenantId);

  app.get("/tokens", async (request) => {
    const now = clock.now();
    const tokens = await tokensOf(request.caller.tenantId);
    return {
      tokens: tokens.map((token) => ({
        id: tokenId(token.hash),
        principal: token.principal,
        createdAt: isoOrNull(token.createdAt),
        expiresAt: isoOrNull(token.expiresAt),
        revokedAt: isoOrNull(token.revokedAt),
        status:
          token.revokedAt !== null
            ? "revoked"
            : token.expiresAt !== null && token.expiresAt <= now
              ? "expired"
              : "active",
      })),
    };
  });

  app.delete("/tokens/:id", { schema: { params: TokenIdParams } }, async (request, reply) => {
    const token = (await tokensOf(request.caller.tenantId)).find(
      (candidate) => tokenId(candidate.hash) === request.params.id,
    );
    if (!token) throw DomainError.notFound("id", `no token ${request.params.id}`);
    await store.revokeToken(token.hash, clock.now());
    deps.authenticator.forget(token.hash);
    deps.streams.endToken(token.hash);
    await audit(engine, request.caller, "token.revoke", request.params.id);
    return reply.code(204).send();
  });
};
