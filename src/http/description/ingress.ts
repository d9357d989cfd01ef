/** The ingress API: inbound calls, chats and emails, and what a gateway reports of a task. */
import { Type } from "typebox";
import { type Descriptions, empty, json, problems } from "./operation.ts";
import { TaskText } from "./views.ts";

const created = (what: string) =>
  json(
    `Cirrus took the ${what} in as a task; its workflow has started.`,
    Type.Object({ taskId: Type.String() }),
  );

/** A new contact: no service at that address or modality is 422. */
const inbound = problems(
  400,
  401,
  403,
  413,
  415,
  [422, "No service takes this modality at `to`."],
  503,
);

export const ingressDescriptions: Descriptions = {
  "POST /api/ingress/calls": {
    operationId: "receiveCall",
    summary: "Take in an inbound call",
    description: "The telephony gateway reports a call to a service's number.",
    responses: { 201: created("call"), ...inbound },
  },
  "POST /api/ingress/chats": {
    operationId: "receiveChat",
    summary: "Take in an inbound chat",
    description: "The chat gateway reports a new conversation with its first message.",
    responses: { 201: created("chat"), ...inbound },
  },
  "POST /api/ingress/emails": {
    operationId: "receiveEmail",
    summary: "Take in an inbound email",
    responses: { 201: created("email"), ...inbound },
  },
  "POST /api/ingress/tasks/:taskId/input": {
    operationId: "sendCustomerInput",
    summary: "Pass the customer's digits or chat message to a task",
    responses: {
      202: json(
        "The input was handed to the task.",
        Type.Object({ taskId: Type.String(), accepted: Type.Literal(true) }),
      ),
      ...problems(
        400,
        401,
        403,
        404,
        [409, "The task is not waiting for this input."],
        413,
        415,
        503,
      ),
    },
  },
  "GET /api/ingress/tasks/:taskId/prompts": {
    operationId: "listTaskPrompts",
    summary: "What the workflow said to the customer, oldest first",
    responses: {
      200: json("The prompts.", Type.Object({ prompts: Type.Array(TaskText) })),
      ...problems(400, 401, 403, 404),
    },
  },
  "POST /api/ingress/tasks/:taskId/hangup": {
    operationId: "hangUpTask",
    summary: "The customer hung up or left",
    responses: {
      204: empty("The task ends."),
      ...problems(400, 401, 403, [404, "No live task with this id."], 503),
    },
  },
  "POST /api/ingress/tasks/:taskId/destination": {
    operationId: "reportDestination",
    summary: "Report what came of dialling an outbound call's destination",
    responses: {
      200: json(
        "The outcome is recorded.",
        Type.Object({ taskId: Type.String(), event: Type.String() }),
      ),
      ...problems(
        400,
        401,
        403,
        404,
        [409, "The task is no outbound call taken by a user."],
        413,
        415,
        503,
      ),
    },
  },
  "POST /api/ingress/tasks/:taskId/transcript": {
    operationId: "addTranscript",
    summary: "Add lines of a call's transcription for the virtual assistant",
    responses: {
      202: json(
        "The lines are recorded.",
        Type.Object({ taskId: Type.String(), accepted: Type.Integer() }),
      ),
      ...problems(400, 401, 403, 404, [409, "The task is not transcribed."], 413, 415, 503),
    },
  },
};
