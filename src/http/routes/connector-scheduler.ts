/**
 * The connector's outbound scheduler: scheduler entries (planned outbound calls) and the
 * lookups their actions use. An entry answers as `SchedulerEntryEventData`; one in progress
 * can be neither changed nor removed (409).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Static } from "typebox";
import { reachesService } from "../../domain/access.ts";
import { DomainError } from "../../domain/errors.ts";
import { distributionPriorities, type User } from "../../domain/model.ts";
import type { EntryWrite } from "../../domain/scheduler.ts";
import { type EntryState, entryLimits, entryPayload } from "../../domain/schedulerEntry.ts";
import type { TenantState } from "../../domain/state.ts";
import { operationAllowed, operationUser } from "../connector-access.ts";
import { customerOf, withValues } from "../connector-schemas.ts";
import { checkParameterNames, usableService, usableServices } from "../connector-services.ts";
import {
  SchedulerEntriesQuery,
  SchedulerEntryBody,
  SchedulerEntryParams,
} from "../outbound-schemas.ts";
import type { RouteDeps } from "./deps.ts";

/** A due date further out than this is a mistake more often than a plan. */
const maxDaysAhead = 366;

/** Characters of parameters and customer one entry carries at most. */
const maxCarriedBytes = 16_384;

/** Seconds between a failed attempt and the next, unless the server is told otherwise. */
export const defaultRetryDelaySeconds = 300;

/** The distribution priorities, as the connector's pickers list them. */
export const priorityValues = distributionPriorities.map((value) => ({ name: value, value }));

/** An entry as the connector answers it: the event it stands at, its attempt's task. */
export function entryView(state: TenantState, entry: EntryState) {
  const upn = state.directory.servicesById.get(entry.spec.serviceId)?.upn ?? "";
  const event = entry.status === "InProgress" ? "DueDateReached" : "Scheduled";
  return entryPayload(entry.spec, upn, event, { taskId: entry.taskId });
}

export const connectorSchedulerRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine, clock, config },
) => {
  const retryDelaySeconds = config.schedulerRetrySeconds ?? defaultRetryDelaySeconds;

  /** The entry a request writes, checked as a flow author needs it explained. */
  function entryOf(
    state: TenantState,
    user: User,
    operationId: string,
    body: Static<typeof SchedulerEntryBody>,
  ): EntryWrite {
    // Update scheduler entry declares no 403: a service out of reach is a bad request there.
    const service = usableService(
      state.directory,
      user,
      operationId,
      body.serviceUpn,
      "Audio",
      "serviceUpn",
      operationId === "UpdateSchedulerEntry" ? "badRequest" : "forbidden",
    );
    const dueAt = Date.parse(body.dueDateTimeUtc);
    if (!Number.isFinite(dueAt)) {
      throw DomainError.badRequest("dueDateTimeUtc", `${body.dueDateTimeUtc} is no date and time`);
    }
    if (dueAt < clock.now() - 86_400_000) {
      throw DomainError.badRequest(
        "dueDateTimeUtc",
        "a due date more than a day in the past is a mistake; a past one is due at once",
      );
    }
    if (dueAt > clock.now() + maxDaysAhead * 86_400_000) {
      throw DomainError.badRequest(
        "dueDateTimeUtc",
        `a due date may be at most ${maxDaysAhead} days ahead`,
      );
    }
    checkParameterNames(body.customCallContextParameters, "customCallContextParameters");
    // An entry lives in memory until it is done: what it carries is kept small.
    const carried = JSON.stringify([body.customCallContextParameters, body.customer]).length;
    if (carried > maxCarriedBytes) {
      throw DomainError.badRequest(
        "customCallContextParameters",
        `parameters and customer take ${carried} characters; an entry carries at most ${maxCarriedBytes}`,
      );
    }
    return {
      serviceId: service.id,
      ...(body.ReferenceId === undefined ? {} : { referenceId: body.ReferenceId }),
      destination: body.destination.trim(),
      priority: body.distributionPriority ?? "Normal",
      dueAt,
      maxAttempts: body.maxAttempts ?? entryLimits.maxAttempts.default,
      attemptTimeoutSeconds:
        body.attemptTimeoutInSeconds ?? entryLimits.attemptTimeoutInSeconds.default,
      maxQueueSeconds: body.maxQueueTimeInSeconds ?? entryLimits.maxQueueTimeInSeconds.default,
      ronaSeconds: body.ronaTimeoutInSeconds ?? entryLimits.ronaTimeoutInSeconds.default,
      parameters: withValues(body.customCallContextParameters) ?? [],
      ...(body.customer === undefined ? {} : { customer: customerOf(body.customer) }),
      retryDelaySeconds,
      createdBy: user.id,
    };
  }

  /** An entry the caller reaches with the operation; another's does not exist for them. */
  function reachableEntry(state: TenantState, user: User, operationId: string, id: string) {
    const entry = state.entries.get(id);
    const service = entry && state.directory.servicesById.get(entry.spec.serviceId);
    if (!entry || !service || !reachesService(state.directory, user, operationId, service)) {
      throw DomainError.notFound("SchedulerEntryID", `no scheduled entry ${id}`);
    }
    return entry;
  }

  app.get("/v1/scheduler-entries/service-contacts", async (request) => {
    const user = operationUser(request.caller, "GetSchedulerEntryServices");
    const { directory } = engine.requireState(request.caller.tenantId);
    return usableServices(directory, user, "GetSchedulerEntryServices", "Audio").map((s) => s.upn);
  });

  app.get("/v1/scheduler-entries/distribution-priorities", async (request) => {
    operationUser(request.caller, "GetDistributionPriorities");
    return priorityValues;
  });

  app.get(
    "/v1/scheduler-entries",
    { schema: { querystring: SchedulerEntriesQuery }, ...operationAllowed("GetSchedulerEntries") },
    async (request) => {
      const user = operationUser(request.caller, "GetSchedulerEntries");
      const state = engine.requireState(request.caller.tenantId);
      const service = usableService(
        state.directory,
        user,
        "GetSchedulerEntries",
        request.query.serviceUpn,
        "Audio",
        "serviceUpn",
      );
      return [...state.entries.values()]
        .filter((entry) => entry.spec.serviceId === service.id)
        .sort((a, b) => a.spec.dueAt - b.spec.dueAt)
        .map((entry) => entryView(state, entry));
    },
  );

  app.post(
    "/v1/scheduler-entries",
    { schema: { body: SchedulerEntryBody }, ...operationAllowed("CreateSchedulerEntry") },
    async (request) => {
      const user = operationUser(request.caller, "CreateSchedulerEntry");
      const { tenantId } = request.caller;
      const entry = entryOf(
        engine.requireState(tenantId),
        user,
        "CreateSchedulerEntry",
        request.body,
      );
      const reply = await engine.execute(tenantId, { kind: "CreateSchedulerEntry", entry });
      if (!("entryId" in reply)) throw new Error("the scheduler answered no entry id");
      const state = engine.requireState(tenantId);
      const created = state.entries.get(reply.entryId);
      if (!created) throw new Error(`entry ${reply.entryId} is gone`);
      return entryView(state, created);
    },
  );

  app.put(
    "/v1/scheduler-entries/:SchedulerEntryID",
    {
      schema: { params: SchedulerEntryParams, body: SchedulerEntryBody },
      ...operationAllowed("UpdateSchedulerEntry"),
    },
    async (request) => {
      const user = operationUser(request.caller, "UpdateSchedulerEntry");
      const { tenantId } = request.caller;
      const entryId = request.params.SchedulerEntryID;
      const state = engine.requireState(tenantId);
      reachableEntry(state, user, "UpdateSchedulerEntry", entryId);
      const entry = entryOf(state, user, "UpdateSchedulerEntry", request.body);
      await engine.execute(tenantId, { kind: "UpdateSchedulerEntry", entryId, entry });
      const updated = engine.requireState(tenantId).entries.get(entryId);
      if (!updated) throw new Error(`entry ${entryId} is gone`);
      return entryView(engine.requireState(tenantId), updated);
    },
  );

  app.delete(
    "/v1/scheduler-entries/:SchedulerEntryID",
    { schema: { params: SchedulerEntryParams }, ...operationAllowed("DeleteSchedulerEntry") },
    async (request, reply) => {
      const user = operationUser(request.caller, "DeleteSchedulerEntry");
      const { tenantId } = request.caller;
      const entryId = request.params.SchedulerEntryID;
      reachableEntry(engine.requireState(tenantId), user, "DeleteSchedulerEntry", entryId);
      await engine.execute(tenantId, { kind: "RemoveSchedulerEntry", entryId });
      return reply.code(200).send();
    },
  );
};
