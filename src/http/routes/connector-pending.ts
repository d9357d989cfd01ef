/**
 * Operations of the certified connector that Cirrus does not carry out yet: they exist, so a
 * flow imports and validates, and answer 501 with a problem saying so.
 */
import type { FastifyPluginAsync } from "fastify";
import { operationUser } from "../connector-access.ts";
import { problem } from "../problem.ts";

const pending: readonly (readonly ["GET" | "POST" | "PUT" | "DELETE", string, string])[] = [
  ["GET", "/v1/scheduler-entries/service-contacts", "GetSchedulerEntryServices"],
  ["GET", "/v1/scheduler-entries/distribution-priorities", "GetDistributionPriorities"],
  ["GET", "/v1/scheduler-entries", "GetSchedulerEntries"],
  ["POST", "/v1/scheduler-entries", "CreateSchedulerEntry"],
  ["DELETE", "/v1/scheduler-entries/:SchedulerEntryID", "DeleteSchedulerEntry"],
  ["PUT", "/v1/scheduler-entries/:SchedulerEntryID", "UpdateSchedulerEntry"],
  ["GET", "/v1/ExternalTasks/service-contacts", "GetExternalTasksServices"],
  ["GET", "/v1/ExternalTasks/distribution-priorities", "GetExternalTasksDistributionPriorities"],
  ["POST", "/v1/ExternalTasks", "AddExternalTask"],
  ["DELETE", "/v1/ExternalTasks/:externalTaskId", "RemoveExternalTask"],
  ["GET", "/v2/AddressBooks", "GetAddressBooks"],
  ["GET", "/v2/AddressBooks/:AddressBook/contacts", "GetContacts"],
  ["POST", "/v2/AddressBooks/:AddressBook/contacts", "AddContact"],
  ["PUT", "/v2/AddressBooks/:AddressBook/contacts", "UpdateContact"],
  ["POST", "/v2/AddressBooks/:AddressBook/contacts/delete", "RemoveContacts"],
  ["POST", "/v2/AddressBooks/:AddressBook/contacts/clear", "ClearContacts"],
];

export const pendingOperationIds = pending.map(([, , id]) => id);

export const connectorPendingRoutes: FastifyPluginAsync = async (app) => {
  for (const [method, url, operationId] of pending) {
    app.route({
      method,
      url,
      handler: async (request, reply) => {
        // Who may not execute it is told so, as when it is carried out.
        operationUser(request.caller, operationId);
        return reply
          .code(501)
          .type("application/problem+json")
          .send(
            problem(
              501,
              "not_implemented",
              `${operationId} is not available in this version of Cirrus yet`,
              "path",
            ),
          );
      },
    });
  }
};
