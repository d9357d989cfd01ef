/**
 * The agent API: a user's own presence, state, services, offers and tasks, with the user's
 * own token.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { DomainError } from "../../domain/errors.ts";
import type { TenantState } from "../../domain/state.ts";
import { agentStateView, offerOf } from "../agent-view.ts";
import { requireUser } from "../auth.ts";
import {
  MessagesQuery,
  OfferIdParams,
  OffersQuery,
  PresenceBody,
  ResponsibilityBody,
  ServiceIdParams,
  TaskIdParams,
} from "../schemas.ts";
import { taskTexts } from "../task-texts.ts";
import type { RouteDeps } from "./deps.ts";

function offersOf(state: TenantState | undefined, userId: string) {
  const offer = offerOf(state, userId);
  return offer ? [offer] : [];
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

  app.get("/state", async (request) => {
    const user = requireUser(request.caller);
    return agentStateView(engine.requireState(request.caller.tenantId), user.id);
  });

  // Switching off a service: none of its tasks are offered to the user until switched on.
  app.put(
    "/services/:serviceId/responsibility",
    { schema: { params: ServiceIdParams, body: ResponsibilityBody } },
    async (request) => {
      const user = requireUser(request.caller);
      const { serviceId } = request.params;
      const { active } = request.body;
      await engine.execute(request.caller.tenantId, {
        kind: "SetResponsibility",
        userId: user.id,
        serviceId,
        active,
      });
      return { serviceId, responsible: active };
    },
  );

  // Done wrapping up early: the user takes tasks again at once. Outside after-call work, no-op.
  app.post("/after-call-work/end", async (request) => {
    const user = requireUser(request.caller);
    const { tenantId } = request.caller;
    await engine.execute(tenantId, { kind: "EndAfterCallWork", userId: user.id });
    return agentStateView(engine.requireState(tenantId), user.id);
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
