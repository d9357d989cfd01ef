/**
 * The agent's own live stream as Server-Sent Events: a `state` event at once (the body of
 * `GET /api/agent/state`), then after every commit that concerns the user an `offer` event
 * when a new offer rings for them and a fresh `state` event. Each event's `id` is the
 * commit's last seq. Nothing is replayed: a reconnecting client gets the current state.
 */
import type { ServerResponse } from "node:http";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { DomainEvent } from "../../domain/events.ts";
import { fromRow } from "../../engine/event-rows.ts";
import type { StoredEvent } from "../../store/port.ts";
import { type AgentStateView, agentStateView } from "../agent-view.ts";
import { requireUser } from "../auth.ts";
import type { RouteDeps } from "./deps.ts";

const heartbeatMs = 15_000;
/** A client that falls this far behind is dropped; it reconnects and gets the state anew. */
const maxBufferedBytes = 1024 * 1024;

/**
 * Whether an event changes what the user sees of themselves. `tasks` holds the tasks the
 * user was last shown (connected or offered): their end concerns the user too.
 */
export function concernsUser(
  event: DomainEvent,
  userId: string,
  tasks: ReadonlySet<string>,
): boolean {
  switch (event.type) {
    case "OfferCreated":
    case "OfferWithdrawn":
    case "OfferExpired":
    case "OfferDeclined":
    case "PresenceChanged":
    case "AfterCallWorkStarted":
    case "AfterCallWorkEnded":
    case "ResponsibilityChanged":
    case "ConversationEnded":
      return event.data.userId === userId;
    case "ConnectedToUser":
      return event.detail.userId === userId;
    case "Terminated":
      return tasks.has(event.taskId);
    default:
      return false;
  }
}

/** Offers created for the user in a commit. */
function offersCreatedFor(events: readonly DomainEvent[], userId: string): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.type === "OfferCreated" && event.data.userId === userId) ids.add(event.data.offerId);
  }
  return ids;
}

const tasksShown = (view: AgentStateView) =>
  new Set([...view.tasks.map((task) => task.id), ...(view.offer ? [view.offer.taskId] : [])]);

export const agentStreamRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { engine }) => {
  // Open streams never go idle: end them, or closing the server would wait for them.
  const open = new Set<ServerResponse>();
  app.addHook("preClose", async () => {
    for (const raw of open) raw.end();
  });

  app.get("/stream", async (request, reply) => {
    const user = requireUser(request.caller);
    const { tenantId } = request.caller;
    engine.requireState(tenantId);

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    let closed = false;
    let shown = new Set<string>();
    const send = (seq: number, name: string, body: unknown) => {
      if (closed) return;
      raw.write(`id: ${seq}\nevent: ${name}\ndata: ${JSON.stringify(body)}\n\n`);
      if (raw.writableLength > maxBufferedBytes) raw.destroy();
    };
    /** The fresh state, after an `offer` event if one of the offers `created` rings now. */
    const sendState = (seq: number, created: ReadonlySet<string>) => {
      const state = engine.state(tenantId);
      if (!state) return;
      const view = agentStateView(state, user.id);
      shown = tasksShown(view);
      // Only an offer that still rings: one accepted or withdrawn since shows in the state.
      const { offer } = view;
      if (offer && created.has(offer.id)) send(seq, "offer", offer);
      send(seq, "state", view);
    };
    const committed = (rows: readonly StoredEvent[]) => {
      const events = rows.filter((row) => row.tenantId === tenantId).map(fromRow);
      if (!events.some((event) => concernsUser(event, user.id, shown))) return;
      sendState(rows.at(-1)?.seq ?? engine.committedSeq, offersCreatedFor(events, user.id));
    };
    const unsubscribe = engine.onCommit(committed);
    const heartbeat = setInterval(() => raw.write(": keep-alive\n\n"), heartbeatMs);
    const close = () => {
      closed = true;
      open.delete(raw);
      clearInterval(heartbeat);
      unsubscribe();
    };
    open.add(raw);
    raw.on("close", close);
    // The client may have gone while the token was looked up: then "close" has fired already.
    if (raw.destroyed || request.raw.destroyed) close();
    sendState(engine.committedSeq, new Set());
  });
};
