/** The connector's Update task: customer, context parameters and preferred users. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { reachesService } from "../../domain/access.ts";
import { DomainError } from "../../domain/errors.ts";
import { checkPreferredUsers, operationUser, rankedPreferredUsers } from "../connector-access.ts";
import { customerOf, TaskInformationBody, withValues } from "../connector-schemas.ts";
import { requireFlowLicence } from "../connector-services.ts";
import { TaskIdParams } from "../schemas.ts";
import type { RouteDeps } from "./deps.ts";

export const connectorTaskRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine },
) => {
  app.put(
    "/v1/tasks/:taskId",
    {
      schema: { params: TaskIdParams, body: TaskInformationBody },
      preValidation: async (request) => {
        operationUser(request.caller, "UpdateTask");
        // The body is optional in the reference: none at all changes nothing.
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const user = operationUser(request.caller, "UpdateTask");
      const { tenantId } = request.caller;
      const { taskId } = request.params;
      const state = engine.state(tenantId);
      const task = state?.tasks.get(taskId);
      const service = task && state?.directory.servicesById.get(task.serviceId);
      if (!state || !service || !reachesService(state.directory, user, "UpdateTask", service)) {
        throw DomainError.notFound("taskId", `no task ${taskId} in progress that you may update`);
      }
      requireFlowLicence(service, "taskId", "flow actions");
      const { preferredUsers } = request.body;
      const customer = request.body.customer && customerOf(request.body.customer);
      const customContextParameters = withValues(request.body.customContextParameters);
      // A team owner routes only to users below them, as the users lookup offers.
      checkPreferredUsers(state.directory, user, preferredUsers);
      await engine.execute(tenantId, {
        kind: "UpdateTask",
        taskId,
        ...(customer === undefined ? {} : { customer }),
        ...(customContextParameters === undefined ? {} : { parameters: customContextParameters }),
        ...(preferredUsers === undefined
          ? {}
          : {
              preferredUsers: rankedPreferredUsers(preferredUsers),
            }),
      });
      // The reference declares no body for the answer.
      return reply.code(200).send();
    },
  );
};
