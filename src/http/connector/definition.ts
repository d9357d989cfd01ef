/**
 * Cirrus's connector definition: an OpenAPI 2.0 document that imports into Power Automate as a
 * custom connector. Its operations, parameters, responses, `x-ms-*` extensions and definitions
 * follow the established contact-centre connector contract field for field, so flows built on
 * that contract run against Cirrus unchanged; the wording is Cirrus's own.
 */
import { assistantDefinitions } from "./definitions-assistant.ts";
import { contactDefinitions } from "./definitions-contacts.ts";
import { schedulingDefinitions } from "./definitions-scheduling.ts";
import { taskDefinitions } from "./definitions-tasks.ts";
import { pathsWithLimits, withLimits } from "./limits.ts";
import type { Definitions, Paths } from "./openapi.ts";
import { addressBookPaths } from "./paths-address-books.ts";
import { assistantPaths } from "./paths-assistant.ts";
import { lookupPaths } from "./paths-lookups.ts";
import { schedulingPaths } from "./paths-scheduling.ts";
import { taskPaths } from "./paths-tasks.ts";
import { triggerPaths } from "./paths-triggers.ts";

export interface ConnectorDefinitionOptions {
  /** Host (and port) the connector calls, e.g. `cirrus.example.com` or `localhost:8080`. */
  readonly host: string;
  readonly scheme: "http" | "https";
  /** Path prefix of the connector operations on that host; `/` by default. */
  readonly basePath?: string;
}

/** The security scheme's name; `apiProperties.json` names its connection parameter the same. */
export const apiKeySecurityName = "api_key";

const definitions: Definitions = withLimits({
  ...taskDefinitions,
  ...contactDefinitions,
  ...schedulingDefinitions,
  ...assistantDefinitions,
});

/**
 * What Cirrus adds beyond the certified connector, in its style: the virtual user assistant's
 * trigger and action. Everything else follows the certified definition exactly.
 */
export const connectorExtensions = {
  paths: Object.keys(assistantPaths),
  definitions: Object.keys(assistantDefinitions),
};

function mergePaths(...parts: readonly Paths[]): Paths {
  const out: Record<string, Paths[string]> = {};
  for (const part of parts) {
    for (const [path, item] of Object.entries(part)) {
      if (path in out) throw new Error(`connector path ${path} is defined twice`);
      out[path] = item;
    }
  }
  return out;
}

const paths = pathsWithLimits(
  mergePaths(
    triggerPaths,
    taskPaths,
    schedulingPaths,
    addressBookPaths,
    lookupPaths,
    assistantPaths,
  ),
);

/** A fresh copy of the connector definition for the given host; callers may change it freely. */
export function connectorDefinition(options: ConnectorDefinitionOptions): object {
  const { host, scheme, basePath = "/" } = options;
  if (!/^(\[[\da-fA-F:.]+\]|[^\s/:[\]]+)(:\d+)?$/.test(host)) {
    throw new Error(`connector host must be a host name with an optional port, not "${host}"`);
  }
  if (!basePath.startsWith("/")) {
    throw new Error(`connector base path must start with "/", not "${basePath}"`);
  }
  return structuredClone({
    swagger: "2.0",
    info: {
      title: "Cirrus",
      version: "1.0",
      description:
        "The connector of Cirrus, the open task router: run flows on every state change of " +
        "tasks and scheduler entries, enrich tasks while they are routed, schedule outbound " +
        "calls, hand external work to a service, and keep address books up to date.",
    },
    host,
    basePath,
    schemes: [scheme],
    consumes: ["application/json"],
    produces: ["application/json"],
    securityDefinitions: {
      [apiKeySecurityName]: {
        type: "apiKey",
        in: "header",
        name: "Authorization",
        description: "A Cirrus token, sent as `Bearer <token>`.",
      },
    },
    security: [{ [apiKeySecurityName]: [] }],
    tags: [
      { name: "Hooks", description: "Webhook triggers on Cirrus's event log." },
      { name: "Diagnostics", description: "Checks of the connection to Cirrus." },
    ],
    paths,
    definitions,
    parameters: {},
    responses: {},
    "x-ms-capabilities": { testConnection: { operationId: "TestConnection", parameters: {} } },
    "x-ms-connector-metadata": [
      { propertyName: "Categories", propertyValue: "Communication;Collaboration" },
    ],
  });
}
