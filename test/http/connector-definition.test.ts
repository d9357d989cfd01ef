/**
 * Cirrus's connector definition against the certified connector it must be interchangeable
 * with (the reference file in the shared folder beside the project root).
 *
 * What is compared, and how:
 * - operations: the set of (method, path, operationId), exactly;
 * - parameters, in order: name, in, required (absent = false), type, items type, and the body
 *   schema's `$ref` or (inline) its property names, types, formats, items and required lists;
 * - responses: the status codes, and each response schema's `$ref`, type and items `$ref`;
 * - `x-ms-*` keys, wherever they sit in an operation or a definition (parameters, body schemas,
 *   properties, items, responses): the same keys on both sides, and equal values
 *   (`x-ms-trigger`, `x-ms-visibility`, `x-ms-dynamic-values`, `x-ms-url-encoding`,
 *   `x-ms-notification-url`), except `x-ms-summary`, a display label whose wording is Cirrus's
 *   own — it only has to be there;
 * - path-level `x-ms-notification-content`: on the same paths, with an equal schema and some
 *   description; top-level `x-ms-capabilities`: equal. The top-level `x-ms-connector-metadata`
 *   (website, privacy policy, categories) is the publisher's own and is not compared;
 * - definitions: names, and recursively property names, type, format, items, `$ref`, required;
 * - everything else in `paths` and `definitions` (validation keywords, `tags`, defaults, enums…)
 *   equal, with `description` ignored and the labels `summary`, `title` and `x-ms-summary`
 *   compared for presence only.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { exportConnector } from "../../src/cli/connector-export.ts";
import { connectorOperations } from "../../src/domain/permissions.ts";
import { connectorApiProperties } from "../../src/http/connector/api-properties.ts";
import { connectorDefinition, connectorExtensions } from "../../src/http/connector/definition.ts";
import { declaredLimitKeys } from "../../src/http/connector/limits.ts";
import { entraTenantOf } from "../../src/http/connector/oauth.ts";

type Obj = Record<string, unknown>;

const referenceUrl = new URL(
  "../../../shared/reference/certified-connector.swagger.json",
  import.meta.url,
);
const methods = ["get", "put", "post", "delete", "patch", "head", "options"];
/** Keys holding a display label: compared for presence, not wording. */
const labelKeys = new Set(["summary", "title", "x-ms-summary"]);
/** Keys holding prose: not compared at all. */
const proseKeys = new Set(["description"]);

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function obj(value: unknown, what: string): Obj {
  assert.ok(isObj(value), `${what} should be an object`);
  return value;
}

async function loadReference(): Promise<Obj> {
  let text: string;
  try {
    text = await readFile(referenceUrl, "utf8");
  } catch (error) {
    throw new Error(
      `The reference connector definition is missing: expected it at ${fileURLToPath(referenceUrl)} ` +
        "(shared/reference/ beside the project root). This test compares Cirrus's connector " +
        "against it and cannot run without it.",
      { cause: error },
    );
  }
  return obj(JSON.parse(text), "the reference document");
}

interface OperationAt {
  readonly key: string;
  readonly path: string;
  readonly method: string;
  readonly operation: Obj;
}

function operationsOf(doc: Obj): Map<string, OperationAt> {
  const out = new Map<string, OperationAt>();
  for (const [path, item] of Object.entries(obj(doc.paths, "paths"))) {
    for (const [method, operation] of Object.entries(obj(item, path))) {
      if (!methods.includes(method)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      out.set(key, { key, path, method, operation: obj(operation, key) });
    }
  }
  return out;
}

function parametersOf(operation: Obj): Obj[] {
  const list = operation.parameters ?? [];
  assert.ok(Array.isArray(list), "parameters should be an array");
  return list.map((p, i) => obj(p, `parameter ${i}`));
}

function parameterSignature(p: Obj): unknown {
  const items = isObj(p.items) ? p.items : {};
  const schema = isObj(p.schema) ? p.schema : {};
  return {
    name: p.name,
    in: p.in,
    required: p.required ?? false,
    type: p.type ?? null,
    itemsType: items.type ?? null,
    schema: shape(schema),
  };
}

function responseSignature(response: unknown): unknown {
  const schema = isObj(response) && isObj(response.schema) ? response.schema : {};
  const items = isObj(schema.items) ? schema.items : {};
  return { ref: schema.$ref ?? null, type: schema.type ?? null, itemsRef: items.$ref ?? null };
}

/**
 * `ours` without the limit keywords Cirrus declares where the reference has none: the served
 * definition says what the server enforces (lengths, counts, closed objects); keywords the
 * reference has are kept, so they are still compared.
 */
function withoutAddedLimits(ours: unknown, theirs: unknown): unknown {
  if (Array.isArray(ours)) {
    return ours.map((entry, i) =>
      withoutAddedLimits(entry, Array.isArray(theirs) ? theirs[i] : undefined),
    );
  }
  if (!isObj(ours)) return ours;
  const reference = isObj(theirs) ? theirs : {};
  const out: Obj = {};
  for (const [key, value] of Object.entries(ours)) {
    if (declaredLimitKeys.includes(key) && !(key in reference)) continue;
    out[key] = withoutAddedLimits(value, reference[key]);
  }
  return out;
}

/** Every `x-ms-*` key under `node`, by a pointer that names array entries by their `name`. */
function extensionsOf(node: unknown, at: string, out = new Map<string, unknown>()) {
  if (Array.isArray(node)) {
    node.forEach((entry, i) => {
      const name = isObj(entry) && typeof entry.name === "string" ? `name=${entry.name}` : i;
      extensionsOf(entry, `${at}[${name}]`, out);
    });
  } else if (isObj(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-ms-")) out.set(`${at}/${key}`, value);
      else extensionsOf(value, `${at}/${key}`, out);
    }
  }
  return out;
}

/** `node` with prose removed and labels replaced by a marker; property names kept as they are. */
function structure(node: unknown, propertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((entry) => structure(entry));
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [key, value] of Object.entries(node)) {
    if (propertyMap) out[key] = structure(value);
    else if (proseKeys.has(key) && typeof value === "string") continue;
    else if (labelKeys.has(key) && typeof value === "string") out[key] = "<label>";
    else out[key] = structure(value, key === "properties");
  }
  return out;
}

function assertSameExtensions(ours: unknown, theirs: unknown, where: string): number {
  const mine = extensionsOf(ours, where);
  const reference = extensionsOf(theirs, where);
  assert.deepEqual([...mine.keys()].sort(), [...reference.keys()].sort(), `x-ms-* keys ${where}`);
  for (const [pointer, expected] of reference) {
    const actual = mine.get(pointer);
    if (pointer.endsWith("/x-ms-summary")) {
      assert.ok(typeof actual === "string" && actual.trim() !== "", `${pointer} is a label`);
    } else {
      assert.deepEqual(structure(actual), structure(expected), pointer);
    }
  }
  return reference.size;
}

/** The schema facts of a definition: property names, type, format, items, `$ref`, required. */
function shape(schema: unknown): unknown {
  if (!isObj(schema)) return schema;
  const out: Obj = {};
  for (const key of ["type", "format", "$ref"]) if (key in schema) out[key] = schema[key];
  if (Array.isArray(schema.required)) out.required = [...schema.required].sort();
  if ("items" in schema) out.items = shape(schema.items);
  if (isObj(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, value]) => [name, shape(value)]),
    );
  }
  return out;
}

/** The human-readable text of a document: descriptions, labels and UI hints (not field names). */
function textOf(node: unknown, out: string[] = []): string[] {
  const textKeys = new Set([...proseKeys, ...labelKeys, "displayName", "tooltip"]);
  if (Array.isArray(node)) for (const entry of node) textOf(entry, out);
  else if (isObj(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (textKeys.has(key) && typeof value === "string") out.push(value);
      else textOf(value, out);
    }
  }
  return out;
}

function refsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const entry of node) refsOf(entry, out);
  else if (isObj(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push(value);
      else refsOf(value, out);
    }
  }
  return out;
}

function dynamicValueSourcesOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const entry of node) dynamicValueSourcesOf(entry, out);
  else if (isObj(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "x-ms-dynamic-values" && isObj(value)) out.push(String(value.operationId));
      else dynamicValueSourcesOf(value, out);
    }
  }
  return out;
}

const full = obj(connectorDefinition({ host: "example.test", scheme: "https" }), "the definition");

/** The definition without Cirrus's documented extensions: what the certified one is held to. */
function withoutExtensions(document: Obj): Obj {
  const paths = { ...obj(document.paths, "paths") };
  for (const path of connectorExtensions.paths) delete paths[path];
  const definitions = { ...obj(document.definitions, "definitions") };
  for (const name of connectorExtensions.definitions) delete definitions[name];
  return { ...document, paths, definitions };
}

const ours = withoutExtensions(full);
const ourOps = operationsOf(ours);

describe("Cirrus connector definition against the certified connector", () => {
  let reference: Obj = {};
  let referenceOps = new Map<string, OperationAt>();
  let missing: unknown;

  before(async () => {
    try {
      reference = await loadReference();
    } catch (error) {
      missing = error;
      return;
    }
    referenceOps = operationsOf(reference);
  });

  /** A comparison with the reference; each fails with the reason when the file is missing. */
  const check = (name: string, fn: () => void) =>
    it(name, () => {
      if (missing !== undefined) throw missing;
      fn();
    });

  function counterpart(op: OperationAt): Obj {
    const mine = ourOps.get(op.key);
    assert.ok(mine, `Cirrus lacks ${op.key} (${String(op.operation.operationId)})`);
    return mine.operation;
  }

  check("has the reference's 28 operations: same methods, paths and operationIds", () => {
    const list = (ops: Map<string, OperationAt>) =>
      [...ops.values()].map((op) => `${op.key} ${String(op.operation.operationId)}`).sort();
    assert.equal(referenceOps.size, 28, "the reference should have 28 operations");
    assert.deepEqual(list(ourOps), list(referenceOps));
  });

  check("takes the same parameters in every operation", () => {
    for (const op of referenceOps.values()) {
      assert.deepEqual(
        parametersOf(counterpart(op)).map(parameterSignature),
        parametersOf(op.operation).map(parameterSignature),
        `parameters of ${op.key}`,
      );
    }
  });

  check("answers with the same status codes and response schemas", () => {
    for (const op of referenceOps.values()) {
      const theirs = obj(op.operation.responses, `responses of ${op.key}`);
      const mine = obj(counterpart(op).responses, `Cirrus's responses of ${op.key}`);
      assert.deepEqual(Object.keys(mine).sort(), Object.keys(theirs).sort(), `statuses ${op.key}`);
      for (const status of Object.keys(theirs)) {
        assert.deepEqual(
          responseSignature(mine[status]),
          responseSignature(theirs[status]),
          `${status} response of ${op.key}`,
        );
      }
    }
  });

  check("carries the same x-ms-* extensions on operations, parameters and body schemas", () => {
    let compared = 0;
    for (const op of referenceOps.values()) {
      compared += assertSameExtensions(counterpart(op), op.operation, op.key);
    }
    assert.ok(compared > 50, `only ${compared} x-ms-* keys compared; the walk is broken`);
  });

  check("declares the same notification content for the webhook triggers", () => {
    const notifications = (doc: Obj) =>
      Object.entries(obj(doc.paths, "paths")).flatMap(([path, item]) => {
        const content = obj(item, path)["x-ms-notification-content"];
        return content === undefined ? [] : [{ path, content: obj(content, path) }];
      });
    const theirs = notifications(reference);
    assert.equal(theirs.length, 2, "the reference should declare two notification contents");
    assert.deepEqual(
      notifications(ours).map((n) => n.path),
      theirs.map((n) => n.path),
    );
    for (const { path, content } of theirs) {
      const mine = obj(obj(ours.paths, "paths")[path], path)["x-ms-notification-content"];
      assert.deepEqual(
        obj(obj(mine, path).schema, `${path} notification schema`),
        content.schema,
        `notification schema of ${path}`,
      );
      assert.equal(typeof obj(mine, path).description, "string", `${path} notification text`);
      assert.ok(triggerAt(ours, path), `${path} is a trigger`);
    }
  });

  check("tests connections with TestConnection, as the reference does", () => {
    assert.deepEqual(ours["x-ms-capabilities"], reference["x-ms-capabilities"]);
    const capabilities = obj(ours["x-ms-capabilities"], "x-ms-capabilities");
    const testConnection = obj(capabilities.testConnection, "testConnection");
    const target = [...ourOps.values()].find(
      (op) => op.operation.operationId === testConnection.operationId,
    );
    assert.ok(target, "testConnection names an operation");
    assert.equal(target.method, "get");
    assert.deepEqual(parametersOf(target.operation), []);
  });

  check("has the same definitions, field for field", () => {
    const theirs = obj(reference.definitions, "reference definitions");
    const mine = obj(ours.definitions, "definitions");
    assert.deepEqual(Object.keys(mine).sort(), Object.keys(theirs).sort(), "definition names");
    assert.ok(Object.keys(theirs).length > 20, "the reference should have its definitions");
    for (const [name, schema] of Object.entries(theirs)) {
      assert.deepEqual(shape(mine[name]), shape(schema), `definition ${name}`);
    }
  });

  check("carries the same x-ms-* extensions in the definitions", () => {
    const compared = assertSameExtensions(ours.definitions, reference.definitions, "definitions");
    assert.ok(compared > 100, `only ${compared} x-ms-* keys compared; the walk is broken`);
  });

  check("matches the reference's paths and definitions once prose and labels are set aside", () => {
    assert.deepEqual(
      structure(withoutAddedLimits(ours.paths, reference.paths)),
      structure(reference.paths),
    );
    assert.deepEqual(
      structure(withoutAddedLimits(ours.definitions, reference.definitions)),
      structure(reference.definitions),
    );
  });
});

describe("Cirrus connector definition on its own", () => {
  const allOps = operationsOf(full);

  it("declares the limits its routes enforce, taken from the schemas they validate with", () => {
    const definitions = obj(full.definitions, "definitions");
    const at = (name: string) => obj(definitions[name], name);
    const property = (name: string, field: string) =>
      obj(obj(at(name).properties, `${name} properties`)[field], `${name}.${field}`);
    for (const name of ["TaskInformation", "Customer", "TelNumber", "CustomField", "Address"]) {
      assert.equal(at(name).additionalProperties, false, `${name} is closed`);
    }
    for (const name of ["ContactWriteDto", "SchedulerEntryWriteData", "ExternalTaskWriteDto"]) {
      assert.equal(at(name).additionalProperties, false, `${name} is closed`);
    }
    assert.equal(property("CustomContextParameter", "value").maxLength, 4_000);
    assert.equal(property("CustomContextParameter", "name").minLength, 1);
    assert.equal(property("Customer", "firstName").maxLength, 200);
    assert.equal(property("ContactWriteDto", "externalId").maxLength, 200);
    assert.equal(property("ContactWriteDto", "addresses").maxItems, 10);
    assert.equal(property("Customer", "telNumbers").maxItems, 50);
    assert.deepEqual(property("SchedulerEntryWriteData", "distributionPriority").enum, [
      "Low",
      "Normal",
      "High",
      "Urgent",
    ]);
    assert.equal(property("SchedulerEntryWriteData", "destination").maxLength, 320);
    const paths = obj(full.paths, "paths");
    const operation = (path: string, method: string) =>
      obj(obj(paths[path], path)[method], `${method} ${path}`);
    const [registration] = parametersOf(operation("/v1/triggers/tasks", "post"));
    const config = obj(obj(obj(registration?.schema, "body").properties, "body").config, "config");
    const url = obj(obj(config.properties, "config properties").url, "url");
    assert.equal(url.maxLength, 2_000, "the callback URL's length");
    const [taskId] = parametersOf(operation("/v1/tasks/{taskId}", "put"));
    assert.equal(typeof taskId?.maxLength, "number", "the task id's length");
    assert.equal(typeof taskId?.pattern, "string", "the task id's characters");
    // The response side carries no request limits.
    assert.equal(at("ContactReadDto").additionalProperties, undefined);
  });

  it("adds only its documented extensions, each an operation the permission matrix knows", () => {
    const extra = [...allOps.values()].filter((op) => !ourOps.has(op.key));
    assert.deepEqual(
      [...new Set(extra.map((op) => op.path))].sort(),
      [...connectorExtensions.paths].sort(),
    );
    const known = new Set(connectorOperations.map((o) => o.operationId));
    for (const op of extra) {
      const id = String(op.operation.operationId);
      assert.ok(known.has(id), `${id} is in the permission matrix`);
      assert.equal(typeof op.operation.summary, "string", `${id} has a summary`);
    }
    const trigger = obj(obj(full.paths, "paths")["/v1/triggers/assistant"], "assistant trigger");
    assert.ok(trigger["x-ms-notification-content"], "the assistant trigger says what it posts");
  });

  it("is consistent: refs resolve, lookups exist, path templates match path parameters", () => {
    const definitions = obj(full.definitions, "definitions");
    const refs = refsOf(full);
    assert.ok(refs.length > 30, "the document should use its definitions");
    for (const target of refs) {
      const name = /^#\/definitions\/(.+)$/.exec(target)?.[1];
      assert.ok(name !== undefined && name in definitions, `$ref ${target} resolves`);
    }
    const used = new Set(refs);
    for (const name of Object.keys(definitions)) {
      assert.ok(used.has(`#/definitions/${name}`), `definition ${name} is used`);
    }
    const requiredLists: unknown[][] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (isObj(node)) {
        for (const [key, value] of Object.entries(node)) {
          if (key === "required" && Array.isArray(value)) requiredLists.push(value);
          else collect(value);
        }
      }
    };
    collect(full);
    for (const list of requiredLists) {
      assert.equal(new Set(list).size, list.length, `required ${JSON.stringify(list)} repeats`);
    }
    const operationIds = [...allOps.values()].map((op) => String(op.operation.operationId));
    assert.equal(new Set(operationIds).size, operationIds.length, "operationIds are unique");
    const sources = dynamicValueSourcesOf(full);
    assert.ok(sources.length > 10, "the document should have drop-downs");
    for (const source of sources) {
      assert.ok(operationIds.includes(source), `x-ms-dynamic-values source ${source} exists`);
    }
    for (const op of allOps.values()) {
      const templated = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const inPath = parametersOf(op.operation)
        .filter((p) => p.in === "path")
        .map((p) => {
          assert.equal(p.required, true, `path parameter ${String(p.name)} of ${op.key}`);
          return p.name;
        })
        .sort();
      assert.deepEqual(inPath, templated, `path parameters of ${op.key}`);
    }
  });

  it("describes Cirrus, on the given host, behind a bearer token in Authorization", () => {
    const info = obj(full.info, "info");
    assert.equal(full.swagger, "2.0");
    assert.equal(info.title, "Cirrus");
    assert.match(String(info.description), /Cirrus/);
    assert.equal(typeof info.version, "string");
    assert.equal(full.host, "example.test");
    assert.deepEqual(full.schemes, ["https"]);
    assert.equal(full.basePath, "/");
    assert.deepEqual(full.consumes, ["application/json"]);
    assert.deepEqual(full.produces, ["application/json"]);
    const schemes = obj(full.securityDefinitions, "securityDefinitions");
    assert.deepEqual(Object.keys(schemes), ["api_key"]);
    const apiKey = obj(schemes.api_key, "api_key");
    assert.deepEqual([apiKey.type, apiKey.in, apiKey.name], ["apiKey", "header", "Authorization"]);
    assert.deepEqual(full.security, [{ api_key: [] }]);
    const text = textOf([full, connectorApiProperties()]).join("\n").toLowerCase();
    assert.ok(text.length > 5000, "the connector should describe itself");
    for (const word of ["nimbus", "luware", "microsoft", "azure"]) {
      assert.ok(!text.includes(word), `the connector's wording mentions "${word}"`);
    }
  });

  it("applies the options and hands out independent copies", () => {
    const other = obj(
      connectorDefinition({ host: "localhost:8080", scheme: "http", basePath: "/cirrus" }),
      "definition",
    );
    assert.equal(other.host, "localhost:8080");
    assert.deepEqual(other.schemes, ["http"]);
    assert.equal(other.basePath, "/cirrus");
    obj(other.definitions, "definitions").Modality = {};
    const fresh = obj(connectorDefinition({ host: "a.test", scheme: "https" }), "definition");
    assert.notDeepEqual(obj(fresh.definitions, "definitions").Modality, {});
    assert.throws(() => connectorDefinition({ host: "https://a.test", scheme: "https" }), /host/);
    assert.throws(
      () => connectorDefinition({ host: "a.test", scheme: "https", basePath: "api" }),
      /base path/,
    );
  });
});

/** The trigger operation registered at `path`, if any. */
function triggerAt(doc: Obj, path: string): boolean {
  const item = obj(obj(doc.paths, "paths")[path], path);
  return Object.values(item).some((op) => isObj(op) && op["x-ms-trigger"] === "single");
}

describe("Cirrus connector properties", () => {
  it("asks for a token and the server URL, and routes requests to that URL", () => {
    const root = obj(connectorApiProperties(), "apiProperties");
    const properties = obj(root.properties, "properties");
    const parameters = obj(properties.connectionParameters, "connectionParameters");
    assert.deepEqual(Object.keys(parameters).sort(), ["api_key", "endpoint"]);
    assert.equal(obj(parameters.api_key, "api_key").type, "securestring");
    const endpoint = obj(parameters.endpoint, "endpoint");
    assert.equal(endpoint.type, "string");
    const constraints = obj(obj(endpoint.uiDefinition, "uiDefinition").constraints, "constraints");
    assert.equal(constraints.required, "true");
    assert.deepEqual(properties.policyTemplateInstances, [
      {
        templateId: "dynamichosturl",
        title: "Cirrus server URL",
        parameters: {
          "x-ms-apimTemplateParameter.urlTemplate": "@connectionParameters('endpoint')",
        },
      },
    ]);
    assert.equal(properties.publisher, "Cirrus");
    assert.equal(properties.stackOwner, "Cirrus");
    assert.deepEqual(properties.capabilities, []);
    assert.match(String(properties.iconBrandColor), /^#[0-9A-Fa-f]{6}$/);
  });
});

/** The operations of a definition, as [where, operation]. */
function operationEntries(doc: Obj): [string, Obj][] {
  return [...operationsOf(doc).values()].map((op) => [op.key, op.operation]);
}

/** Every schema under a node with `x-ms-notification-url`, with the `required` of its parent. */
function notificationUrls(node: unknown, out: [Obj, boolean][] = []): [Obj, boolean][] {
  if (Array.isArray(node)) for (const entry of node) notificationUrls(entry, out);
  else if (isObj(node)) {
    const properties = isObj(node.properties) ? node.properties : {};
    const required = Array.isArray(node.required) ? node.required : [];
    for (const [name, property] of Object.entries(properties)) {
      if (isObj(property) && property["x-ms-notification-url"] === true) {
        out.push([property, required.includes(name)]);
      }
    }
    for (const value of Object.values(node)) notificationUrls(value, out);
  }
  return out;
}

/** The published certification rules for a custom connector's definition. */
function assertCertifiable(doc: Obj, name: string): void {
  const operations = operationEntries(doc);
  assert.ok(operations.length >= 28, `${name} has its operations`);
  for (const [where, operation] of operations) {
    assert.match(String(operation.operationId), /^[A-Za-z][A-Za-z0-9]*$/, `${where} operationId`);
    const summary = String(operation.summary ?? "");
    assert.ok(summary.length > 0 && summary.length <= 80, `${where} summary ≤ 80: ${summary}`);
    assert.doesNotMatch(summary, /[.!?]$/, `${where} summary is a title, not a sentence`);
    assert.match(String(operation.description), /^[A-Z].*[.]$/s, `${where} description`);
    for (const parameter of parametersOf(operation)) {
      if (typeof parameter.description === "string") {
        assert.match(parameter.description, /^[A-Z].*[.]$/s, `${where} ${parameter.name}`);
      }
      if (parameter.in === "path") {
        assert.ok(parameter["x-ms-url-encoding"], `${where} path ${parameter.name} encoding`);
      }
    }
    const responses = obj(operation.responses, `${where} responses`);
    if (isObj(responses.default)) {
      assert.equal(responses.default.schema, undefined, `${where} default has no schema`);
    }
  }
  const urls = notificationUrls(doc.paths);
  assert.ok(urls.length >= 2, `${name} has its trigger callback URLs`);
  for (const [url, required] of urls) {
    assert.equal(url.type, "string", "the notification URL is a string");
    assert.equal(url["x-ms-visibility"], "internal", "the notification URL is internal");
    assert.ok(required, "the notification URL is required");
  }
}

/** Width, height and colour type of a PNG, from its IHDR. */
function pngHeader(bytes: Buffer): { width: number; height: number; colourType: number } {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(bytes.subarray(12, 16).toString("ascii"), "IHDR");
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    colourType: bytes.readUInt8(25),
  };
}

describe("cirrus connector export", () => {
  const entra = {
    resourceUri: "api://cirrus.example.test",
    tenantId: "contoso.example",
    clientId: "11111111-2222-3333-4444-555555555555",
  };

  it("writes the definition, properties, icon and settings, with the host and scheme", async () => {
    const base = await mkdtemp(join(tmpdir(), "cirrus-connector-"));
    try {
      const dir = join(base, "out", "connector");
      const options = { host: "cirrus.example.test:8443", scheme: "http" } as const;
      const paths = await exportConnector(dir, options);
      const names = [
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "icon.png",
        "settings.json",
      ];
      assert.deepEqual(
        paths,
        names.map((name) => join(dir, name)),
      );
      const read = async (name: string) => JSON.parse(await readFile(join(dir, name), "utf8"));
      const definition = obj(await read("apiDefinition.swagger.json"), "definition");
      assert.equal(definition.host, "cirrus.example.test:8443");
      assert.deepEqual(definition.schemes, ["http"]);
      assert.deepEqual(definition, connectorDefinition(options));
      assert.deepEqual(await read("apiProperties.json"), connectorApiProperties());
      assert.deepEqual(await read("settings.json"), {
        apiDefinition: "apiDefinition.swagger.json",
        apiProperties: "apiProperties.json",
        icon: "icon.png",
      });
      const icon = await readFile(join(dir, "icon.png"));
      // Certification: a 230×230 PNG, opaque (no alpha), well under 1 MB.
      assert.deepEqual(pngHeader(icon), { width: 230, height: 230, colourType: 2 });
      assert.ok(icon.length < 1_000_000);
      assertCertifiable(definition, "the exported definition");
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it("adds an OAuth 2.0 variant signing in with Entra ID when one is configured", async () => {
    const base = await mkdtemp(join(tmpdir(), "cirrus-connector-"));
    try {
      const paths = await exportConnector(base, { host: "a.test", scheme: "https" }, entra);
      assert.equal(paths.length, 8);
      const oauth = join(base, "oauth");
      const read = async (name: string) =>
        obj(JSON.parse(await readFile(join(oauth, name), "utf8")), name);
      const definition = await read("apiDefinition.swagger.json");
      const schemes = obj(definition.securityDefinitions, "securityDefinitions");
      const scheme = obj(Object.values(schemes)[0], "oauth scheme");
      assert.deepEqual([scheme.type, scheme.flow], ["oauth2", "accessCode"]);
      assert.match(String(scheme.authorizationUrl), /^https:\/\/login\.microsoftonline\.com\//);
      assert.deepEqual(definition.security, [{ [Object.keys(schemes)[0] ?? ""]: [] }]);
      assertCertifiable(definition, "the OAuth definition");
      const properties = obj((await read("apiProperties.json")).properties, "properties");
      const parameters = obj(properties.connectionParameters, "connectionParameters");
      assert.equal(parameters.api_key, undefined, "no token to paste");
      const token = obj(parameters.token, "token");
      assert.equal(token.type, "oauthSetting");
      const settings = obj(token.oAuthSettings, "oAuthSettings");
      assert.equal(settings.identityProvider, "aad");
      assert.equal(settings.clientId, entra.clientId);
      const custom = obj(settings.customParameters, "customParameters");
      assert.deepEqual(custom.resourceUri, { value: entra.resourceUri });
      assert.deepEqual(custom.tenantId, { value: entra.tenantId });
      assert.ok(parameters.endpoint, "the server URL is still asked for");
      pngHeader(await readFile(join(oauth, "icon.png")));
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it("reads the Entra ID tenant from the issuer", () => {
    assert.equal(
      entraTenantOf("https://login.microsoftonline.com/contoso.example/v2.0"),
      "contoso.example",
    );
    assert.equal(entraTenantOf("https://sts.windows.net/abc/"), "abc");
    assert.equal(entraTenantOf("https://idp.example.test"), "common");
  });
});
