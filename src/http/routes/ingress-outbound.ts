/**
 * The gateway's side of outbound calls: once a user took an outbound task, the gateway dials
 * its destination and reports what came of it. Answered, the scheduler entry is handled and
 * the call goes on; busy, no answer or failed, the task ends and the entry tries again while
 * it has attempts left.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { requireGateway } from "../auth.ts";
import { DestinationBody } from "../outbound-schemas.ts";
import { TaskIdParams } from "../schemas.ts";
import type { RouteDeps } from "./deps.ts";

export const ingressOutboundRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
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
};
