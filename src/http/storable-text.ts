/**
 * Text the stores cannot keep: PostgreSQL refuses NUL characters in text columns and NUL or
 * unpaired surrogates in JSON, so no request may carry them anywhere, typed by a schema or
 * not (a workflow document, a custom field). Found before validation, named by field.
 */
import type { FastifyRequest } from "fastify";
import { DomainError } from "../domain/errors.ts";
import { textPattern } from "./schemas.ts";

const storable = new RegExp(textPattern, "u");

const join = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** The field of the first string (or key) in `value` a store cannot keep, if any. */
export function unstorableField(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === "string") return !storable.test(value) ? path : undefined;
  if (value === null || typeof value !== "object" || depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableField(value[i], join(path, i), depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!storable.test(key)) return path;
    const found = unstorableField(item, join(path, key), depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Refuses a request whose path parameters, query or body carry unstorable text. */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  const field =
    unstorableField(request.params, "") ??
    unstorableField(request.query, "") ??
    unstorableField(request.body, "");
  if (field === undefined) return;
  throw new DomainError(
    "bad_request",
    `${field || "body"} must not contain NUL characters or unpaired surrogates`,
    field || "body",
  );
}
