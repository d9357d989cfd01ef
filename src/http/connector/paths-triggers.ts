/**
 * The webhook triggers: a flow registers a callback URL with filters, Cirrus posts every
 * matching trigger event to it, and the flow removes the registration when it is turned off.
 */
import {
  type DynamicValues,
  failures,
  type Operation,
  type Parameter,
  type Paths,
  pathParameter,
  ref,
  type Schema,
} from "./openapi.ts";

/** A multi-select filter of the trigger, filled from a lookup operation. */
export function choice(
  title: string,
  description: string,
  values: DynamicValues,
  options: { important?: boolean; atLeastOne?: boolean } = {},
): Schema {
  const item: Schema = {
    type: "string",
    description,
    title,
    "x-ms-dynamic-values": values,
    ...(options.important ? { "x-ms-visibility": "important" } : {}),
  };
  return {
    type: "array",
    description,
    title,
    items: item,
    ...(options.atLeastOne ? { minItems: 1 } : {}),
  };
}

const byName = (operationId: string): DynamicValues => ({
  operationId,
  "value-path": "value",
  "value-title": "name",
});

const callbackUrl: Schema = {
  type: "string",
  description: "Where Cirrus posts the events; Power Automate fills it in.",
  title: "CallbackUrl",
  "x-ms-notification-url": true,
  "x-ms-visibility": "internal",
};

/**
 * The body of a trigger registration: `{ config: { url, services, <events>, ... } }`;
 * `events` names its required event filter, null for a trigger without one.
 */
export function registration(
  name: string,
  events: string | null,
  filters: Record<string, Schema>,
): readonly Parameter[] {
  return [
    {
      name,
      in: "body",
      description: "What the flow subscribes to and where Cirrus delivers it.",
      required: true,
      schema: {
        type: "object",
        required: ["config"],
        properties: {
          config: {
            description: "The subscription: callback URL and filters.",
            type: "object",
            required: events === null ? ["url", "services"] : ["url", "services", events],
            properties: { ...filters, url: callbackUrl },
          },
        },
        additionalProperties: false,
      },
    },
  ];
}

export const deleteTrigger = (operationId: string, what: string): Operation => ({
  operationId,
  summary: "Deletes a trigger",
  description: `Removes a ${what} subscription; Cirrus stops posting to its callback URL.`,
  "x-ms-visibility": "internal",
  parameters: [
    pathParameter("triggerId", { description: "The id Cirrus returned when registering." }),
  ],
  responses: {
    204: { description: "The subscription is gone." },
    ...failures(401, 403, 500, 504),
  },
});

export const triggerPaths: Paths = {
  "/v1/triggers/scheduler-entries": {
    "x-ms-notification-content": {
      description: "The scheduler entry whose state changed.",
      schema: ref("SchedulerEntryEventData"),
    },
    post: {
      tags: ["Hooks"],
      summary: "When a scheduler entry changes state",
      description: "Runs the flow each time a scheduler entry of the chosen services changes.",
      operationId: "RegisterSchedulerEntryTrigger",
      "x-ms-trigger": "single",
      parameters: registration("Request body of the trigger", "schedulerEntryEvents", {
        schedulerEntryEvents: choice(
          "Scheduler Entry Events",
          "The scheduler entry events that run the flow.",
          byName("GetSchedulerEntriesEvents"),
          { important: true },
        ),
        services: choice(
          "Services",
          "UPNs of the services whose scheduler entries are watched.",
          { operationId: "GetSchedulerEntryServices" },
          { important: true, atLeastOne: true },
        ),
      }),
      responses: {
        201: { description: "Cirrus registered the subscription." },
        ...failures(401, 403, 500, 504),
      },
    },
  },
  "/v1/triggers/tasks": {
    "x-ms-notification-content": {
      description: "The task event Cirrus recorded.",
      schema: ref("TaskEventData"),
    },
    post: {
      tags: ["Hooks"],
      summary: "When a task changes state",
      description: "Runs the flow for each trigger event of a task that passes the filters.",
      operationId: "RegisterTaskWebHook",
      "x-ms-trigger": "single",
      parameters: registration("Request body of trigger", "taskEvents", {
        taskEvents: choice(
          "Task Events",
          "The task events that run the flow.",
          byName("GetTaskEvents"),
          { important: true },
        ),
        services: choice(
          "Services",
          "UPNs of the services whose tasks are watched.",
          { operationId: "GetServices" },
          { important: true, atLeastOne: true },
        ),
        modalities: choice(
          "Modalities",
          "Only tasks that started in one of these modalities; all when empty.",
          byName("GetTaskModalities"),
        ),
        directions: choice(
          "Directions",
          "Only tasks of these directions; all when empty.",
          byName("GetTaskDirections"),
        ),
      }),
      responses: {
        201: { description: "Cirrus registered the subscription." },
        ...failures(400, 401, 403, 500, 504),
      },
    },
  },
  "/v1/triggers/tasks/{triggerId}": {
    delete: deleteTrigger("DeleteTaskEventsTrigger", "task event"),
  },
  "/v1/triggers/scheduler-entries/{triggerId}": {
    delete: deleteTrigger("DeleteSchedulerEntriesTrigger", "scheduler entry"),
  },
};
