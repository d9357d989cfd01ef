/** The agent API: a user's own presence, offers and tasks, with the user's own token. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { DomainError } from "../../domain/errors.ts";
import type { TenantState } from "../../domain/state.ts";
import { requireUser } from "../auth.ts";
import {
  MessagesQuery,
  OfferIdParams,
  OffersQuery,
  PresenceBody,
  TaskIdParams,
} from "../schemas.ts";
import { taskTexts } from "../task-texts.ts";
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
  const { engine, offerWaiters, store } = deps;

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
    // A queue's `connected` exit may take the customer on in the workflow (e.g. a survey).
    const live = engine.state(request.caller.tenantId)?.tasks.has(taskId) ?? false;
    return { taskId, status: live ? "inWorkflow" : "terminated" };
  });

  // The customer's chat messages of a task the user is connected to, oldest first.
  app.get(
    "/tasks/:taskId/messages",
    { schema: { params: TaskIdParams, querystring: MessagesQuery } },
    async (request) => {
      const user = requireUser(request.caller);
      const { tenantId } = request.caller;
      const { taskId } = request.params;
      const task = engine.state(tenantId)?.tasks.get(taskId);
      if (!task || task.userId !== user.id) {
        throw DomainError.notFound("taskId", `no task ${taskId} connected to this user`);
      }
      const messages = await taskTexts(store, tenantId, taskId, "CustomerMessage", request.query);
      return { messages };
    },
  );
};
