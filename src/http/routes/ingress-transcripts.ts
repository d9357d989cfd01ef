/**
 * The gateway's transcription of a call for the virtual user assistant: lines of speech
 * turned to text, posted while the call goes on. Chats need none: their messages are kept
 * as they arrive.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { transcriptSpeakers } from "../../domain/events.ts";
import { requireGateway } from "../auth.ts";
import { text } from "../connector-schemas.ts";
import { TaskIdParams } from "../schemas.ts";
import type { RouteDeps } from "./deps.ts";

const TranscriptBody = Type.Object(
  {
    segments: Type.Array(
      Type.Object(
        {
          speaker: Type.Union(transcriptSpeakers.map((s) => Type.Literal(s))),
          text: Type.Intersect([text(4_000), Type.String({ minLength: 1 })]),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

export const ingressTranscriptRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine },
) => {
  app.addHook("preHandler", async (request) => {
    requireGateway(request.caller);
  });

  app.post(
    "/tasks/:taskId/transcript",
    { schema: { params: TaskIdParams, body: TranscriptBody } },
    async (request, reply) => {
      const { taskId } = request.params;
      await engine.execute(request.caller.tenantId, {
        kind: "AddTranscript",
        taskId,
        lines: request.body.segments,
      });
      return reply.code(202).send({ taskId, accepted: request.body.segments.length });
    },
  );
};
