/**
 * The connector's external tasks: tasks of an outside system (a ticket, a case) distributed
 * like any other, and the lookups their actions use.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { reachesService } from "../../domain/access.ts";
import {
  checkPreferredUsers,
  operationAllowed,
  operationUser,
  rankedPreferredUsers,
} from "../connector-access.ts";
import { customerOf, withValues } from "../connector-schemas.ts";
import { checkParameterNames, usableService, usableServices } from "../connector-services.ts";
import { ExternalTaskBody, ExternalTaskParams } from "../outbound-schemas.ts";
import { priorityValues } from "./connector-scheduler.ts";
import type { RouteDeps } from "./deps.ts";

export const connectorExternalTaskRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine, clock },
) => {
  app.get("/v1/ExternalTasks/service-contacts", async (request) => {
    const user = operationUser(request.caller, "GetExternalTasksServices");
    const { directory } = engine.requireState(request.caller.tenantId);
    return usableServices(directory, user, "GetExternalTasksServices", "ExternalTask").map(
      (s) => s.upn,
    );
  });

  app.get("/v1/ExternalTasks/distribution-priorities", async (request) => {
    operationUser(request.caller, "GetExternalTasksDistributionPriorities");
    return priorityValues;
  });

  app.post(
    "/v1/ExternalTasks",
    { schema: { body: ExternalTaskBody }, ...operationAllowed("AddExternalTask") },
    async (request) => {
      const user = operationUser(request.caller, "AddExternalTask");
      const { tenantId } = request.caller;
      const { directory } = engine.requireState(tenantId);
      const body = request.body;
      const service = usableService(
        directory,
        user,
        "AddExternalTask",
        body.serviceUpn,
        "ExternalTask",
        "serviceUpn",
      );
      checkPreferredUsers(directory, user, body.preferredUsers);
      checkParameterNames(body.customContextParameters, "customContextParameters");
      const reply = await engine.execute(tenantId, {
        kind: "AddExternalTask",
        serviceId: service.id,
        ...(body.customerIdentifier === undefined
          ? {}
          : { customerIdentifier: body.customerIdentifier }),
        ...(body.customer === undefined ? {} : { customer: customerOf(body.customer) }),
        ...(body.customContextParameters === undefined
          ? {}
          : { parameters: withValues(body.customContextParameters) }),
        ...(body.distributionPriority === undefined ? {} : { priority: body.distributionPriority }),
        ...(body.preferredUsers === undefined
          ? {}
          : {
              preferredUsers: rankedPreferredUsers(body.preferredUsers),
            }),
      });
      if (!("taskId" in reply)) throw new Error("the engine answered no task id");
      const identifier = body.customerIdentifier?.trim() ?? "";
      return {
        id: reply.taskId,
        modality: "ExternalTask",
        created: new Date(clock.now()).toISOString(),
        type: "ExternalTask",
        isAnonymous: identifier === "",
        serviceId: service.id,
        serviceName: service.name,
        serviceDescription: service.description,
        serviceDisplayName: service.displayName,
        serviceUPN: service.upn,
        serviceTelNumber: service.telNumber,
        preferredUsers: body.preferredUsers ?? [],
      };
    },
  );

  app.delete(
    "/v1/ExternalTasks/:externalTaskId",
    { schema: { params: ExternalTaskParams }, ...operationAllowed("RemoveExternalTask") },
    async (request, reply) => {
      const user = operationUser(request.caller, "RemoveExternalTask");
      const { tenantId } = request.caller;
      const { externalTaskId } = request.params;
      const state = engine.requireState(tenantId);
      const task = state.tasks.get(externalTaskId);
      const service = task && state.directory.servicesById.get(task.serviceId);
      // Removal is idempotent, as a flow expects from the reference (it declares only 200):
      // a task already gone, never known or out of reach is not there to remove, alike.
      if (
        task?.data.modality !== "ExternalTask" ||
        !service ||
        !reachesService(state.directory, user, "RemoveExternalTask", service)
      ) {
        return reply.code(200).send();
      }
      await engine.execute(tenantId, { kind: "RemoveExternalTask", taskId: externalTaskId });
      return reply.code(200).send();
    },
  );
};
