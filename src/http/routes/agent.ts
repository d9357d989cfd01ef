/** The agent API: a user's own presence, offers and tasks, with the user's own token. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { TenantState } from "../../domain/state.ts";
import { requireUser } from "../auth.ts";
import { OfferIdParams, OffersQuery, PresenceBody, TaskIdParams } from "../schemas.ts";
import type { RouteDeps } from "./deps.ts";

function offersOf(state: TenantState | undefined, userId: string) {
  const user = state?.users.get(userId);
  const offer = user?.offerId ? state?.offers.get(user.offerId) : undefined;
  const task = offer && state?.tasks.get(offer.taskId);
  if (!offer || !task) return [];
  return [
    {
      id: offer.id,
      taskId: offer.taskId,
      offeredAt: new Date(offer.createdAt).toISOString(),
      expiresAt: new Date(offer.expiresAt).toISOString(),
      task: task.data,
    },
  ];
}

export const agentRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { engine, offerWaiters } = deps;

  app.put("/presence", { schema: { body: PresenceBody } }, async (request) => {
    const user = requireUser(request.caller);
    await engine.execute(request.caller.tenantId, {
      kind: "SetPresence",
      userId: user.id,
      status: request.body.status,
    });
    return { status: request.body.status };
  });

  app.get("/offers", { schema: { querystring: OffersQuery } }, async (request) => {
    const user = requireUser(request.caller);
    const { tenantId } = request.caller;
    let offers = offersOf(engine.state(tenantId), user.id);
    const waitMs = request.query.waitMs ?? 0;
    if (offers.length === 0 && waitMs > 0) {
      await offerWaiters.wait(tenantId, user.id, waitMs);
      offers = offersOf(engine.state(tenantId), user.id);
    }
    return { offers };
  });

  app.post("/offers/:id/accept", { schema: { params: OfferIdParams } }, async (request) => {
    const user = requireUser(request.caller);
    const offerId = request.params.id;
    const taskId = engine.state(request.caller.tenantId)?.offers.get(offerId)?.taskId;
    await engine.execute(request.caller.tenantId, {
      kind: "AcceptOffer",
      userId: user.id,
      offerId,
    });
    return { taskId, status: "connected" };
  });

  app.post("/offers/:id/decline", { schema: { params: OfferIdParams } }, async (request) => {
    const user = requireUser(request.caller);
    const offerId = request.params.id;
    await engine.execute(request.caller.tenantId, {
      kind: "DeclineOffer",
      userId: user.id,
      offerId,
    });
    return { offerId, status: "declined" };
  });

  app.post("/tasks/:taskId/end", { schema: { params: TaskIdParams } }, async (request) => {
    const user = requireUser(request.caller);
    const { taskId } = request.params;
    await engine.execute(request.caller.tenantId, { kind: "EndTask", userId: user.id, taskId });
    return { taskId, status: "terminated" };
  });
};
