/**
 * How an operation of Cirrus's own API is described in /openapi.json: what the route files
 * do not say themselves (operationId, summary, every status it answers with its body), kept
 * apart from them and keyed by "METHOD /url" as Fastify registers the route.
 */

/** A JSON Schema (TypeBox schemas are plain JSON Schema) or a reference to a component. */
export type JsonSchema = object;

/** A response in the form @fastify/swagger reads from a route's `schema.response`. */
export interface ResponseDescription {
  readonly description: string;
  /** Present for a response without a body. */
  readonly type?: "null";
  readonly content?: Readonly<Record<string, { readonly schema: JsonSchema }>>;
  readonly headers?: Readonly<Record<string, JsonSchema>>;
}

export interface OperationDescription {
  readonly operationId: string;
  /** One line, at most 80 characters, no final full stop. */
  readonly summary: string;
  readonly description?: string;
  readonly responses: Readonly<Record<string, ResponseDescription>>;
}

/** Operations by "METHOD /url", the url with `:name` parameters as the route declares it. */
export type Descriptions = Readonly<Record<string, OperationDescription>>;

export const problemSchemaName = "Problem";
const problemRef: JsonSchema = { $ref: `#/components/schemas/${problemSchemaName}` };

/** A reference to a schema of `components.schemas`. */
export const component = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** A success answered with a JSON body. */
export function json(
  description: string,
  schema: JsonSchema,
  headers?: Readonly<Record<string, JsonSchema>>,
): ResponseDescription {
  return {
    description,
    content: { "application/json": { schema } },
    ...(headers === undefined ? {} : { headers }),
  };
}

/** A success answered without a body. */
export const empty = (description: string): ResponseDescription => ({ description, type: "null" });

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

const errorText: Readonly<Record<ErrorStatus, string>> = {
  400: "The request does not pass validation; `field` names what is wrong.",
  401: "The bearer token is missing, unknown, expired or revoked.",
  403: "The token is valid but its role does not allow this.",
  404: "There is nothing under this id that the caller may see.",
  409: "The request conflicts with the current state.",
  413: "The request body is larger than the server accepts.",
  415: "The request body is not JSON.",
  422: "The request is well formed but names something that cannot be used here.",
  429: "A limit is reached; `Retry-After`, when given, says when to try again.",
  503: "Cirrus cannot write the change now (shutting down or its store unavailable).",
};

/** Error answers: each status given (with the standard wording or the one given), as problems. */
export function problems(
  ...statuses: readonly (ErrorStatus | readonly [ErrorStatus, string])[]
): Record<string, ResponseDescription> {
  const out: Record<string, ResponseDescription> = {};
  for (const entry of statuses) {
    const [status, description] = typeof entry === "number" ? [entry, errorText[entry]] : entry;
    out[String(status)] = {
      description,
      content: { "application/problem+json": { schema: problemRef } },
    };
  }
  out.default = {
    description: "Any other failure, as a problem document.",
    content: { "application/problem+json": { schema: problemRef } },
  };
  return out;
}
