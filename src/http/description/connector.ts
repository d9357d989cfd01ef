/**
 * The certified connector's operations (/v1, /v2): operationId, summary and description as
 * the connector definition (/connector/swagger.json) has them, the success answer's schema
 * from it too, and the failures the handlers really answer, as problems.
 *
 * Where a handler answers with a JSON body the definition declares none for, `bodies` below
 * describes what is sent: this document describes the server, the definition the contract.
 */
import { Type } from "typebox";
import { connectorDefinition } from "../connector/definition.ts";
import { fromConnector } from "./components.ts";
import {
  type Descriptions,
  type ErrorStatus,
  empty,
  json,
  problems,
  type ResponseDescription,
} from "./operation.ts";

interface ConnectorOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly responses: Readonly<Record<string, { description: string; schema?: unknown }>>;
}

const lookup: readonly ErrorStatus[] = [401, 403];
/** What each operation's handler can answer besides its success, read from the handlers. */
const failures: Readonly<Record<string, readonly ErrorStatus[]>> = {
  RegisterTaskWebHook: [400, 401, 403, 409, 413, 415],
  RegisterSchedulerEntryTrigger: [400, 401, 403, 409, 413, 415],
  RegisterAssistantTrigger: [400, 401, 403, 409, 413, 415],
  DeleteTaskEventsTrigger: [400, 401, 403, 404],
  DeleteSchedulerEntriesTrigger: [400, 401, 403, 404],
  DeleteAssistantTrigger: [400, 401, 403, 404],
  UpdateTask: [400, 401, 403, 404, 413, 415, 422, 503],
  AddExternalTask: [400, 401, 403, 413, 415, 422, 503],
  RemoveExternalTask: [400, 401, 403, 404, 503],
  GetSchedulerEntries: [400, 401, 403],
  CreateSchedulerEntry: [400, 401, 403, 409, 413, 415, 422, 503],
  UpdateSchedulerEntry: [400, 401, 403, 404, 409, 413, 415, 422, 503],
  DeleteSchedulerEntry: [400, 401, 403, 404, 409, 503],
  GetAddressBooks: lookup,
  GetContacts: [400, 401, 403, 404],
  AddContact: [400, 401, 403, 404, 409, 413, 415],
  UpdateContact: [400, 401, 403, 404, 413, 415],
  RemoveContacts: [400, 401, 403, 404, 413, 415],
  ClearContacts: [400, 401, 403, 404],
  GetServices: lookup,
  GetTaskEvents: lookup,
  GetSchedulerEntriesEvents: lookup,
  GetTaskModalities: lookup,
  GetTaskDirections: lookup,
  GetUsersForPreferredRouting: lookup,
  GetSchedulerEntryServices: lookup,
  GetDistributionPriorities: lookup,
  GetExternalTasksServices: lookup,
  GetExternalTasksDistributionPriorities: lookup,
  TestConnection: lookup,
  GetAssistantData: [400, 401, 403, 404],
};

const Registered = Type.Object({
  id: Type.String({ description: "The trigger's id, for deleting it." }),
  secret: Type.String({ description: "The key Cirrus signs each delivery with." }),
  status: Type.String({ description: "The subscription's state, `active` when registered." }),
  filter: Type.Object({}, { description: "The filter as Cirrus stored it." }),
});
const registered = json(
  "Cirrus registered the subscription; `Location` is the URL to delete it at.",
  Registered,
  { Location: { type: "string", description: "The trigger's URL." } },
);

/** Success answers whose body the definition does not declare. */
const bodies: Readonly<Record<string, Readonly<Record<string, ResponseDescription>>>> = {
  RegisterTaskWebHook: { 201: registered },
  RegisterSchedulerEntryTrigger: { 201: registered },
  RegisterAssistantTrigger: { 201: registered },
};

const methods = ["get", "put", "post", "delete"] as const;

function successes(operation: ConnectorOperation): Record<string, ResponseDescription> {
  const out: Record<string, ResponseDescription> = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    out[status] =
      response.schema === undefined
        ? empty(response.description)
        : json(response.description, fromConnector(response.schema));
  }
  return { ...out, ...bodies[operation.operationId] };
}

function describe(): Descriptions {
  const { paths } = connectorDefinition({ host: "localhost", scheme: "http" }) as {
    paths: Record<string, Partial<Record<(typeof methods)[number], ConnectorOperation>>>;
  };
  const out: Record<string, Descriptions[string]> = {};
  for (const [path, item] of Object.entries(paths)) {
    const url = path.replace(/\{([^}]+)\}/g, ":$1");
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      const fails = failures[operation.operationId];
      if (!fails) throw new Error(`no failures listed for ${operation.operationId}`);
      out[`${method.toUpperCase()} ${url}`] = {
        operationId: operation.operationId,
        summary: operation.summary,
        description: operation.description,
        responses: { ...successes(operation), ...problems(...fails) },
      };
    }
  }
  return out;
}

export const connectorDescriptions: Descriptions = describe();
