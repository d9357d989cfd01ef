/**
 * The connector's lookups (the pickers a flow author sees) and its connection test. Lists
 * are `{name, value}` pairs where the definition says so: name for people, value for the API.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { licenceHasTriggers, reachesService, reachesUnit } from "../../domain/access.ts";
import {
  schedulerEntryEventCatalogue,
  schedulerEntryEventTypes,
  taskEventCatalogue,
  taskEventTypes,
} from "../../domain/events.ts";
import { directions, type Modality, modalities } from "../../domain/model.ts";
import { operationUser } from "../connector-access.ts";
import type { RouteDeps } from "./deps.ts";

const modalityNames: Readonly<Record<Modality, string>> = {
  Audio: "Audio",
  InstantMessaging: "Instant Messaging",
  Email: "Email",
  ExternalTask: "External Task",
};

export const connectorLookupRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine },
) => {
  const scope = (tenantId: string) => engine.requireState(tenantId).directory;

  app.get("/v1/tasks/service-contacts", async (request) => {
    const user = operationUser(request.caller, "GetServices");
    const index = scope(request.caller.tenantId);
    return index.directory.services
      .filter((s) => licenceHasTriggers(s) && reachesService(index, user, "GetServices", s))
      .map((s) => s.upn);
  });

  app.get("/v1/tasks/events", async (request) => {
    operationUser(request.caller, "GetTaskEvents");
    return taskEventTypes.map((value) => ({ name: taskEventCatalogue[value].name, value }));
  });

  app.get("/v1/scheduler-entries/events", async (request) => {
    operationUser(request.caller, "GetSchedulerEntriesEvents");
    return schedulerEntryEventTypes.map((value) => ({
      name: schedulerEntryEventCatalogue[value].name,
      value,
    }));
  });

  app.get("/v1/tasks/modalities", async (request) => {
    operationUser(request.caller, "GetTaskModalities");
    return modalities.map((value) => ({ name: modalityNames[value], value }));
  });

  app.get("/v1/tasks/directions", async (request) => {
    operationUser(request.caller, "GetTaskDirections");
    return directions.map((value) => ({ name: value, value }));
  });

  app.get("/v1/tasks/users-for-preferred-routing", async (request) => {
    const user = operationUser(request.caller, "GetUsersForPreferredRouting");
    const index = scope(request.caller.tenantId);
    return index.directory.users
      .filter((u) => reachesUnit(index, user, "GetUsersForPreferredRouting", u.orgUnitId))
      .map((u) => u.upn);
  });

  // The reference declares no body for the answer: a good token is told by the status alone.
  app.get("/v1/diagnostics/testconnection", async (request, reply) => {
    operationUser(request.caller, "TestConnection");
    return reply.code(200).send();
  });
};
