/**
 * The live stream of trigger events as Server-Sent Events: what the caller may see, from
 * `?after=` or `Last-Event-ID` on, then as they are committed. Each event's `id` is its seq,
 * so a reconnecting client resumes where it stopped.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { canSeeEventOf, grantsFor } from "../../domain/access.ts";
import { DomainError } from "../../domain/errors.ts";
import { taskEventTypes } from "../../domain/events.ts";
import type { StoredEvent } from "../../store/port.ts";
import { requireUser } from "../auth.ts";
import { AfterPosition } from "../schemas.ts";
import { sseStreams } from "../sse.ts";
import type { RouteDeps } from "./deps.ts";
import { eventView } from "./events.ts";

const StreamQuery = Type.Object({
  after: Type.Optional(AfterPosition()),
});

/** A client that falls this far behind is dropped; it reconnects with Last-Event-ID. */
const maxBufferedBytes = 4 * 1024 * 1024;
const triggerTypes: ReadonlySet<string> = new Set(taskEventTypes);
const liveOperation = "RegisterTaskWebHook";

export const eventStreamRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { engine, store } = deps;
  const openStream = sseStreams(app, maxBufferedBytes, deps.streams);

  app.get("/events/stream", { schema: { querystring: StreamQuery } }, async (request, reply) => {
    const user = requireUser(request.caller);
    // The live stream is the task trigger over SSE: the same roles, the same services.
    if (grantsFor(user, liveOperation).length === 0) {
      throw new DomainError(
        "forbidden",
        "the live stream needs Tenant Admin or Team Owner",
        "authorization",
      );
    }
    const { tenantId } = request.caller;
    const lastEventId = Number(request.headers["last-event-id"]);
    let sent =
      request.query.after ??
      (Number.isSafeInteger(lastEventId) && lastEventId >= 0 ? lastEventId : engine.committedSeq);
    const visible = (event: StoredEvent) => {
      if (event.tenantId !== tenantId || !triggerTypes.has(event.type)) return false;
      // Read as the user is now: a role taken away mid-stream stops what it reached.
      const index = engine.state(tenantId)?.directory;
      const current = index?.usersById.get(user.id);
      return (
        index !== undefined &&
        current !== undefined &&
        canSeeEventOf(index, current, liveOperation, event.data as { serviceId?: string })
      );
    };

    // Live events queue up while the backlog is read, then follow it in order.
    const pending: StoredEvent[] = [];
    let catchingUp = true;
    const unsubscribe = engine.onCommit((events) => {
      if (catchingUp) pending.push(...events);
      else for (const event of events) write(event);
    });
    const stream = openStream(request, reply, unsubscribe);
    if (!stream) {
      unsubscribe();
      return reply;
    }
    const write = (event: StoredEvent) => {
      if (stream.closed || event.seq <= sent) return;
      sent = event.seq;
      if (visible(event)) stream.send(event.seq, event.type, eventView(event));
    };
    stream.comment("stream open");
    try {
      for (;;) {
        const page = await store.readEvents({
          tenantId,
          after: sent,
          limit: 1000,
          types: taskEventTypes,
        });
        for (const event of page) write(event);
        if (page.length < 1000 || stream.closed) break;
      }
    } catch (error) {
      request.log.error({ err: error }, "event stream backlog");
      stream.destroy();
    } finally {
      catchingUp = false;
      for (const event of pending) write(event);
    }
  });
};
