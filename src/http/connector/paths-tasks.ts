/** Actions on tasks: enrich a running task, and add or withdraw external tasks. */
import { failures, type Paths, pathParameter, ref } from "./openapi.ts";

export const taskPaths: Paths = {
  "/v1/tasks/{taskId}": {
    put: {
      summary: "Update task",
      description:
        "Adds customer details, context parameters or preferred agents to a task Cirrus is routing.",
      operationId: "UpdateTask",
      parameters: [
        pathParameter("taskId", {
          description: "Cirrus's id of the task, as the trigger event carries it.",
          "x-ms-summary": "Task ID",
        }),
        {
          name: "TaskInformation",
          in: "body",
          description: "The fields to set on the task; those left out stay as they are.",
          "x-ms-summary": "Task information",
          schema: ref("TaskInformation"),
        },
      ],
      responses: {
        200: { description: "Cirrus updated the task." },
        ...failures(401, 403, 500, 504),
      },
    },
  },
  "/v1/ExternalTasks": {
    post: {
      operationId: "AddExternalTask",
      summary: "Add an external task",
      description: "Queues work from another system as a task Cirrus routes to a service's agents.",
      "x-ms-summary": "Add an external task",
      parameters: [
        { name: "ExternalTask", in: "body", required: true, schema: ref("ExternalTaskWriteDto") },
      ],
      responses: {
        200: {
          description: "Cirrus queued the task.",
          "x-ms-summary": "External task",
          schema: ref("ExternalTaskWriteResult"),
        },
        ...failures(400, 403),
      },
    },
  },
  "/v1/ExternalTasks/{externalTaskId}": {
    delete: {
      operationId: "RemoveExternalTask",
      summary: "Remove an external task",
      description: "Withdraws an external task from Cirrus, wherever it is in routing.",
      "x-ms-summary": "Remove an external task",
      parameters: [
        pathParameter("externalTaskId", {
          description: "Cirrus's id of the external task, as adding it returned.",
          "x-ms-summary": "External task ID",
        }),
      ],
      responses: { 200: { description: "Cirrus removed the task." } },
    },
  },
};
