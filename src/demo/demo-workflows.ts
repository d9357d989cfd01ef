/**
 * The demo tenant's workflows. Between them they use every activity: the support line asks
 * for a customer number and looks it up with Collect Information against this server's demo
 * CRM (`/demo/crm`), offers a callback that a flow confirms through Update task (Wait for
 * Parameter); the support chat asks for a topic, tells the customer its place in the queue
 * and ends with a survey; the sales line waits for a flow to qualify the lead.
 * Opening hours are around the clock, so that the demo answers whenever it is tried.
 */
import type { WorkflowDefinition } from "../domain/workflow/definition.ts";

const allWeek = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

function supportCall(baseUrl: string): WorkflowDefinition {
  return {
    id: "demo-support-call",
    name: "Support line",
    modality: "Audio",
    version: 1,
    start: "start",
    nodes: {
      start: { activity: "Start", exits: { next: "accept" } },
      accept: { activity: "Accept", exits: { next: "hours" } },
      hours: {
        activity: "OpeningHours",
        settings: {
          timeZone: "Europe/Zurich",
          weekly: [{ days: [...allWeek], from: "00:00", to: "24:00" }],
          holidays: ["2025-12-25", "2025-12-26"],
        },
        exits: { open: "greet", closed: "voicemail", holiday: "closedMessage" },
      },
      greet: {
        activity: "Announcement",
        settings: { message: "Welcome to {{serviceDisplayName}}.", durationSeconds: 2 },
        exits: { next: "askNumber" },
      },
      askNumber: {
        activity: "InputCustomer",
        settings: {
          parameter: "customerNumber",
          prompt: "Please enter your customer number, then press hash.",
          minLength: 4,
          maxLength: 8,
          pattern: "^[0-9]+$",
          retries: 1,
          timeoutSeconds: 15,
        },
        exits: { success: "lookup", invalid: "queue", timeout: "queue" },
      },
      lookup: {
        activity: "CollectInformation",
        settings: {
          method: "GET",
          url: `${baseUrl}/demo/crm/customers/{{customerNumber}}`,
          headers: { Accept: "application/json" },
          timeoutSeconds: 5,
          mappings: [
            { parameter: "customerTier", path: "tier" },
            { parameter: "customerName", path: "name" },
          ],
        },
        exits: { success: "checkTier", failure: "queue", timeout: "queue" },
      },
      checkTier: {
        activity: "CheckParameter",
        settings: { parameter: "customerTier", operator: "equals", value: "gold" },
        exits: { match: "welcomeBack", noMatch: "queue" },
      },
      welcomeBack: {
        activity: "Announcement",
        settings: { message: "Welcome back, {{customerName}}.", durationSeconds: 2 },
        exits: { next: "queue" },
      },
      queue: {
        activity: "Queue",
        settings: { maxQueueSeconds: 120, ronaSeconds: 15, priority: "Normal" },
        exits: { timeout: "offerCallback", noUsers: "voicemail" },
      },
      offerCallback: {
        activity: "InputCustomer",
        settings: {
          parameter: "callbackChoice",
          prompt: "Press 1 for a callback, or 2 to keep waiting.",
          minLength: 1,
          maxLength: 1,
          pattern: "^[12]$",
          timeoutSeconds: 10,
        },
        exits: { success: "checkChoice", invalid: "voicemail", timeout: "voicemail" },
      },
      checkChoice: {
        activity: "CheckParameter",
        settings: { parameter: "callbackChoice", operator: "equals", value: "1" },
        exits: { match: "requestCallback", noMatch: "queue" },
      },
      requestCallback: {
        activity: "SaveToParameter",
        settings: { parameter: "callbackStatus", value: "requested" },
        exits: { next: "awaitConfirmation" },
      },
      // A flow on "Parameter Updated" books the callback and answers with Update task.
      awaitConfirmation: {
        activity: "WaitForParameter",
        settings: { parameter: "callbackStatus", equals: "confirmed", timeoutSeconds: 60 },
        exits: { changed: "confirmed", timeout: "voicemail" },
      },
      confirmed: {
        activity: "Announcement",
        settings: {
          message: "We will call you back on {{callerTelNumber}}. Goodbye.",
          durationSeconds: 3,
        },
        exits: { next: "bye" },
      },
      closedMessage: {
        activity: "Announcement",
        settings: { message: "{{serviceDisplayName}} is closed today.", durationSeconds: 3 },
        exits: { next: "voicemail" },
      },
      voicemail: {
        activity: "Voicemail",
        settings: { message: "Please leave a message after the tone.", maxSeconds: 120 },
      },
      bye: { activity: "Disconnect" },
    },
  };
}

const supportChat: WorkflowDefinition = {
  id: "demo-support-chat",
  name: "Support chat",
  modality: "InstantMessaging",
  version: 1,
  start: "start",
  nodes: {
    start: { activity: "Start", exits: { next: "accept" } },
    accept: { activity: "Accept", exits: { next: "welcome" } },
    welcome: {
      activity: "Announcement",
      settings: { message: "Hi, thanks for contacting {{serviceDisplayName}}." },
      exits: { next: "askTopic" },
    },
    askTopic: {
      activity: "InputCustomerAdvanced",
      settings: {
        parameter: "topic",
        prompt: "What can we help you with?",
        maxLength: 64,
        retries: 1,
        timeoutSeconds: 120,
      },
      exits: { success: "findUsers", invalid: "findUsers", timeout: "bye" },
    },
    findUsers: {
      activity: "GetAvailableUsers",
      settings: { parameter: "availableUsers" },
      exits: { next: "anyoneThere" },
    },
    anyoneThere: {
      activity: "CheckParameter",
      settings: { parameter: "availableUsers", operator: "equals", value: "0" },
      exits: { match: "toSales", noMatch: "queue" },
    },
    queue: {
      activity: "QueueTask",
      settings: { maxQueueSeconds: 300, ronaSeconds: 20 },
      exits: { connected: "survey", timeout: "position", noUsers: "toSales" },
    },
    position: {
      activity: "GetQueuePosition",
      settings: { parameter: "queuePosition" },
      exits: { next: "positionMessage" },
    },
    positionMessage: {
      activity: "Announcement",
      settings: { message: "You are number {{queuePosition}} in line. Thank you for waiting." },
      exits: { next: "queue" },
    },
    survey: {
      activity: "InputCustomerAdvanced",
      settings: {
        parameter: "rating",
        prompt: "How did we do, from 1 to 5?",
        pattern: "^[1-5]$",
        timeoutSeconds: 60,
      },
      exits: { success: "thanks", invalid: "bye", timeout: "bye" },
    },
    thanks: {
      activity: "SaveToParameter",
      settings: { parameter: "surveyAnswered", value: "yes" },
      exits: { next: "bye" },
    },
    toSales: {
      activity: "Transfer",
      settings: { target: { service: "sales@demo.cirrus.test" } },
      exits: { failure: "bye" },
    },
    bye: { activity: "Disconnect" },
  },
};

const salesCall: WorkflowDefinition = {
  id: "demo-sales-call",
  name: "Sales line",
  modality: "Audio",
  version: 1,
  start: "start",
  nodes: {
    start: { activity: "Start", exits: { next: "accept" } },
    accept: { activity: "Accept", exits: { next: "markLead" } },
    markLead: {
      activity: "SaveToParameter",
      settings: { parameter: "leadStatus", value: "new" },
      exits: { next: "awaitQualification" },
    },
    // A flow on "Parameter Updated" looks the caller up and sets leadStatus with Update task.
    awaitQualification: {
      activity: "WaitForParameter",
      settings: { parameter: "leadStatus", timeoutSeconds: 10 },
      exits: { changed: "checkLead", timeout: "queue" },
    },
    checkLead: {
      activity: "CheckParameter",
      settings: { parameter: "leadStatus", operator: "equals", value: "qualified" },
      exits: { match: "priorityQueue", noMatch: "queue" },
    },
    priorityQueue: {
      activity: "Queue",
      settings: { maxQueueSeconds: 300, priority: "High" },
      exits: { timeout: "toSupport", noUsers: "toSupport" },
    },
    queue: {
      activity: "Queue",
      settings: { maxQueueSeconds: 180 },
      exits: { timeout: "toSupport", noUsers: "toSupport" },
    },
    toSupport: {
      activity: "Transfer",
      settings: { target: { service: "support@demo.cirrus.test" } },
      exits: { failure: "voicemail" },
    },
    voicemail: { activity: "Voicemail" },
  },
};

export interface DemoAssignment {
  readonly serviceId: string;
  readonly modality: "Audio" | "InstantMessaging";
  readonly workflowId: string;
}

/** The demo workflows, with `baseUrl` the address this server answers on. */
export function demoWorkflows(baseUrl: string): {
  workflows: WorkflowDefinition[];
  assignments: DemoAssignment[];
} {
  return {
    workflows: [supportCall(baseUrl.replace(/\/+$/, "")), supportChat, salesCall],
    assignments: [
      { serviceId: "service-support", modality: "Audio", workflowId: "demo-support-call" },
      {
        serviceId: "service-support",
        modality: "InstantMessaging",
        workflowId: "demo-support-chat",
      },
      { serviceId: "service-sales", modality: "Audio", workflowId: "demo-sales-call" },
    ],
  };
}
