/** The ingress API, as a telephony, chat or email gateway calls it. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { InboundContact } from "../../domain/commands.ts";
import type { Modality } from "../../domain/model.ts";
import { requireGateway } from "../auth.ts";
import { CallBody, ChatBody, EmailBody, TaskIdParams } from "../schemas.ts";
import type { RouteDeps } from "./deps.ts";

export const ingressRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { engine }) => {
  app.addHook("preHandler", async (request) => requireGateway(request.caller));

  // Commands are built field by field: nothing a client adds to a body reaches the engine.
  const receive = (tenantId: string, modality: Modality, contact: InboundContact) =>
    engine.execute(tenantId, { kind: "ReceiveInbound", modality, ...contact });

  app.post("/calls", { schema: { body: CallBody } }, async (request, reply) => {
    const { to, from } = request.body;
    const result = await receive(request.caller.tenantId, "Audio", { to, from });
    return reply.code(201).send(result);
  });

  app.post("/chats", { schema: { body: ChatBody } }, async (request, reply) => {
    const { to, from, message } = request.body;
    const result = await receive(request.caller.tenantId, "InstantMessaging", {
      to,
      from,
      message,
    });
    return reply.code(201).send(result);
  });

  app.post("/emails", { schema: { body: EmailBody } }, async (request, reply) => {
    const { to, from, subject, body } = request.body;
    const result = await receive(request.caller.tenantId, "Email", { to, from, subject, body });
    return reply.code(201).send(result);
  });

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
