/**
 * Trigger subscriptions for the tenant's administrators: status, owner, filter, last
 * delivery, lag; pause, resume, replay from a seq; the recent attempts.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { redactedUrl, urlFingerprint } from "../../delivery/callback-url.ts";
import type { Consumer } from "../../delivery/consumer.ts";
import { mayOwnFlow } from "../../domain/access.ts";
import { DomainError } from "../../domain/errors.ts";
import { registerOperation } from "../../store/subscription-records.ts";
import { audit } from "../audit.ts";
import { requireAdmin } from "../auth.ts";
import { reviewFlowOwners } from "../flow-owners.ts";
import { isoOrNull } from "../iso-time.ts";
import { OwnerBody } from "../schemas.ts";
import type { RouteDeps } from "./deps.ts";

const IdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._:-]+$" }),
});
const ReplayBody = Type.Object(
  { fromSeq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);

const ListQuery = Type.Object({ ownerLostAccess: Type.Optional(Type.Boolean()) });

export const subscriptionRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { engine, store, dispatcher, clock } = deps;
  app.addHook("preHandler", async (request) => {
    requireAdmin(request.caller);
  });

  const find = (tenantId: string, id: string): Consumer => {
    const consumer = dispatcher.get(id);
    if (!consumer || consumer.record.tenantId !== tenantId) {
      throw DomainError.notFound("id", `no subscription ${id}`);
    }
    return consumer;
  };

  async function view(consumer: Consumer) {
    const { record } = consumer;
    const owner = engine.state(record.tenantId)?.directory.usersById.get(record.ownerUserId);
    const [next] = await store.readEvents({
      after: record.cursor,
      limit: 1,
      tenantId: record.tenantId,
    });
    return {
      id: record.id,
      kind: record.kind,
      status: record.status,
      owner: { id: record.ownerUserId, upn: owner?.upn ?? null },
      // The query is the flow's secret: shown as origin and path, told apart by a fingerprint.
      callback: { url: redactedUrl(record.url), fingerprint: urlFingerprint(record.url) },
      filter: record.filter,
      cursor: record.cursor,
      createdAt: isoOrNull(record.createdAt),
      lastDeliveryAt: isoOrNull(record.lastDeliveryAt),
      lastError: record.lastError,
      failingSince: isoOrNull(record.failingSince),
      // A run of 404 answers: after a few over ten minutes the subscription is `gone`.
      notFound: { since: isoOrNull(record.notFoundSince), count: record.notFoundCount },
      ownerLostAccess: record.ownerLostAccessAt !== null,
      ownerLostAccessAt: isoOrNull(record.ownerLostAccessAt),
      lag: {
        events: Math.max(0, engine.committedSeq - record.cursor),
        seconds: next ? Math.max(0, (clock.now() - next.at) / 1000) : 0,
      },
      parked: consumer.parkedCount,
    };
  }

  // `?ownerLostAccess=true`: the leftover flows of owners who lost access, by owner.
  app.get("", { schema: { querystring: ListQuery } }, async (request) => {
    const leftovers = request.query.ownerLostAccess;
    const consumers = dispatcher
      .list(request.caller.tenantId)
      .filter((c) => leftovers === undefined || (c.record.ownerLostAccessAt !== null) === leftovers)
      .sort((a, b) => a.record.ownerUserId.localeCompare(b.record.ownerUserId));
    return { subscriptions: await Promise.all(consumers.map(view)) };
  });

  // Gives a flow to another owner, who must be allowed to register it.
  app.put("/:id/owner", { schema: { params: IdParams, body: OwnerBody } }, async (request) => {
    const { tenantId } = request.caller;
    const consumer = find(tenantId, request.params.id);
    const index = engine.requireState(tenantId).directory;
    const owner = index.usersByUpn.get(request.body.upn.toLowerCase());
    if (!owner) throw DomainError.notFound("upn", `no user ${request.body.upn}`);
    const { record } = consumer;
    if (!mayOwnFlow(index, owner, registerOperation[record.kind], record.filter.services)) {
      throw DomainError.invalid(
        "upn",
        `${owner.upn} may not own this flow: their role or reach does not cover its services`,
      );
    }
    await dispatcher.reassign(record.id, owner.id);
    await audit(engine, request.caller, "subscription.owner", record.id, {
      from: record.ownerUserId,
      to: owner.id,
    });
    await reviewFlowOwners(deps, tenantId);
    return view(consumer);
  });

  app.get("/:id", { schema: { params: IdParams } }, async (request) => {
    const consumer = find(request.caller.tenantId, request.params.id);
    return { ...(await view(consumer)), attempts: attemptsOf(consumer) };
  });

  app.get("/:id/attempts", { schema: { params: IdParams } }, async (request) => ({
    attempts: attemptsOf(find(request.caller.tenantId, request.params.id)),
  }));

  app.post("/:id/pause", { schema: { params: IdParams } }, async (request) => {
    const consumer = find(request.caller.tenantId, request.params.id);
    await dispatcher.pause(consumer.record.id);
    return view(consumer);
  });

  app.post("/:id/resume", { schema: { params: IdParams } }, async (request) => {
    const consumer = find(request.caller.tenantId, request.params.id);
    await dispatcher.resume(consumer.record.id);
    return view(consumer);
  });

  app.post(
    "/:id/replay",
    { schema: { params: IdParams, body: ReplayBody } },
    async (request, reply) => {
      const consumer = find(request.caller.tenantId, request.params.id);
      const { fromSeq } = request.body;
      if (fromSeq > engine.committedSeq + 1) {
        throw DomainError.invalid("fromSeq", `the log ends at ${engine.committedSeq}`);
      }
      dispatcher.replay(consumer.record.id, fromSeq);
      return reply.code(202).send({ id: consumer.record.id, replayFrom: fromSeq });
    },
  );

  app.delete("/:id", { schema: { params: IdParams } }, async (request, reply) => {
    const consumer = find(request.caller.tenantId, request.params.id);
    await dispatcher.remove(consumer.record.id);
    return reply.code(204).send();
  });
};

function attemptsOf(consumer: Consumer) {
  return consumer.attempts.recent().map((a) => ({
    seq: a.seq,
    taskId: a.taskId,
    attempt: a.attempt,
    status: a.status,
    latencyMs: Math.round(a.latencyMs * 10) / 10,
    error: a.error,
    at: new Date(a.at).toISOString(),
  }));
}
