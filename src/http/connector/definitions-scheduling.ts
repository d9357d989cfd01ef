/**
 * Definitions for work a flow hands to Cirrus ahead of time or from outside: scheduler
 * entries (outbound calls placed when due) and external tasks, with their priorities.
 */
import { type DefinitionName, field, ref, type Schema, titled } from "./openapi.ts";

const dueDateTimeUtc = field(
  "string",
  "Due Date Time (UTC)",
  "When Cirrus should start the entry, in UTC, e.g. '2020-03-23T11:00:00Z'.",
  { example: "2020-03-23T11:00:00Z", format: "date-time", "x-ms-visibility": "important" },
);

const bounded = (label: string, description: string, min: number, max: number, dflt: number) =>
  field("integer", label, description, {
    format: "int32",
    minimum: min,
    maximum: max,
    default: dflt,
  });

/** The settings of a scheduler entry, as written and as read back. */
function entrySettings(write: boolean): Record<string, Schema> {
  return {
    ReferenceId: field("string", "Reference ID", "A reference of the calling system, kept as is."),
    destination: field("string", "Destination", "Whom the outbound call of the entry goes to."),
    distributionPriority: field(
      "string",
      "Distribution Priority",
      "How urgently Cirrus distributes the task once it is due.",
      write
        ? {
            "x-ms-dynamic-values": {
              operationId: "GetDistributionPriorities",
              "value-path": "value",
              "value-title": "name",
            },
          }
        : {},
    ),
    dueDateTimeUtc,
    serviceUpn: field(
      "string",
      "Service UPN",
      "UPN of the service that places the call.",
      write ? { "x-ms-dynamic-values": { operationId: "GetSchedulerEntryServices" } } : {},
    ),
    maxAttempts: bounded("Maximum Attempts", "How often Cirrus tries the destination.", 1, 10, 1),
    attemptTimeoutInSeconds: bounded(
      "Attempt Timeout in Seconds",
      "How long one attempt may ring the destination before Cirrus gives it up.",
      30,
      86400,
      3600,
    ),
    maxQueueTimeInSeconds: bounded(
      "Maximum Queue Time in Seconds",
      "How long the task may wait for an agent before Cirrus ends it as having reached the limit.",
      5,
      3600,
      300,
    ),
    ronaTimeoutInSeconds: bounded(
      "RONA Timeout in Seconds",
      "How long an offer rings an agent before Cirrus counts it unanswered and moves on.",
      5,
      30,
      20,
    ),
    customCallContextParameters: {
      type: "array",
      items: ref("CustomContextParameter"),
      description: "Free name/value pairs carried with the call.",
      "x-ms-summary": "Custom Context Parameters",
      "x-ms-visibility": "advanced",
    },
    customer: ref("Customer"),
  };
}

const preferredUsers: Schema = {
  type: "array",
  items: ref("PreferredUser"),
  maxItems: 10,
  description: "Agents Cirrus should offer the task to first, each with a priority.",
  "x-ms-summary": "Preferred Users",
};

export const schedulingDefinitions = {
  DistributionPriority: {
    type: "object",
    properties: { name: { type: "string" }, value: { type: "string" } },
  },
  DistributionPriorityList: { type: "array", items: ref("DistributionPriority") },
  SchedulerEntryEventData: {
    type: "object",
    properties: {
      schedulerEntryId: field("string", "Scheduler Entry ID", "Cirrus's id of the entry.", {
        "x-ms-visibility": "important",
      }),
      event: titled("Event", "What just happened to the entry.", {
        "x-ms-visibility": "important",
      }),
      direction: titled("Direction", "Direction of the entry's task (Inbound/Outbound).", {
        "x-ms-visibility": "important",
      }),
      modality: titled("Modality", "How the entry's task is carried out.", {
        "x-ms-visibility": "important",
      }),
      unifiedConversationId: field(
        "string",
        "Unified Conversation ID",
        "Id of the conversation the entry's call became.",
        { "x-ms-visibility": "advanced" },
      ),
      completionReason: field("string", "Completion Reason", "Why the entry ended, once it has."),
      ...entrySettings(false),
    },
  },
  SchedulerEntryWriteData: {
    type: "object",
    properties: entrySettings(true),
    required: ["dueDateTimeUtc", "serviceUpn", "destination"],
  },
  ExternalTaskWriteDto: {
    type: "object",
    properties: {
      serviceUpn: field("string", "Service UPN", "UPN of the service that takes the task.", {
        "x-ms-dynamic-values": { operationId: "GetExternalTasksServices" },
      }),
      customerIdentifier: field(
        "string",
        "Customer Identifier",
        "Optional id of the customer for reporting; the task is anonymous without it.",
      ),
      customer: ref("Customer"),
      customContextParameters: {
        type: "array",
        items: ref("CustomContextParameter"),
        description: "Free name/value pairs carried with the task.",
        "x-ms-summary": "Custom Context Parameters",
      },
      distributionPriority: field(
        "string",
        "Distribution Priority",
        "How urgently Cirrus distributes the task.",
        {
          "x-ms-dynamic-values": {
            operationId: "GetExternalTasksDistributionPriorities",
            "value-path": "value",
            "value-title": "name",
          },
        },
      ),
      preferredUsers,
    },
    required: ["serviceUpn"],
  },
  ExternalTaskWriteResult: {
    type: "object",
    properties: {
      id: field("string", "External Task ID", "Cirrus's id of the new task."),
      modality: ref("Modality"),
      created: field("string", "Created", "When Cirrus created the task."),
      type: field("string", "Type", "The kind of external task."),
      isAnonymous: field("boolean", "Is Anonymous", "True when no customer was identified."),
      serviceId: field("string", "Service ID", "Cirrus's id of the service.", {
        "x-ms-visibility": "advanced",
      }),
      serviceName: field("string", "Service Name", "Name of the service."),
      serviceDescription: field("string", "Service Description", "Description of the service."),
      serviceDisplayName: field("string", "Service Display Name", "Display name of the service."),
      serviceUPN: field("string", "Service UPN", "UPN of the service."),
      serviceTelNumber: field("string", "Service Tel Number", "E.164 number of the service."),
      preferredUsers,
    },
  },
  Modality: {
    type: "string",
    enum: ["Audio", "InstantMessaging", "ExternalTask"],
    description: "How the task is carried out.",
    "x-ms-summary": "Modality",
  },
} satisfies Partial<Record<DefinitionName, Schema>>;
