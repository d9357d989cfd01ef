/** The ingress API, as a telephony, chat or email gateway calls it. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { InboundContact } from "../../domain/commands.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Modality } from "../../domain/model.ts";
import { requireGateway } from "../auth.ts";
import { matchCaller } from "../caller-match.ts";
import {
  CallBody,
  ChatBody,
  EmailBody,
  InputBody,
  MessagesQuery,
  TaskIdParams,
} from "../schemas.ts";
import { taskTexts } from "../task-texts.ts";
import type { RouteDeps } from "./deps.ts";

export const ingressRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine, store },
) => {
  app.addHook("preHandler", async (request) => requireGateway(request.caller));

  const taskExists = async (tenantId: string, taskId: string) =>
    engine.state(tenantId)?.tasks.has(taskId) ||
    (await store.readEvents({ tenantId, taskId, after: 0, limit: 1 })).length > 0;

  /**
   * The caller is looked up in the address books first (one indexed query) and the domain is
   * told whom it found. Identifying is a courtesy: when the lookup fails the task comes in
   * unidentified rather than not at all.
   */
  const identify = async (request: FastifyRequest, to: string, from: string) => {
    const { tenantId } = request.caller;
    try {
      return await matchCaller(store, engine.requireState(tenantId).directory, tenantId, to, from);
    } catch (err) {
      request.log.warn({ err }, "caller lookup in the address books failed");
      return undefined;
    }
  };

  // Commands are built field by field: nothing a client adds to a body reaches the engine.
  const receive = async (request: FastifyRequest, modality: Modality, contact: InboundContact) => {
    const customer = await identify(request, contact.to, contact.from);
    return engine.execute(request.caller.tenantId, {
      kind: "ReceiveInbound",
      modality,
      ...contact,
      ...(customer === undefined ? {} : { customer }),
    });
  };

  app.post("/calls", { schema: { body: CallBody } }, async (request, reply) => {
    const { to, from } = request.body;
    const result = await receive(request, "Audio", { to, from });
    return reply.code(201).send(result);
  });

  app.post("/chats", { schema: { body: ChatBody } }, async (request, reply) => {
    const { to, from, message } = request.body;
    const result = await receive(request, "InstantMessaging", {
      to,
      from,
      message,
    });
    return reply.code(201).send(result);
  });

  app.post("/emails", { schema: { body: EmailBody } }, async (request, reply) => {
    const { to, from, subject, body } = request.body;
    const result = await receive(request, "Email", { to, from, subject, body });
    return reply.code(201).send(result);
  });

  // Feeds the Input Customer a task waits at; a chat message otherwise goes to the agent.
  app.post(
    "/tasks/:taskId/input",
    { schema: { params: TaskIdParams, body: InputBody } },
    async (request, reply) => {
      const { digits, message } = request.body;
      if ((digits === undefined) === (message === undefined)) {
        throw DomainError.badRequest(
          digits === undefined ? "digits" : "message",
          "give either digits or a message",
        );
      }
      await engine.execute(request.caller.tenantId, {
        kind: "CustomerInput",
        taskId: request.params.taskId,
        ...(digits === undefined ? {} : { digits }),
        ...(message === undefined ? {} : { message }),
      });
      return reply.code(202).send({ taskId: request.params.taskId, accepted: true });
    },
  );

  // What the workflow said to the customer, for the gateway to play or show, oldest first.
  app.get(
    "/tasks/:taskId/prompts",
    { schema: { params: TaskIdParams, querystring: MessagesQuery } },
    async (request) => {
      const { tenantId } = request.caller;
      const { taskId } = request.params;
      const prompts = await taskTexts(store, tenantId, taskId, "WorkflowSaid", request.query);
      if (prompts.length === 0 && !(await taskExists(tenantId, taskId))) {
        throw DomainError.notFound("taskId", `no task ${taskId}`);
      }
      return { prompts };
    },
  );

  app.post(
    "/tasks/:taskId/hangup",
    { schema: { params: TaskIdParams } },
    async (request, reply) => {
      await engine.execute(request.caller.tenantId, {
        kind: "Hangup",
        taskId: request.params.taskId,
      });
      return reply.code(204).send();
    },
  );
};
