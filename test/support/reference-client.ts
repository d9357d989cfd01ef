/**
 * A client of the connector that holds every call to the certified connector's own definition
 * (the reference in the shared folder), as a validating proxy in front of Cirrus would, with
 * an OpenAPI 2.0 validator (openapi-enforcer):
 * - a request the reference refuses must be refused by Cirrus too (4xx); one it accepts may
 *   still be refused by a limit that Cirrus's own served definition declares;
 * - a success answer must match the response the reference declares for its status (or its
 *   `default`), and carry no body where the reference declares none, except the trigger
 *   registrations' 201, whose body carries the subscription's id and signing secret (a flow
 *   ignores it and reads the Location header; docs/webhooks.md).
 * Calls outside the reference's paths pass through unchecked. Divergences throw.
 */
import { readFile } from "node:fs/promises";
import Enforcer from "openapi-enforcer";
import type { ApiClient, ApiResponse } from "./api-client.ts";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

const referenceUrl = new URL(
  "../../../shared/reference/certified-connector.swagger.json",
  import.meta.url,
);

/** Operations whose success answer may carry a body the reference does not describe. */
const bodyAllowedWithoutSchema = new Set(["RegisterTaskWebHook", "RegisterSchedulerEntryTrigger"]);

interface EnforcerOperation {
  readonly operationId: string;
  readonly responses: Record<string, { readonly schema?: unknown }>;
}
interface EnforcerSchema {
  deserialize(value: unknown): [unknown, unknown];
  validate(value: unknown): unknown;
}
interface EnforcerApi {
  request(request: {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: unknown;
  }): [{ operation: EnforcerOperation } | undefined, { toString(): string } | undefined];
}

let loaded: Promise<EnforcerApi> | undefined;

/**
 * The reference, made readable to a strict validator without changing what it accepts: its
 * array definitions carry `additionalProperties`, a keyword that applies to objects only.
 */
function reference(): Promise<EnforcerApi> {
  loaded ??= (async () => {
    const doc = JSON.parse(await readFile(referenceUrl, "utf8")) as {
      definitions: Record<string, Record<string, unknown>>;
    };
    for (const schema of Object.values(doc.definitions)) {
      if (schema.type === "array") delete schema.additionalProperties;
    }
    // WRES001: a 201 without a documented Location header is only a warning.
    const [api, error] = await Enforcer(doc, {
      fullResult: true,
      componentOptions: { exceptionSkipCodes: ["WRES001"] },
    });
    if (error) throw new Error(`the reference does not load: ${String(error)}`);
    return api as EnforcerApi;
  })();
  return loaded;
}

/** Every divergence seen, by call; tests assert it stays empty. */
export class ReferenceClient {
  readonly checked: string[] = [];

  constructor(readonly api: ApiClient) {}

  async request<T = Record<string, unknown>>(
    method: Method,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<ApiResponse<T>> {
    const definition = await reference();
    const [matched, requestError] = definition.request({
      method: method.toLowerCase(),
      path,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body }),
    });
    const response = await this.api.request<T>(method, path, token, body);
    const call = `${method} ${path} → ${response.status}`;
    const operation = matched?.operation;
    if (!operation) {
      // Outside the reference (an unknown path or Cirrus's own operations): nothing to hold to.
      if (requestError && !/path not found|method not allowed/i.test(String(requestError))) {
        if (response.status < 400 || response.status >= 500) {
          throw new Error(`${call}: the reference refuses the request: ${String(requestError)}`);
        }
      }
      return response;
    }
    this.checked.push(`${operation.operationId} ${response.status}`);
    if (requestError) {
      if (response.status < 400 || response.status >= 500) {
        throw new Error(
          `${call}: the reference refuses this request, Cirrus took it: ${String(requestError)}`,
        );
      }
      return response;
    }
    if (response.status >= 300) return response;
    const declared = operation.responses[String(response.status)] ?? operation.responses.default;
    if (!declared) {
      throw new Error(`${call}: the reference declares no ${response.status} for this operation`);
    }
    const empty = response.body === "" || response.body === undefined;
    if (declared.schema === undefined) {
      if (!empty && !bodyAllowedWithoutSchema.has(operation.operationId)) {
        throw new Error(`${call}: the reference declares no body, Cirrus sent one`);
      }
      return response;
    }
    const schema = declared.schema as EnforcerSchema;
    const [value, parseError] = schema.deserialize(response.body);
    const responseError = parseError ?? schema.validate(value);
    if (responseError) {
      throw new Error(`${call}: the answer diverges from the reference: ${String(responseError)}`);
    }
    return response;
  }
}
