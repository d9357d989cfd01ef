/**
 * Operating the tenant: the event log and task views, the supervisor's views, trigger
 * subscriptions, workflows and address books.
 */
import { Type } from "typebox";
import { component, type Descriptions, empty, json, problems } from "./operation.ts";
import {
  AddressBookView,
  Attempt,
  Nullable,
  NullableTime,
  SubscriptionView,
  TaskData,
  Time,
  WorkflowSummary,
} from "./views.ts";

const refused: [403, string] = [403, "The caller's role does not allow this."];
const Subscription = json("The subscription.", SubscriptionView);
const subscriptionErrors = problems(400, 401, refused, 404);
const Warnings = Type.Object({ warnings: Type.Array(Type.Object({})) });
const WorkflowSaved = Type.Intersect([WorkflowSummary, Warnings]);
/** A workflow document: every problem is listed in the problem's `problems`. */
const documentErrors = [400, "The request or the workflow document has problems."] as const;

export const operationDescriptions: Descriptions = {
  "GET /api/events": {
    operationId: "listEvents",
    summary: "Read the event log after a seq",
    responses: {
      200: json(
        "The events, oldest first.",
        Type.Object({
          events: Type.Array(
            Type.Object({
              seq: Type.Integer(),
              type: Type.String(),
              at: Time,
              taskId: Nullable(Type.String()),
              data: Type.Object({}),
            }),
          ),
          lastSeq: Type.Integer(),
        }),
      ),
      ...problems(400, 401, refused),
    },
  },
  "GET /api/events/stream": {
    operationId: "streamEvents",
    summary: "The trigger events as server-sent events",
    description: "Resumes after `after` or the `Last-Event-ID` header.",
    responses: {
      200: {
        description: "A text/event-stream of trigger events, each with its seq as id.",
        content: { "text/event-stream": { schema: { type: "string" } } },
      },
      ...problems(400, 401, refused, 429),
    },
  },
  "GET /api/tasks/:taskId": {
    operationId: "getTask",
    summary: "A task: where it is in routing and its latest data",
    responses: {
      200: json(
        "The task.",
        Type.Object({
          taskId: Type.String(),
          status: Type.String(),
          offerIds: Type.Array(Type.String()),
          queuePosition: Nullable(Type.Integer()),
          workflow: Type.Optional(
            Type.Object({
              id: Type.String(),
              node: Type.String(),
              waitingFor: Nullable(Type.String()),
              until: NullableTime,
            }),
          ),
          task: TaskData,
        }),
      ),
      ...problems(400, 401, refused, 404),
    },
  },
  "GET /api/admin/supervisor/services": {
    operationId: "superviseServices",
    summary: "The services overseen: waiting tasks and agents by state",
    responses: {
      200: json("The services.", Type.Object({ services: Type.Array(Type.Object({})) })),
      ...problems(401, refused),
    },
  },
  "GET /api/admin/supervisor/users": {
    operationId: "superviseUsers",
    summary: "The users overseen and their live state",
    responses: {
      200: json("The users.", Type.Object({ users: Type.Array(Type.Object({})) })),
      ...problems(401, refused),
    },
  },
  "GET /api/admin/supervisor/scheduler-entries": {
    operationId: "superviseSchedulerEntries",
    summary: "The scheduler entries of the services overseen, with their attempts",
    responses: {
      200: json(
        "The entries, soonest first.",
        Type.Object({
          entries: Type.Array(
            Type.Intersect([
              component("SchedulerEntryEventData"),
              Type.Object({ status: Type.String(), attempts: Type.Array(Type.Object({})) }),
            ]),
          ),
        }),
      ),
      ...problems(401, refused),
    },
  },
  "DELETE /api/admin/supervisor/scheduler-entries/:SchedulerEntryID": {
    operationId: "superviseRemoveSchedulerEntry",
    summary: "Take a planned call off the schedule",
    responses: {
      204: empty("The entry is removed."),
      ...problems(400, 401, refused, 404, [409, "The entry's call is in progress."], 503),
    },
  },
  "GET /api/admin/subscriptions": {
    operationId: "listSubscriptions",
    summary: "The tenant's trigger subscriptions, by owner",
    responses: {
      200: json("The subscriptions.", Type.Object({ subscriptions: Type.Array(SubscriptionView) })),
      ...problems(400, 401, refused),
    },
  },
  "GET /api/admin/subscriptions/:id": {
    operationId: "getSubscription",
    summary: "A subscription and its recent delivery attempts",
    responses: {
      200: json(
        "The subscription.",
        Type.Intersect([SubscriptionView, Type.Object({ attempts: Type.Array(Attempt) })]),
      ),
      ...subscriptionErrors,
    },
  },
  "GET /api/admin/subscriptions/:id/attempts": {
    operationId: "listSubscriptionAttempts",
    summary: "A subscription's recent delivery attempts",
    responses: {
      200: json("The attempts.", Type.Object({ attempts: Type.Array(Attempt) })),
      ...subscriptionErrors,
    },
  },
  "PUT /api/admin/subscriptions/:id/owner": {
    operationId: "setSubscriptionOwner",
    summary: "Give a flow's subscription to another owner",
    responses: {
      200: Subscription,
      ...problems(400, 401, refused, 404, 413, 415, [422, "The user may not own this flow."]),
    },
  },
  "POST /api/admin/subscriptions/:id/pause": {
    operationId: "pauseSubscription",
    summary: "Stop delivering to a subscription for now",
    responses: { 200: Subscription, ...subscriptionErrors },
  },
  "POST /api/admin/subscriptions/:id/resume": {
    operationId: "resumeSubscription",
    summary: "Deliver to a paused or failing subscription again",
    responses: { 200: Subscription, ...subscriptionErrors },
  },
  "POST /api/admin/subscriptions/:id/replay": {
    operationId: "replaySubscription",
    summary: "Deliver a subscription's events again from a seq",
    responses: {
      202: json(
        "Delivery goes on from the seq given.",
        Type.Object({ id: Type.String(), replayFrom: Type.Integer() }),
      ),
      ...problems(400, 401, refused, 404, 413, 415, [422, "The log ends before that seq."]),
    },
  },
  "DELETE /api/admin/subscriptions/:id": {
    operationId: "deleteSubscription",
    summary: "Remove a subscription",
    responses: { 204: empty("The subscription is gone."), ...subscriptionErrors },
  },
  "POST /api/admin/workflows": {
    operationId: "createWorkflow",
    summary: "Create a workflow from its document",
    responses: {
      201: json("The workflow's first version.", WorkflowSaved, {
        Location: { type: "string", description: "The workflow's URL." },
      }),
      ...problems(documentErrors, 401, refused, [409, "A workflow with this id exists."], 413, 415),
    },
  },
  "GET /api/admin/workflows": {
    operationId: "listWorkflows",
    summary: "The tenant's workflows, each at its latest version",
    responses: {
      200: json("The workflows.", Type.Object({ workflows: Type.Array(WorkflowSummary) })),
      ...problems(401, refused),
    },
  },
  "GET /api/admin/workflows/:id": {
    operationId: "getWorkflow",
    summary: "A workflow's document, at its latest or a given version",
    responses: {
      200: json(
        "The workflow.",
        Type.Intersect([
          WorkflowSummary,
          Type.Object({ versions: Type.Array(Type.Integer()), document: Type.Object({}) }),
        ]),
      ),
      ...problems(400, 401, refused, 404),
    },
  },
  "PUT /api/admin/workflows/:id": {
    operationId: "updateWorkflow",
    summary: "Save a new version of a workflow",
    responses: {
      200: json("The new version.", WorkflowSaved),
      ...problems(documentErrors, 401, refused, 404, 409, 413, 415),
    },
  },
  "DELETE /api/admin/workflows/:id": {
    operationId: "deleteWorkflow",
    summary: "Delete a workflow that is not assigned and runs no task",
    responses: {
      204: empty("The workflow is gone."),
      ...problems(400, 401, refused, 404, 409),
    },
  },
  "PUT /api/admin/services/:serviceId/workflows/:modality": {
    operationId: "assignWorkflow",
    summary: "Run a workflow for a service's tasks of one modality",
    responses: {
      200: json(
        "The assignment.",
        Type.Object({
          serviceId: Type.String(),
          modality: Type.String(),
          workflowId: Type.String(),
          version: Type.Integer(),
        }),
      ),
      ...problems(400, 401, refused, 404, 413, 415, 422),
    },
  },
  "DELETE /api/admin/services/:serviceId/workflows/:modality": {
    operationId: "unassignWorkflow",
    summary: "Go back to the built-in workflow for a service's modality",
    responses: { 204: empty("The assignment is gone."), ...problems(400, 401, refused, 404) },
  },
  "GET /api/admin/address-books/": {
    operationId: "listAddressBooks",
    summary: "The address books in the caller's reach",
    responses: {
      200: json("The books.", Type.Object({ addressBooks: Type.Array(AddressBookView) })),
      ...problems(401, refused),
    },
  },
  "POST /api/admin/address-books/": {
    operationId: "createAddressBook",
    summary: "Create an address book",
    responses: {
      201: json("The book, created.", AddressBookView),
      ...problems(
        400,
        401,
        refused,
        [409, "The name is taken or the tenant has the most books it may."],
        413,
        415,
      ),
    },
  },
  "PATCH /api/admin/address-books/:id": {
    operationId: "updateAddressBook",
    summary: "Rename an address book or move it to another unit",
    responses: {
      200: json("The book, changed.", AddressBookView),
      ...problems(400, 401, refused, 404, [409, "The name is taken."], 413, 415),
    },
  },
  "DELETE /api/admin/address-books/:id": {
    operationId: "deleteAddressBook",
    summary: "Delete an address book and its contacts",
    responses: { 204: empty("The book is gone."), ...problems(400, 401, refused, 404) },
  },
};
