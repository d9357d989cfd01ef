/** The agent API: a user's own presence, offers and tasks, with the user's own token. */
import { Type } from "typebox";
import { type Descriptions, json, problems } from "./operation.ts";
import { AgentState, OfferView, TaskText } from "./views.ts";

const userOnly: [403, string] = [403, "The token is not a user's."];

export const agentDescriptions: Descriptions = {
  "PUT /api/agent/presence": {
    operationId: "setPresence",
    summary: "Set the user's presence",
    responses: {
      200: json("The presence is set.", Type.Object({ status: Type.String() })),
      ...problems(400, 401, userOnly, 413, 415, 503),
    },
  },
  "GET /api/agent/state": {
    operationId: "getAgentState",
    summary: "The user's routing state, tasks, ringing offer and services",
    responses: { 200: json("The state.", AgentState), ...problems(401, userOnly) },
  },
  "PUT /api/agent/services/:serviceId/responsibility": {
    operationId: "setResponsibility",
    summary: "Switch a service's tasks on or off for the user",
    responses: {
      200: json(
        "The responsibility is set.",
        Type.Object({ serviceId: Type.String(), responsible: Type.Boolean() }),
      ),
      ...problems(400, 401, userOnly, 404, 413, 415, [422, "The user is no member of it."], 503),
    },
  },
  "POST /api/agent/after-call-work/end": {
    operationId: "endAfterCallWork",
    summary: "End after-call work early",
    responses: {
      200: json("The user's state now.", AgentState),
      ...problems([400, "A body was sent and is not JSON."], 401, userOnly, 503),
    },
  },
  "GET /api/agent/offers": {
    operationId: "listOffers",
    summary: "The offer ringing for the user, waiting up to `waitMs` for one",
    responses: {
      200: json("The offers (none or one).", Type.Object({ offers: Type.Array(OfferView) })),
      ...problems(400, 401, userOnly),
    },
  },
  "POST /api/agent/offers/:id/accept": {
    operationId: "acceptOffer",
    summary: "Accept an offer: the user is connected to its task",
    responses: {
      200: json(
        "The user is connected.",
        Type.Object({ taskId: Type.String(), status: Type.Literal("connected") }),
      ),
      ...problems(400, 401, userOnly, [404, "No open offer with this id for the user."], 503),
    },
  },
  "POST /api/agent/offers/:id/decline": {
    operationId: "declineOffer",
    summary: "Decline an offer",
    responses: {
      200: json(
        "The offer is declined.",
        Type.Object({ offerId: Type.String(), status: Type.Literal("declined") }),
      ),
      ...problems(400, 401, userOnly, [404, "No open offer with this id for the user."], 503),
    },
  },
  "POST /api/agent/tasks/:taskId/end": {
    operationId: "endTask",
    summary: "End a task the user is connected to",
    responses: {
      200: json(
        "The user is done with the task; it ends or goes on in its workflow.",
        Type.Object({
          taskId: Type.String(),
          status: Type.Union([Type.Literal("inWorkflow"), Type.Literal("terminated")]),
        }),
      ),
      ...problems(400, 401, userOnly, 404, [409, "The task is not connected to the user."], 503),
    },
  },
  "GET /api/agent/tasks/:taskId/messages": {
    operationId: "listTaskMessages",
    summary: "The customer's chat messages of a task the user is connected to",
    responses: {
      200: json("The messages, oldest first.", Type.Object({ messages: Type.Array(TaskText) })),
      ...problems(400, 401, userOnly, 404),
    },
  },
  "GET /api/agent/stream": {
    operationId: "streamAgentState",
    summary: "The user's state and offers as server-sent events",
    description: "An `event: state` after every change, and an `event: offer` when one rings.",
    responses: {
      200: {
        description: "A text/event-stream of `state` and `offer` events.",
        content: { "text/event-stream": { schema: { type: "string" } } },
      },
      ...problems(401, userOnly, 429),
    },
  },
};
