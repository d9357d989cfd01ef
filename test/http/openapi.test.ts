/**
 * The API description over real HTTP: the OpenAPI 3.1 document at /openapi.json, collected
 * from the routes' schemas, and Swagger UI at /docs with its assets served by the server
 * itself (no CDN).
 *
 * It runs against `buildServer` as the other tests do, which registers the description with
 * `await registerOpenApi(app, { version: packageVersion })` before any route. A server that
 * does not (GET /openapi.json is 404) skips the suite, saying so.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { startTestServer } from "../support/in-process-server.ts";

interface Operation {
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: {
    required?: boolean;
    content: Record<
      string,
      { schema: { properties?: Record<string, unknown>; required?: string[] } }
    >;
  };
  responses: Record<string, unknown>;
}

interface Document {
  openapi: string;
  info: { title: string; version: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes?: Record<string, Record<string, unknown>> };
  security?: Record<string, string[]>[];
}

const methods = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);

describe("OpenAPI description", async () => {
  const server = await startTestServer();
  after(() => server.close());

  const probe = await fetch(`${server.url}/openapi.json`);
  if (probe.status === 404) {
    await probe.arrayBuffer();
    it("is skipped", {
      skip:
        "GET /openapi.json is 404: buildServer does not call registerOpenApi yet " +
        "(add `await registerOpenApi(app, { version: packageVersion })` before its routes)",
    }, () => {});
    return;
  }
  assert.equal(probe.status, 200, "GET /openapi.json");
  assert.match(probe.headers.get("content-type") ?? "", /^application\/json/);
  const document = (await probe.json()) as Document;
  const operation = (path: string, method: string): Operation => {
    const found = document.paths[path]?.[method];
    assert.ok(found, `${method.toUpperCase()} ${path} is described`);
    return found;
  };

  it("is OpenAPI 3.1, needing no token to read", () => {
    assert.match(document.openapi, /^3\.1\.\d+$/);
    assert.equal(document.info.title, "Cirrus");
    assert.ok(document.info.version.length > 0);
  });

  it("names the server it was asked from", () => {
    assert.deepEqual(document.servers, [{ url: server.url }]);
  });

  it("declares bearer authentication, applied to every operation by default", () => {
    assert.deepEqual(document.components.securitySchemes?.bearerAuth, {
      type: "http",
      scheme: "bearer",
    });
    assert.deepEqual(document.security, [{ bearerAuth: [] }]);
    // The unauthenticated operations say so.
    assert.deepEqual(operation("/healthz", "get").security, []);
  });

  it("describes the ingress call with its body schema", () => {
    const post = operation("/api/ingress/calls", "post");
    const schema = post.requestBody?.content["application/json"]?.schema;
    assert.ok(schema, "a JSON request body");
    assert.ok(schema.properties?.to, "`to`");
    assert.ok(schema.properties?.from, "`from`");
    assert.deepEqual([...(schema.required ?? [])].sort(), ["from", "to"]);
    assert.equal(post.requestBody?.required, true);
  });

  it("describes the connector's operations, path parameters in braces", () => {
    operation("/v1/triggers/tasks", "post");
    const put = operation("/v1/tasks/{taskId}", "put");
    assert.ok(
      put.parameters?.some((p) => p.in === "path" && p.name === "taskId" && p.required === true),
      "taskId is a required path parameter",
    );
    assert.ok(put.requestBody, "Update task takes a body");
    for (const path of Object.keys(document.paths)) {
      assert.doesNotMatch(path, /:/, `${path} uses {name}, not :name`);
    }
  });

  it("declares every path parameter of every operation", () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        if (!methods.has(method)) continue;
        for (const name of names) {
          assert.ok(
            op.parameters?.some((p) => p.in === "path" && p.name === name && p.required),
            `${method.toUpperCase()} ${path} declares {${name}}`,
          );
        }
      }
    }
  });

  it("tags operations by the API they belong to", () => {
    assert.deepEqual(operation("/api/ingress/calls", "post").tags, ["ingress"]);
    assert.deepEqual(operation("/api/agent/presence", "put").tags, ["agent"]);
    assert.deepEqual(operation("/api/admin/tokens", "post").tags, ["admin"]);
    assert.deepEqual(operation("/api/events", "get").tags, ["events"]);
    assert.deepEqual(operation("/v1/triggers/tasks", "post").tags, ["connector"]);
    assert.deepEqual(operation("/v2/AddressBooks", "get").tags, ["connector"]);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (methods.has(method)) assert.equal(op.tags?.length, 1, `${method} ${path} is tagged`);
      }
    }
  });

  it("leaves out its own routes", () => {
    for (const path of Object.keys(document.paths)) {
      assert.notEqual(path, "/openapi.json");
      assert.ok(!path.startsWith("/docs"), `${path} is not the UI's`);
    }
  });

  it("serves Swagger UI at /docs, its assets from the server itself", async () => {
    const page = await fetch(`${server.url}/docs`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    const html = await page.text();
    assert.doesNotMatch(html, /https?:\/\//, "no absolute (CDN) URLs in the page");
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
    const scripts = assets.filter((a) => a.endsWith(".js"));
    const styles = assets.filter((a) => a.endsWith(".css"));
    assert.ok(
      scripts.some((a) => a.endsWith("/swagger-ui-bundle.js")),
      "the UI bundle",
    );
    assert.ok(
      styles.some((a) => a.endsWith("/swagger-ui.css")),
      "the UI stylesheet",
    );
    for (const asset of assets) {
      const url = new URL(asset, `${server.url}/docs`);
      assert.equal(url.origin, server.url, `${asset} is served by the server`);
      const response = await fetch(url);
      await response.arrayBuffer();
      assert.equal(response.status, 200, `GET ${url.pathname}`);
      if (asset.endsWith(".js")) {
        assert.match(response.headers.get("content-type") ?? "", /javascript/, asset);
      }
      if (asset.endsWith(".css")) assert.match(response.headers.get("content-type") ?? "", /css/);
    }
  });

  it("gives the UI the same document", async () => {
    const response = await fetch(`${server.url}/docs/json`);
    assert.equal(response.status, 200);
    const ui = (await response.json()) as Document;
    assert.deepEqual(Object.keys(ui.paths).sort(), Object.keys(document.paths).sort());
    assert.equal(ui.openapi, document.openapi);
  });
});
