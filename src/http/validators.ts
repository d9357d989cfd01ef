/**
 * Schema validation: bodies are taken as sent (a JSON `true` is not a string, a one-element
 * array not a scalar); query strings and path parameters arrive as text and are coerced to
 * the types their schemas declare.
 */
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

const common = {
  allErrors: false,
  useDefaults: true,
  removeAdditional: false,
  strict: false,
} as const;
const strictAjv = new Ajv({ ...common, coerceTypes: false });
const coercingAjv = new Ajv({ ...common, coerceTypes: true });
for (const ajv of [strictAjv, coercingAjv]) addFormats.default(ajv);

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === "body" ? strictAjv : coercingAjv;
  return ajv.compile(schema) as ValidateFunction;
};
