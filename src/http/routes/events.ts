/** The event log and single tasks, as the tenant's administrators read them. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { DomainError } from "../../domain/errors.ts";
import {
  assistantEventTypes,
  internalEventTypes,
  schedulerEntryEventTypes,
  taskEventTypes,
} from "../../domain/events.ts";
import type { StoredEvent } from "../../store/port.ts";
import { requireAdmin } from "../auth.ts";
import { isoOrNull } from "../iso-time.ts";
import { EventsQuery, TaskIdParams } from "../schemas.ts";
import type { RouteDeps } from "./deps.ts";

/** What flows can be triggered by: tasks', scheduler entries' and the assistant's events. */
const triggerTypes = [...taskEventTypes, ...schedulerEntryEventTypes, ...assistantEventTypes];
const allTypes = [...triggerTypes, ...internalEventTypes];

export function eventView(event: StoredEvent) {
  return {
    seq: event.seq,
    type: event.type,
    at: new Date(event.at).toISOString(),
    taskId: event.taskId,
    data: event.data,
  };
}

export const eventRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { engine, store }) => {
  app.addHook("preHandler", async (request) => {
    requireAdmin(request.caller);
  });

  app.get("/events", { schema: { querystring: EventsQuery } }, async (request) => {
    const { after = 0, limit = 100, taskId, include = "trigger" } = request.query;
    const events = await store.readEvents({
      tenantId: request.caller.tenantId,
      after,
      limit,
      types: include === "all" ? allTypes : triggerTypes,
      ...(taskId === undefined ? {} : { taskId }),
    });
    return { events: events.map(eventView), lastSeq: events.at(-1)?.seq ?? after };
  });

  app.get("/tasks/:taskId", { schema: { params: TaskIdParams } }, async (request) => {
    const { taskId } = request.params;
    const live = engine.state(request.caller.tenantId)?.tasks.get(taskId);
    if (live) {
      // Where the task is in its workflow, and what it waits for there.
      const workflow = {
        id: live.workflow,
        node: live.node,
        waitingFor: live.wait?.wait.kind ?? null,
        until: isoOrNull(live.wait?.until),
      };
      const position = engine.state(request.caller.tenantId)?.queues.get(live.serviceId);
      return {
        taskId,
        status: live.status,
        offerIds: live.offers,
        queuePosition: live.status === "queued" ? (position?.indexOf(taskId) ?? -1) + 1 : null,
        workflow,
        task: live.data,
      };
    }
    const history = await store.readEvents({
      tenantId: request.caller.tenantId,
      taskId,
      after: 0,
      limit: 10_000,
      types: taskEventTypes,
    });
    const last = history.at(-1);
    if (!last) throw DomainError.notFound("taskId", `no task ${taskId}`);
    return { taskId, status: "terminated", offerIds: [], queuePosition: null, task: last.data };
  });
};
