/**
 * Definitions for tasks: the payload of every trigger event, what a flow can write onto a
 * running task, and the small lookups that fill the connector's drop-downs.
 */
import { type DefinitionName, field, ref, type Schema, titled } from "./openapi.ts";

const nameValue = (what: string): Schema => ({
  type: "object",
  properties: {
    name: field("string", "Name", `What the ${what} is called.`),
    value: field("string", "Value", `The ${what}'s value.`),
  },
  required: ["name"],
});

const stringList: Schema = {
  type: "array",
  items: { type: "string" },
  additionalProperties: false,
};

export const taskDefinitions = {
  TaskEventData: {
    type: "object",
    properties: {
      taskId: titled("Task ID", "Cirrus's id of the task."),
      callChainId: titled("Call Chain ID", "Id of the call chain in the telephony platform.", {
        "x-ms-visibility": "advanced",
      }),
      tenantId: titled("TenantId", "The Cirrus tenant the task belongs to.", {
        "x-ms-visibility": "internal",
      }),
      event: titled("Event", "The trigger event this notification reports.", {
        "x-ms-visibility": "important",
      }),
      direction: titled("Direction", "Whether the task came in or goes out (Inbound/Outbound).", {
        "x-ms-visibility": "important",
      }),
      modality: titled("Modality", "How the task started: audio, chat, email or external.", {
        "x-ms-visibility": "important",
      }),
      created: titled("Created", "When Cirrus created the task."),
      terminated: field("string", "Terminated", "When the task ended; absent while it runs."),
      lastConnectedUserId: titled(
        "ID of last connected user",
        "Identity-provider object id of the agent most recently connected to the task.",
      ),
      LastConnectedUserUPN: titled(
        "UPN of last connected user",
        "UPN of the agent most recently connected to the task.",
      ),
      LastConnectedUserEmail: titled(
        "Email of last connected user",
        "Email address of the agent most recently connected to the task.",
      ),
      microsoftCallerId: titled("Caller Object ID", "Identity-provider object id of the caller.", {
        "x-ms-visibility": "advanced",
      }),
      referenceId: titled("Reference ID", "The reference a calling system attached to the task."),
      callerId: titled(
        "Caller ID",
        "Cirrus's id for the caller; the identity-provider object id when the caller is known.",
        { "x-ms-visibility": "advanced" },
      ),
      callerTelNumber: titled(
        "Caller Telephone Number",
        "The caller's E.164 number; only on audio tasks.",
        { "x-ms-visibility": "important" },
      ),
      callerUPN: field("string", "Caller UPN", "The caller's UPN, when the caller is a user.", {
        "x-ms-visibility": "important",
      }),
      microsoftDestinationId: field(
        "string",
        "Destination Object ID",
        "Identity-provider object id of whoever an outbound task calls.",
        { "x-ms-visibility": "advanced" },
      ),
      destinationId: field(
        "string",
        "Destination ID",
        "Cirrus's id for the destination of an outbound task.",
      ),
      destinationTelNumber: field(
        "string",
        "Destination Telephone Number",
        "E.164 number an outbound task calls.",
      ),
      destinationUPN: field("string", "Destination UPN", "UPN an outbound task calls."),
      acsId: field("string", "ACS ID", "Communication-services identity of the caller.", {
        "x-ms-visibility": "advanced",
      }),
      isAnonymous: field(
        "boolean",
        "Is Anonymous",
        "True when the caller withheld their identity.",
      ),
      customerIdentifier: field(
        "string",
        "Customer Identifier",
        "Who the customer is, whatever the modality: number, address or reporting id.",
      ),
      initialMessage: field("string", "Initial Message", "The first message of a chat task."),
      serviceId: field("string", "Service ID", "Cirrus's id of the service handling the task.", {
        "x-ms-visibility": "advanced",
      }),
      serviceName: field("string", "Service Name", "Name of the service handling the task."),
      serviceDescription: field(
        "string",
        "Service Description",
        "Description of the service handling the task.",
      ),
      serviceDisplayName: field(
        "string",
        "Service Display Name",
        "Display name of the service handling the task.",
        { "x-ms-visibility": "important" },
      ),
      serviceUPN: field("string", "Service UPN", "UPN of the service handling the task.", {
        "x-ms-visibility": "important",
      }),
      serviceTelNumber: field(
        "string",
        "Service Telephone Number",
        "E.164 number of the service handling the task.",
        { "x-ms-visibility": "important" },
      ),
      emailSubject: field("string", "Email Subject", "Subject line of an email task."),
      emailBodyUniqueRichText: field(
        "string",
        "Email Body Unique Rich Text",
        "The new part of an email task's body, as HTML.",
      ),
      emailBodyUniquePlainText: field(
        "string",
        "Email Body Unique Plain Text",
        "The new part of an email task's body, as plain text.",
      ),
      emailServiceMailboxUPN: field(
        "string",
        "Email Service Mailbox UPN",
        "The service mailbox an email task arrived at.",
      ),
      outboundAttempt: field(
        "integer",
        "Outbound Attempts",
        "How many times Cirrus has tried the outbound destination so far.",
        { format: "int32" },
      ),
      updatedParameterName: field(
        "string",
        "Updated Parameter Name",
        "On Parameter Updated events: the parameter that changed.",
      ),
      updatedParameterValue: field(
        "string",
        "Updated Parameter Value",
        "On Parameter Updated events: the parameter's new value.",
      ),
      taskInformation: ref("TaskInformation"),
    },
  },
  TaskInformation: {
    type: "object",
    description: "What a flow may add to a running task: customer, context and preferred agents.",
    "x-ms-summary": "Task Information",
    properties: {
      customer: ref("Customer"),
      customContextParameters: {
        type: "array",
        items: ref("CustomContextParameter"),
        description: "Free name/value pairs carried with the task.",
        "x-ms-summary": "Custom Context Parameters",
      },
      preferredUsers: {
        type: "array",
        items: ref("PreferredUser"),
        maxItems: 10,
        description: "Agents Cirrus should offer the task to first, each with a priority.",
        "x-ms-summary": "Preferred Users",
      },
    },
  },
  Customer: {
    description: "What Cirrus knows about the customer behind a task.",
    type: "object",
    "x-ms-visibility": "advanced",
    properties: {
      firstName: field("string", "Customer First Name", "The customer's first name."),
      lastName: field("string", "Customer Last Name", "The customer's last name."),
      displayName: field("string", "Customer Display Name", "The customer's name as displayed."),
      company: field("string", "Customer Company", "The customer's company."),
      jobTitle: field("string", "Customer Job Title", "The customer's job title."),
      department: field("string", "Customer Department", "The customer's department."),
      streetAddress: field("string", "Customer Street Address", "The customer's street address."),
      postCode: field("string", "Customer Postcode", "The customer's postcode."),
      city: field("string", "Customer City", "The customer's city."),
      state: field("string", "Customer State", "The customer's state or region."),
      country: field("string", "Customer Country", "The customer's country."),
      primaryTelNumber: field(
        "string",
        "Customer Primary Telephone Number",
        "The number to reach the customer at first.",
      ),
      telNumbers: {
        type: "array",
        items: ref("TelNumber"),
        description: "Further numbers of the customer, each with a label.",
        "x-ms-summary": "Telephone Numbers",
      },
      UPN: field("string", "Customer UPN", "The customer's UPN."),
      imAddress: field("string", "Customer IM Address", "The customer's chat address."),
      email: field("string", "Customer Email", "The customer's email address."),
      customFields: {
        type: "array",
        items: ref("CustomField"),
        description: "Free name/value pairs about the customer.",
        "x-ms-summary": "Custom Fields",
        "x-ms-visibility": "advanced",
      },
    },
  },
  TelNumber: nameValue("telephone number"),
  CustomField: nameValue("custom field"),
  CustomContextParameter: nameValue("context parameter"),
  PreferredUser: {
    type: "object",
    properties: {
      upn: field("string", "UPN", "UPN of an agent to prefer.", {
        "x-ms-dynamic-values": { operationId: "GetUsersForPreferredRouting" },
      }),
      priority: field("integer", "Priority", "1 is offered first, 99 last.", {
        minimum: 1,
        maximum: 99,
      }),
    },
    required: ["upn"],
  },
  ServiceUpnValues: stringList,
  UserUpnValues: stringList,
  EventValues: { type: "array", items: ref("NameValue") },
  TaskModality: { type: "array", items: ref("NameValue"), additionalProperties: false },
  TaskDirection: { type: "array", items: ref("NameValue"), additionalProperties: false },
  NameValue: {
    type: "object",
    properties: { name: { type: "string" }, value: { type: "string" } },
  },
} satisfies Partial<Record<DefinitionName, Schema>>;
