/**
 * Operations hidden from flow authors: the lookups that fill the connector's drop-downs, and
 * the connection test Power Automate runs when a connection is created.
 */
import {
  type DefinitionName,
  failures,
  type Operation,
  type Paths,
  type Responses,
  ref,
} from "./openapi.ts";

function lookup(
  operationId: string,
  summary: string,
  description: string,
  result: DefinitionName,
  fails: Responses,
  label?: string,
): Operation {
  return {
    "x-ms-visibility": "internal",
    operationId,
    summary,
    ...(label === undefined ? {} : { "x-ms-summary": label }),
    description,
    parameters: [],
    responses: {
      200: { description: "The values to choose from.", schema: ref(result) },
      ...fails,
    },
  };
}

export const lookupPaths: Paths = {
  "/v1/tasks/service-contacts": {
    get: lookup(
      "GetServices",
      "List the services whose tasks can be watched",
      "UPNs of the services of the caller's tenant that task triggers can filter on.",
      "ServiceUpnValues",
      failures(401, 500, 504),
    ),
  },
  "/v1/tasks/events": {
    get: lookup(
      "GetTaskEvents",
      "List the task events",
      "The trigger events Cirrus records for tasks, by display name and value.",
      "EventValues",
      failures(401, 500, 504),
    ),
  },
  "/v1/tasks/users-for-preferred-routing": {
    get: lookup(
      "GetUsersForPreferredRouting",
      "List the agents that can be preferred",
      "UPNs of the users of the caller's tenant that a task can prefer.",
      "UserUpnValues",
      failures(401, 500, 504),
    ),
  },
  "/v1/scheduler-entries/events": {
    get: lookup(
      "GetSchedulerEntriesEvents",
      "List the scheduler entry events",
      "The events Cirrus records for scheduler entries, by display name and value.",
      "EventValues",
      failures(500, 504),
    ),
  },
  "/v1/tasks/modalities": {
    get: lookup(
      "GetTaskModalities",
      "List the task modalities",
      "The modalities a Cirrus task can start in.",
      "TaskModality",
      failures(500, 504),
    ),
  },
  "/v1/tasks/directions": {
    get: lookup(
      "GetTaskDirections",
      "List the task directions",
      "The directions a Cirrus task can have.",
      "TaskDirection",
      failures(500, 504),
    ),
  },
  "/v1/scheduler-entries/service-contacts": {
    get: lookup(
      "GetSchedulerEntryServices",
      "List the services that can schedule calls",
      "UPNs of the services a scheduler entry can be created for.",
      "ServiceUpnValues",
      failures(401, 500, 504),
    ),
  },
  "/v1/scheduler-entries/distribution-priorities": {
    get: lookup(
      "GetDistributionPriorities",
      "List the priorities of scheduler entries",
      "The distribution priorities a scheduler entry can take.",
      "DistributionPriorityList",
      failures(500, 504),
    ),
  },
  "/v1/ExternalTasks/service-contacts": {
    get: lookup(
      "GetExternalTasksServices",
      "List the services that take external tasks",
      "UPNs of the services an external task can be added to.",
      "ServiceUpnValues",
      failures(400, 500),
      "External task services",
    ),
  },
  "/v1/ExternalTasks/distribution-priorities": {
    get: lookup(
      "GetExternalTasksDistributionPriorities",
      "List the priorities of external tasks",
      "The distribution priorities an external task can take.",
      "DistributionPriorityList",
      failures(400, 500),
      "External task priorities",
    ),
  },
  "/v2/AddressBooks": {
    get: lookup(
      "GetAddressBooks",
      "List the address books",
      "The address books of the caller's tenant, by name and id.",
      "AddressBookList",
      failures(401, 500),
    ),
  },
  "/v1/diagnostics/testconnection": {
    get: {
      tags: ["Diagnostics"],
      summary: "Test the connection",
      description: "Succeeds when Cirrus accepts the connection's token.",
      operationId: "TestConnection",
      responses: { 200: { description: "The token is good." }, ...failures(401, 403, 500) },
      "x-ms-visibility": "internal",
    },
  },
};
