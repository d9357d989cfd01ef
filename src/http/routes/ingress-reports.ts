/**
 * What the gateway reports of a task while it goes on:
 * - an outbound call's destination: once a user took the task, the gateway dials and reports
 *   what came of it. Answered, the scheduler entry is handled and the call goes on; busy, no
 *   answer or failed, the task ends and the entry tries again while it has attempts left;
 * - a call's transcription for the virtual user assistant: lines of speech turned to text.
 *   Chats need none: their messages are kept as they arrive.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { transcriptSpeakers } from "../../domain/events.ts";
import { requireGateway } from "../auth.ts";
import { text } from "../connector-schemas.ts";
import { DestinationBody } from "../outbound-schemas.ts";
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

export const ingressReportRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine },
) => {
  app.addHook("preHandler", async (request) => {
    requireGateway(request.caller);
  });

  app.post(
    "/tasks/:taskId/destination",
    { schema: { params: TaskIdParams, body: DestinationBody } },
    async (request) => {
      const { taskId } = request.params;
      await engine.execute(request.caller.tenantId, {
        kind: "ReportDestination",
        taskId,
        outcome: request.body.outcome,
      });
      const task = engine.state(request.caller.tenantId)?.tasks.get(taskId);
      return { taskId, event: task?.data.event ?? "Terminated" };
    },
  );

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
