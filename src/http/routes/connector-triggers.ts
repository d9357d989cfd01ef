/**
 * The connector's trigger registrations: "When a task changes state", "When a scheduler
 * entry changes state" and "When the virtual user assistant has an update", as the flow
 * service registers and deletes them.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { refuseUrl, resolvesInternally } from "../../delivery/address-guard.ts";
import { reachesService } from "../../domain/access.ts";
import { DomainError } from "../../domain/errors.ts";
import {
  assistantEventTypes,
  schedulerEntryEventTypes,
  taskEventTypes,
} from "../../domain/events.ts";
import { holdsRole } from "../../domain/model.ts";
import {
  registerOperation,
  type SubscriptionFilter,
  type SubscriptionKind,
  subscriptionKinds,
} from "../../store/subscription-records.ts";
import { operationAllowed, operationUser } from "../connector-access.ts";
import {
  AssistantTriggerBody,
  SchedulerTriggerBody,
  TaskTriggerBody,
  TriggerIdParams,
} from "../connector-schemas.ts";
import { publicBase } from "../public-base.ts";
import { checkTrigger, type TriggerRequest } from "../trigger-validation.ts";
import type { RouteDeps } from "./deps.ts";

const pathOf: Readonly<Record<SubscriptionKind, string>> = {
  task: "/v1/triggers/tasks",
  scheduler: "/v1/triggers/scheduler-entries",
  assistant: "/v1/triggers/assistant",
};

const deleteOperation: Readonly<Record<SubscriptionKind, string>> = {
  task: "DeleteTaskEventsTrigger",
  scheduler: "DeleteSchedulerEntriesTrigger",
  assistant: "DeleteAssistantTrigger",
};

export const connectorTriggerRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { engine, dispatcher, config } = deps;

  async function register(
    request: FastifyRequest,
    kind: SubscriptionKind,
    url: string,
    trigger: TriggerRequest,
  ) {
    const owner = operationUser(request.caller, registerOperation[kind]);
    const refused = refuseUrl(url, config.allowPrivateWebhooks);
    if (refused) throw DomainError.badRequest("config.url", `the callback URL ${refused}`);
    const host = new URL(url).hostname;
    if (!config.allowPrivateWebhooks && (await resolvesInternally(host))) {
      throw DomainError.badRequest(
        "config.url",
        `the callback URL's host ${host} resolves to a loopback or private address`,
      );
    }
    const { directory } = engine.requireState(request.caller.tenantId);
    const filter: SubscriptionFilter = checkTrigger(directory, owner, trigger);
    const record = await dispatcher.register({
      tenantId: request.caller.tenantId,
      kind,
      ownerUserId: owner.id,
      url,
      filter,
    });
    return {
      location: `${publicBase(request, config)}${pathOf[kind]}/${encodeURIComponent(record.id)}`,
      body: { id: record.id, secret: record.secret, status: record.status, filter },
    };
  }

  app.post(
    "/v1/triggers/tasks",
    { schema: { body: TaskTriggerBody }, ...operationAllowed(registerOperation.task) },
    async (request, reply) => {
      const { config: trigger } = request.body;
      const created = await register(request, "task", trigger.url, {
        operationId: registerOperation.task,
        services: trigger.services,
        events: trigger.taskEvents,
        eventsField: "config.taskEvents",
        knownEvents: new Set(taskEventTypes),
        modalities: trigger.modalities,
        directions: trigger.directions,
      });
      return reply.code(201).header("location", created.location).send(created.body);
    },
  );

  app.post(
    "/v1/triggers/scheduler-entries",
    { schema: { body: SchedulerTriggerBody }, ...operationAllowed(registerOperation.scheduler) },
    async (request, reply) => {
      const { config: trigger } = request.body;
      const created = await register(request, "scheduler", trigger.url, {
        operationId: registerOperation.scheduler,
        services: trigger.services,
        events: trigger.schedulerEntryEvents,
        eventsField: "config.schedulerEntryEvents",
        knownEvents: new Set(schedulerEntryEventTypes),
      });
      return reply.code(201).header("location", created.location).send(created.body);
    },
  );

  app.post(
    "/v1/triggers/assistant",
    { schema: { body: AssistantTriggerBody }, ...operationAllowed(registerOperation.assistant) },
    async (request, reply) => {
      const user = operationUser(request.caller, registerOperation.assistant);
      const { config: trigger } = request.body;
      // A service without the assistant would never fire the flow: say so now, for the
      // services the caller reaches (the others are reported as unknown when registering).
      const { directory } = engine.requireState(request.caller.tenantId);
      trigger.services.forEach((upn, at) => {
        const service = directory.findService(upn);
        const reached =
          service && reachesService(directory, user, registerOperation.assistant, service);
        if (service && reached && !service.virtualAssistant) {
          throw DomainError.badRequest(
            `config.services[${at}]`,
            `service ${service.upn} has no virtual user assistant switched on`,
          );
        }
      });
      const created = await register(request, "assistant", trigger.url, {
        operationId: registerOperation.assistant,
        services: trigger.services,
        events: [],
        eventsField: "config",
        knownEvents: new Set(assistantEventTypes),
      });
      return reply.code(201).header("location", created.location).send(created.body);
    },
  );

  for (const kind of subscriptionKinds) {
    app.delete(
      `${pathOf[kind]}/:triggerId`,
      { schema: { params: TriggerIdParams }, ...operationAllowed(deleteOperation[kind]) },
      async (request, reply) => {
        const user = operationUser(request.caller, deleteOperation[kind]);
        const consumer = dispatcher.get(request.params.triggerId);
        const record = consumer?.record;
        // Another tenant's, another kind's or another owner's subscription does not exist
        // for this caller: answered alike, so that a caller cannot tell which ids exist.
        const mayDelete =
          record?.tenantId === request.caller.tenantId &&
          record.kind === kind &&
          (record.ownerUserId === user.id || holdsRole(user, "TenantAdmin"));
        if (!record || !mayDelete) {
          throw DomainError.notFound("triggerId", `no trigger ${request.params.triggerId}`);
        }
        await dispatcher.remove(record.id);
        return reply.code(204).send();
      },
    );
  }
};
