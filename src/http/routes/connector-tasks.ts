/** The connector's Update task: customer, context parameters and preferred users. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { licenceHasTriggers, reachesService } from "../../domain/access.ts";
import { DomainError } from "../../domain/errors.ts";
import { checkPreferredUsers, operationAllowed, operationUser } from "../connector-access.ts";
import { TaskInformationBody } from "../connector-schemas.ts";
import { TaskIdParams } from "../schemas.ts";
import type { RouteDeps } from "./deps.ts";

/** A preferred user named without a priority comes after those with one. */
const lowestPreference = 99;

export const connectorTaskRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine },
) => {
  app.put(
    "/v1/tasks/:taskId",
    {
      schema: { params: TaskIdParams, body: TaskInformationBody },
      ...operationAllowed("UpdateTask"),
    },
    async (request) => {
      const user = operationUser(request.caller, "UpdateTask");
      const { tenantId } = request.caller;
      const { taskId } = request.params;
      const state = engine.state(tenantId);
      const task = state?.tasks.get(taskId);
      const service = task && state?.directory.servicesById.get(task.serviceId);
      if (!state || !service || !reachesService(state.directory, user, "UpdateTask", service)) {
        throw DomainError.notFound("taskId", `no task ${taskId} in progress that you may update`);
      }
      if (!licenceHasTriggers(service)) {
        throw new DomainError(
          "forbidden",
          `service ${service.upn} is licensed for ${service.licence}; flow actions need Enterprise Routing or Contact Center`,
          "taskId",
        );
      }
      const { customer, customContextParameters, preferredUsers } = request.body;
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
              preferredUsers: preferredUsers.map(({ upn, priority }) => ({
                upn,
                priority: priority ?? lowestPreference,
              })),
            }),
      });
      return {
        taskId,
        taskInformation: engine.state(tenantId)?.tasks.get(taskId)?.data.taskInformation,
      };
    },
  );
};
