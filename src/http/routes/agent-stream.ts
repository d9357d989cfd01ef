/**
 * The agent's own live stream as Server-Sent Events: a `state` event at once (the body of
 * `GET /api/agent/state`), then after every commit that concerns the user an `offer` event
 * when a new offer rings for them and a fresh `state` event. Each event's `id` is the
 * commit's last seq. Nothing is replayed: a reconnecting client gets the current state.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { DomainEvent } from "../../domain/events.ts";
import { fromRow } from "../../engine/event-rows.ts";
import { agentStateView } from "../agent-view.ts";
import { requireUser } from "../auth.ts";
import { sseStreams } from "../sse.ts";
import type { RouteDeps } from "./deps.ts";

/** A client that falls this far behind is dropped; it reconnects and gets the state anew. */
const maxBufferedBytes = 1024 * 1024;

/**
 * The users an event changes what they see of themselves: whose offer, presence, after-call
 * work or responsibility it is, who connected, and who was last connected to a task that
 * ends. `upnToId` finds a user by UPN.
 */
export function usersConcerned(
  event: DomainEvent,
  upnToId: (upn: string) => string | undefined,
): readonly string[] {
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
      return [event.data.userId];
    case "ConnectedToUser":
      return [event.detail.userId];
    case "Terminated": {
      const upn = event.data.LastConnectedUserUPN;
      const userId = upn === undefined ? undefined : upnToId(upn);
      return userId === undefined ? [] : [userId];
    }
    default:
      return [];
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

/** One open stream: sends the user's state (and a new offer) after a commit. */
type Stream = (seq: number, events: readonly DomainEvent[]) => void;

export const agentStreamRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine, streams: registry },
) => {
  const openStream = sseStreams(app, maxBufferedBytes, registry);

  // One commit listener for every stream: a commit is read once and reaches only the
  // streams of the users it concerns.
  const streams = new Map<string, Map<string, Set<Stream>>>();
  const unsubscribe = engine.onCommit((rows) => {
    const byTenant = new Map<string, DomainEvent[]>();
    for (const row of rows) {
      if (!streams.has(row.tenantId)) continue;
      const events = byTenant.get(row.tenantId) ?? [];
      events.push(fromRow(row));
      byTenant.set(row.tenantId, events);
    }
    const seq = rows.at(-1)?.seq ?? engine.committedSeq;
    for (const [tenantId, events] of byTenant) {
      const ofTenant = streams.get(tenantId);
      const directory = engine.state(tenantId)?.directory;
      if (!ofTenant || !directory) continue;
      const upnToId = (upn: string) => directory.usersByUpn.get(upn.toLowerCase())?.id;
      const concerned = new Set(events.flatMap((event) => usersConcerned(event, upnToId)));
      for (const userId of concerned) {
        for (const stream of ofTenant.get(userId) ?? []) stream(seq, events);
      }
    }
  });
  app.addHook("onClose", async () => unsubscribe());

  const register = (tenantId: string, userId: string, stream: Stream) => {
    const ofTenant = streams.get(tenantId) ?? new Map<string, Set<Stream>>();
    streams.set(tenantId, ofTenant);
    const ofUser = ofTenant.get(userId) ?? new Set<Stream>();
    ofTenant.set(userId, ofUser);
    ofUser.add(stream);
    return () => {
      ofUser.delete(stream);
      if (ofUser.size === 0) ofTenant.delete(userId);
      if (ofTenant.size === 0) streams.delete(tenantId);
    };
  };

  app.get("/stream", async (request, reply) => {
    const user = requireUser(request.caller);
    const { tenantId } = request.caller;
    engine.requireState(tenantId);

    let unregister = () => {};
    const stream = openStream(request, reply, () => unregister());
    if (!stream) return reply;
    /** The fresh state, after an `offer` event if one of the offers `created` rings now. */
    const sendState = (seq: number, created: ReadonlySet<string>) => {
      const state = engine.state(tenantId);
      if (!state) return;
      const view = agentStateView(state, user.id);
      // Only an offer that still rings: one accepted or withdrawn since shows in the state.
      const { offer } = view;
      if (offer && created.has(offer.id)) stream.send(seq, "offer", offer);
      stream.send(seq, "state", view);
    };
    if (stream.closed) return;
    unregister = register(tenantId, user.id, (seq, events) =>
      sendState(seq, offersCreatedFor(events, user.id)),
    );
    sendState(engine.committedSeq, new Set());
  });
};
