/** Scheduler entries: outbound calls a flow books with Cirrus for a later time. */
import { failures, type Paths, pathParameter, ref } from "./openapi.ts";

const entryBody = {
  name: "SchedulerEntry",
  in: "body",
  required: true,
  schema: ref("SchedulerEntryWriteData"),
} as const;

export const schedulingPaths: Paths = {
  "/v1/scheduler-entries": {
    get: {
      operationId: "GetSchedulerEntries",
      summary: "List scheduler entries",
      description: "Returns every scheduler entry Cirrus holds for one service.",
      parameters: [
        {
          name: "serviceUpn",
          in: "query",
          description: "UPN of the service whose entries to list.",
          required: true,
          type: "string",
          "x-ms-summary": "Service UPN",
          "x-ms-dynamic-values": { operationId: "GetSchedulerEntryServices" },
          "x-ms-visibility": "important",
        },
      ],
      responses: {
        200: {
          description: "The service's entries.",
          "x-ms-summary": "Scheduler entries",
          schema: {
            type: "array",
            description: "The scheduler entries of the service.",
            "x-ms-summary": "Scheduler entries",
            items: ref("SchedulerEntryEventData"),
          },
        },
        ...failures([403, "The token may not see this service's entries."], 500, 504),
      },
    },
    post: {
      operationId: "CreateSchedulerEntry",
      summary: "Schedule an outbound call",
      description: "Books an outbound call that Cirrus places for a service when it is due.",
      parameters: [entryBody],
      responses: {
        200: {
          description: "Cirrus booked the entry.",
          "x-ms-summary": "Scheduler entry",
          schema: ref("SchedulerEntryEventData"),
        },
        ...failures(401, 403, 500, 504),
      },
    },
  },
  "/v1/scheduler-entries/{SchedulerEntryID}": {
    delete: {
      operationId: "DeleteSchedulerEntry",
      summary: "Remove a scheduler entry",
      description: "Cancels a scheduler entry; only possible before Cirrus has started it.",
      parameters: [
        pathParameter("SchedulerEntryID", {
          description: "Cirrus's id of the entry to cancel.",
          "x-ms-summary": "Scheduler entry ID",
        }),
      ],
      responses: {
        200: { description: "Cirrus cancelled the entry." },
        ...failures(401, 403, 500, 504),
      },
    },
    put: {
      operationId: "UpdateSchedulerEntry",
      summary: "Update a scheduler entry",
      description: "Changes the settings of a booked scheduler entry.",
      parameters: [
        pathParameter("SchedulerEntryID", {
          description: "Cirrus's id of the entry to change.",
          "x-ms-summary": "Scheduler entry ID",
          "x-ms-visibility": "important",
        }),
        entryBody,
      ],
      responses: {
        200: {
          description: "The entry as it now stands.",
          "x-ms-summary": "Scheduler entry",
          schema: ref("SchedulerEntryEventData"),
        },
        ...failures(400, [404, "Cirrus holds no scheduler entry under this id."], 500),
      },
    },
  },
};
