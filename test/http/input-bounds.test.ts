/**
 * Numbers out of a column's range and text a store cannot keep (NUL, unpaired surrogates) are
 * refused at validation with a 400 naming the field, on both stores alike, instead of reaching
 * the database.
 */
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { describeEachStore } from "../support/databases.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";

const hugeNumbers = ["1e400", "Infinity", "-Infinity", "NaN", "9223372036854775808", "1e20"];

describeEachStore("Input bounds", (kind) => {
  let server: TestServer;
  let taskId = "";
  let alice = "";
  before(async () => {
    server = await startTestServer(kind);
    alice = await server.tokenFor("alice");
    const created = await server.api.request<{ taskId: string }>(
      "POST",
      "/api/ingress/chats",
      server.adminToken,
      { to: "support@demo.cirrus.test", from: "carol@example.com", message: "hi" },
    );
    assert.equal(created.status, 201);
    taskId = created.body.taskId;
  });
  after(async () => {
    await server.close();
  });

  const refuses = async (path: string, field: string, token = server.adminToken) => {
    const response = await server.api.request<{ field?: string }>("GET", path, token);
    assert.equal(response.status, 400, `${path}: ${JSON.stringify(response.body)}`);
    assert.match(response.contentType, /^application\/problem\+json/);
    assert.equal(response.body.field, field, path);
  };

  it("refuses numbers beyond the safe range in every numeric query parameter", async () => {
    for (const value of hugeNumbers) {
      await refuses(`/api/ingress/tasks/${taskId}/prompts?after=${value}`, "after");
      await refuses(`/api/agent/tasks/${taskId}/messages?after=${value}`, "after", alice);
      await refuses(`/api/events?after=${value}`, "after");
      await refuses(`/api/events/stream?after=${value}`, "after");
      await refuses(`/api/admin/workflows/demo-support-call?version=${value}`, "version");
    }
    // A workflow version is a 32-bit column.
    await refuses("/api/admin/workflows/demo-support-call?version=2147483648", "version");
  });

  it("refuses a NUL in a query string", async () => {
    await refuses("/v2/AddressBooks/Key%20customers/contacts?externalIds=a%00b", "externalIds");
    await refuses(
      "/v2/AddressBooks/Key%20customers/contacts?externalIds=a&externalIds=%00",
      "externalIds[1]",
    );
  });

  it("refuses a NUL or an unpaired surrogate anywhere in a JSON body", async () => {
    for (const bad of ["a\u0000b", "a\ud800b"]) {
      const response = await server.api.request<{ field?: string }>(
        "POST",
        "/api/admin/workflows",
        server.adminToken,
        { document: { name: "x", nodes: [{ label: bad }] } },
      );
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.field, "document.nodes[0].label");
    }
    const key = await server.api.request<{ field?: string }>(
      "POST",
      "/api/admin/workflows",
      server.adminToken,
      { document: { "a\u0000": 1 } },
    );
    assert.equal(key.status, 400);
    assert.equal(key.body.field, "document");
  });

  it("answers an out-of-range Last-Event-ID from now on instead of failing", async () => {
    const response = await fetch(`${server.url}/api/events/stream`, {
      headers: { authorization: `Bearer ${server.adminToken}`, "last-event-id": "1e300" },
    });
    assert.equal(response.status, 200);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    assert.match(new TextDecoder().decode(first?.value), /stream open/);
    await reader?.cancel();
  });
});
