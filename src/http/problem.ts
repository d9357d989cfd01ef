/**
 * The one place that turns any thrown value into an RFC 9457 `application/problem+json`
 * response naming the field at fault. Nothing a client sends may produce a 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../domain/errors.ts";
import type { WorkflowProblem } from "../domain/workflow/problems.ts";
import { WorkflowRejected } from "../domain/workflow/rejected.ts";
import { textPattern } from "./schemas.ts";

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly field?: string;
  readonly instance?: string;
  /** Every problem, where a request has several (a workflow document). */
  readonly problems?: readonly WorkflowProblem[];
}

const titles: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
};

export function problem(status: number, code: string, detail: string, field?: string): Problem {
  return {
    type: `https://cirrus.dev/problems/${code}`,
    title: titles[status] ?? "Error",
    status,
    detail,
    code,
    ...(field === undefined ? {} : { field }),
  };
}

interface ValidationIssue {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** `/to` → `to`, `/a/0/b` → `a[0].b`, a missing property names itself. */
function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const parts = (issue.instancePath ?? "").split("/").filter(Boolean);
  const missing = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  if (typeof missing === "string") parts.push(missing);
  const path = parts.reduce(
    (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
    "",
  );
  if (path) return path;
  return context === "body" ? "body" : (context ?? "request");
}

function fromValidation(error: FastifyError): Problem {
  const issue = (error.validation?.[0] ?? {}) as ValidationIssue;
  const field = fieldOf(issue, error.validationContext);
  return problem(400, "validation", `${field} ${describe(issue, error)}`, field);
}

function describe(issue: ValidationIssue, error: FastifyError): string {
  const allowed = issue.params?.allowedValues;
  if (issue.keyword === "additionalProperties") return "is not a known field";
  if (Array.isArray(allowed)) return `must be one of ${allowed.join(", ")}`;
  if (issue.params?.pattern === textPattern) {
    return "must not contain NUL characters or unpaired surrogates";
  }
  if (issue.keyword === "pattern") return "has characters that are not allowed here";
  return issue.message ?? error.message;
}

export function toProblem(error: unknown): Problem {
  if (error instanceof WorkflowRejected) {
    const base = problem(error.status, error.code, error.message, error.field);
    return { ...base, problems: error.problems };
  }
  if (error instanceof DomainError) {
    return problem(error.status, error.code, error.message, error.field);
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) return fromValidation(fastifyError as FastifyError);
  const status = fastifyError.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const code = (fastifyError.code ?? "bad_request").toLowerCase();
    const field = code.startsWith("fst_err_ctp_")
      ? "body"
      : code === "fst_err_max_param_length" || code === "fst_err_bad_url"
        ? "path"
        : undefined;
    return problem(status, code, fastifyError.message ?? "bad request", field);
  }
  return problem(500, "internal", "an unexpected error occurred; it has been logged");
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const body = toProblem(error);
  if (body.status >= 500) request.log.error({ err: error }, "request failed");
  return reply
    .code(body.status)
    .type("application/problem+json")
    .send({ ...body, instance: request.url.slice(0, 300) });
}
