/**
 * The schemas /openapi.json shares under `components.schemas`: the problem document every
 * error is, and the connector's definitions (task event data, contacts, scheduler entries…),
 * which Cirrus's own API answers with too.
 */
import { Type } from "typebox";
import { connectorDefinition } from "../connector/definition.ts";
import { type JsonSchema, problemSchemaName } from "./operation.ts";

const Problem = Type.Object(
  {
    type: Type.String({ description: "A URI naming the kind of problem." }),
    title: Type.String(),
    status: Type.Integer({ description: "The HTTP status, repeated." }),
    detail: Type.String({ description: "What went wrong, for a person." }),
    code: Type.String({ description: "A stable code for programs, e.g. `validation`." }),
    field: Type.Optional(Type.String({ description: "The field at fault, e.g. `to`." })),
    instance: Type.Optional(Type.String({ description: "The request path." })),
    problems: Type.Optional(
      Type.Array(Type.Object({}), { description: "Every problem of a workflow document." }),
    ),
  },
  { description: "An RFC 9457 problem document (application/problem+json)." },
);

/** `#/definitions/X` (OpenAPI 2.0) → `#/components/schemas/X`, everywhere in a schema. */
function fromSwagger2(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromSwagger2);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      key === "$ref" && typeof item === "string"
        ? item.replace("#/definitions/", "#/components/schemas/")
        : fromSwagger2(item);
  }
  return out;
}

/** A connector schema (a response's, or a definition) as OpenAPI 3.1 has it. */
export const fromConnector = (schema: unknown): JsonSchema => fromSwagger2(schema) as JsonSchema;

const connectorDefinitions = (
  connectorDefinition({ host: "localhost", scheme: "http" }) as {
    definitions: Record<string, unknown>;
  }
).definitions;

/** The names of the components `value` refers to, anywhere in it. */
function referencesOf(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencesOf(item, into);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const name =
        key === "$ref" && typeof item === "string"
          ? /^#\/components\/schemas\/(.+)$/.exec(item)?.[1]
          : undefined;
      if (name === undefined) referencesOf(item, into);
      else into.add(name);
    }
  }
  return into;
}

/** The problem schema and the connector definitions `operations` use, directly or not. */
export function sharedSchemas(operations: unknown): Record<string, JsonSchema> {
  const all: Record<string, JsonSchema> = { [problemSchemaName]: { ...Problem } };
  for (const [name, schema] of Object.entries(connectorDefinitions)) {
    all[name] = fromConnector(schema);
  }
  const out: Record<string, JsonSchema> = {};
  const pending = [...referencesOf(operations, new Set())];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const schema = all[name];
    if (schema === undefined || name in out) continue;
    out[name] = schema;
    pending.push(...referencesOf(schema, new Set()));
  }
  return out;
}
