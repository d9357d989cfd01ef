/**
 * TypeBox validation errors as workflow problems. Objects are checked property by property,
 * so that TypeBox's cap on errors per check (8) applies to one value, not to a whole node.
 */
import type { TObject, TSchema } from "typebox";
import { Value } from "typebox/value";
import { parameterNamePattern } from "./activities.ts";
import { nodeIdPattern } from "./definition.ts";
import { type WorkflowProblem, workflowError } from "./problems.ts";

type Params = Readonly<Record<string, unknown>>;

const patternMeaning: Readonly<Record<string, string>> = {
  [parameterNamePattern]: "must be a parameter name: a letter or _, then letters, digits or _",
  [nodeIdPattern]: "must be an id of letters, digits, '.', '_' or '-'",
};

const typeNames: Readonly<Record<string, string>> = {
  integer: "a whole number",
  number: "a number",
  string: "a string",
  object: "an object",
  array: "a list",
  boolean: "true or false",
};

function plural(count: unknown, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? "" : "s"}`;
}

function describe(keyword: string, params: Params, fallback: string): string {
  const limit = params.limit;
  switch (keyword) {
    case "type":
      return `must be ${typeNames[String(params.type)] ?? String(params.type)}`;
    case "minimum":
      return `must be ≥ ${String(limit)}`;
    case "maximum":
      return `must be ≤ ${String(limit)}`;
    case "exclusiveMinimum":
      return `must be > ${String(limit)}`;
    case "exclusiveMaximum":
      return `must be < ${String(limit)}`;
    case "minLength":
      return limit === 1 ? "must not be empty" : `must have at least ${plural(limit, "character")}`;
    case "maxLength":
      return `must have at most ${plural(limit, "character")}`;
    case "minItems":
      return limit === 1 ? "must not be empty" : `must have at least ${plural(limit, "item")}`;
    case "maxItems":
      return `must have at most ${plural(limit, "item")}`;
    case "pattern":
      return patternMeaning[String(params.pattern)] ?? `must match ${String(params.pattern)}`;
    case "enum":
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(", ")}`;
    default:
      return fallback;
  }
}

/** `/weekly/0/from` → `.weekly[0].from`, appended to a field path. */
export function joinPath(field: string, pointer: string): string {
  let path = field;
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    path = /^\d+$/.test(part) ? `${path}[${part}]` : path === "" ? part : `${path}.${part}`;
  }
  return path;
}

/** Every error of one value against one schema, at `field` inside `node`. */
export function valueProblems(
  schema: TSchema,
  value: unknown,
  node: string | null,
  field: string,
): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const error of Value.Errors(schema, value)) {
    const at = joinPath(field, error.instancePath);
    const params = error.params as Params;
    if (error.keyword === "boolean") continue; // repeats an additionalProperties error
    if (error.keyword === "additionalProperties") {
      for (const key of params.additionalProperties as string[]) {
        problems.push(workflowError(node, joinPath(at, `/${key}`), "is not allowed here"));
      }
    } else if (error.keyword === "required") {
      for (const key of params.requiredProperties as string[]) {
        problems.push(workflowError(node, joinPath(at, `/${key}`), "is required"));
      }
    } else {
      problems.push(workflowError(node, at, describe(error.keyword, params, error.message)));
    }
  }
  return problems;
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * An object against an object schema, one property at a time: missing required properties,
 * properties the schema does not know (`unknown` says what they are not), and each value.
 * `skip` names properties the caller checks itself.
 */
export function objectProblems(
  schema: TObject,
  value: unknown,
  node: string | null,
  prefix: string,
  unknown: string,
  skip: readonly string[] = [],
): WorkflowProblem[] {
  const field = (key: string) => (prefix === "" ? key : `${prefix}.${key}`);
  if (!isRecord(value)) return [workflowError(node, prefix, "must be an object")];
  const problems: WorkflowProblem[] = [];
  const properties: Readonly<Record<string, TSchema>> = schema.properties;
  for (const key of schema.required ?? []) {
    if (!(key in value) && !skip.includes(key)) {
      problems.push(workflowError(node, field(key), "is required"));
    }
  }
  for (const [key, item] of Object.entries(value)) {
    if (skip.includes(key)) continue;
    const property = properties[key];
    if (property === undefined) problems.push(workflowError(node, field(key), unknown));
    else problems.push(...valueProblems(property, item, node, field(key)));
  }
  return problems;
}
