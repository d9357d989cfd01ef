/** The connector's lookups, Update task, connection test and not-yet-available operations. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { occupySupportMember } from "../support/engine-calls.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { ReferenceClient } from "../support/reference-client.ts";

interface EventView {
  type: string;
  data: Record<string, unknown>;
}

describe("connector API", () => {
  let server: TestServer;
  let checked: ReferenceClient | undefined;
  /** Every connector call, held to the certified connector's definition. */
  const connector = () => {
    checked ??= new ReferenceClient(server.api);
    return checked;
  };
  let frank: string;
  let bob: string;
  before(async () => {
    server = await startTestServer();
    frank = await server.tokenFor("frank"); // Team Owner in Sales
    bob = await server.tokenFor("bob"); // User
  });
  after(async () => {
    await server.close();
  });

  const get = <T>(path: string, token = server.adminToken) =>
    connector().request<T>("GET", path, token);

  it("lists events, modalities and directions as name/value pairs", async () => {
    const events = await get<{ name: string; value: string }[]>("/v1/tasks/events");
    assert.equal(events.status, 200);
    assert.deepEqual(events.body[0], { name: "Workflow Started", value: "WorkflowStarted" });
    assert.deepEqual(
      events.body.map((e) => e.value),
      [
        "WorkflowStarted",
        "Created",
        "SystemAccepted",
        "ParameterUpdated",
        "InQueue",
        "ConnectedToUser",
        "DestinationReached",
        "QueueLeft",
        "Terminated",
      ],
    );
    const modalities = await get<{ name: string; value: string }[]>("/v1/tasks/modalities");
    assert.ok(
      modalities.body.some((m) => m.name === "Instant Messaging" && m.value === "InstantMessaging"),
    );
    const directions = await get<{ value: string }[]>("/v1/tasks/directions");
    assert.deepEqual(
      directions.body.map((d) => d.value),
      ["Inbound", "Outbound"],
    );
    const scheduler = await get<{ name: string; value: string }[]>("/v1/scheduler-entries/events");
    assert.ok(scheduler.body.some((e) => e.name === "Limit reached" && e.value === "LimitReached"));
  });

  it("lists the services and users a caller may use, reading up the path", async () => {
    const forAdmin = await get<string[]>("/v1/tasks/service-contacts");
    assert.deepEqual(forAdmin.body.sort(), ["sales@demo.cirrus.test", "support@demo.cirrus.test"]);
    const forOwner = await get<string[]>("/v1/tasks/service-contacts", frank);
    assert.deepEqual(forOwner.body, ["sales@demo.cirrus.test"]);
    const users = await get<string[]>("/v1/tasks/users-for-preferred-routing", frank);
    assert.deepEqual(users.body.sort(), [
      "dave@demo.cirrus.test",
      "erin@demo.cirrus.test",
      "frank@demo.cirrus.test",
      "tina@demo.cirrus.test",
    ]);
    const forbidden = await get("/v1/tasks/service-contacts", bob);
    assert.equal(forbidden.status, 403);
  });

  it("answers the connection test for connector roles only", async () => {
    const ok = await get<unknown>("/v1/diagnostics/testconnection", frank);
    assert.equal(ok.status, 200);
    assert.equal(ok.body, "", "the reference declares no body");
    const user = await get("/v1/diagnostics/testconnection", bob);
    assert.equal(user.status, 403);
    const none = await get("/v1/diagnostics/testconnection", "");
    assert.equal(none.status, 401);
  });

  it("updates a task in progress, raising Parameter Updated per changed parameter", async () => {
    await occupySupportMember(server.engine);
    const call = await server.api.request<{ taskId: string }>(
      "POST",
      "/api/ingress/calls",
      server.adminToken,
      {
        to: "support@demo.cirrus.test",
        from: "+41790000009",
      },
    );
    const { taskId } = call.body;
    const update = (body: unknown, token = server.adminToken) =>
      connector().request<{ field?: string }>("PUT", `/v1/tasks/${taskId}`, token, body);
    const first = await update({
      customer: { firstName: "Jane", lastName: "Doe", email: "jane@example.com" },
      customContextParameters: [
        { name: "Reason", value: "Billing" },
        { name: "Account", value: "42" },
      ],
      preferredUsers: [{ upn: "alice@demo.cirrus.test", priority: 1 }],
    });
    assert.equal(first.status, 200);
    assert.equal(first.body, "", "the reference declares no body");
    const none = await update(undefined);
    assert.equal(none.status, 200, "no body is a change of nothing");
    const again = await update({ customContextParameters: [{ name: "Reason", value: "Billing" }] });
    assert.equal(again.status, 200);
    const events = await server.api.request<{ events: EventView[] }>(
      "GET",
      `/api/events?taskId=${taskId}`,
      server.adminToken,
    );
    const updates = events.body.events.filter((e) => e.type === "ParameterUpdated");
    assert.deepEqual(
      updates.map((e) => [e.data.updatedParameterName, e.data.updatedParameterValue]),
      [
        ["Reason", "Billing"],
        ["Account", "42"],
      ],
    );
    const info = updates.at(-1)?.data.taskInformation as Record<string, unknown>;
    assert.deepEqual(info.customer, {
      firstName: "Jane",
      lastName: "Doe",
      email: "jane@example.com",
    });
    assert.deepEqual(info.preferredUsers, [{ upn: "alice@demo.cirrus.test", priority: 1 }]);

    // The reference requires only the name of each item; the value is then empty.
    const nameOnly = await update({
      customContextParameters: [{ name: "flag" }],
      customer: { telNumbers: [{ name: "office" }], customFields: [{ name: "vip" }] },
    });
    assert.equal(nameOnly.status, 200, JSON.stringify(nameOnly.body));
    const flagged = await server.api.request<{ events: EventView[] }>(
      "GET",
      `/api/events?taskId=${taskId}`,
      server.adminToken,
    );
    const flag = flagged.body.events.filter((e) => e.type === "ParameterUpdated").at(-1);
    assert.deepEqual(
      [flag?.data.updatedParameterName, flag?.data.updatedParameterValue],
      ["flag", ""],
    );

    const extra = await update({ customer: { firstName: "J", internalFlag: true } });
    assert.equal(extra.status, 400, "only the definition's fields");
    assert.equal(extra.body.field, "customer.internalFlag");
    const outOfScope = await update(
      { preferredUsers: [{ upn: "alice@demo.cirrus.test", priority: 1 }] },
      frank,
    );
    assert.equal(outOfScope.status, 404, "frank may not touch a support task at all");

    const unknownUser = await update({
      preferredUsers: [{ upn: "ghost@demo.cirrus.test", priority: 1 }],
    });
    assert.equal(unknownUser.status, 422);
    assert.equal(unknownUser.body.field, "preferredUsers[0].upn");
    const notOwners = await update({ customContextParameters: [{ name: "x", value: "y" }] }, frank);
    assert.equal(notOwners.status, 404, "a support task is not the sales owner's to update");
    const missing = await connector().request(
      "PUT",
      "/v1/tasks/no-such-task",
      server.adminToken,
      {},
    );
    assert.equal(missing.status, 404);
    await server.api.request("POST", `/api/ingress/tasks/${taskId}/hangup`, server.adminToken);
  });

  it("serves its definition for this host, and routes every operation in it", async () => {
    const served = await get<{
      host: string;
      schemes: string[];
      paths: Record<string, Record<string, { operationId?: string }>>;
    }>("/connector/swagger.json", "");
    assert.equal(served.status, 200);
    assert.equal(served.body.host, new URL(server.url).host);
    assert.deepEqual(served.body.schemes, ["http"]);
    let operations = 0;
    for (const [template, methods] of Object.entries(served.body.paths)) {
      const path = template.replace(/\{[^}]+\}/g, "x");
      for (const [method, operation] of Object.entries(methods)) {
        if (method.startsWith("x-")) continue;
        operations++;
        const response = await connector().request<{ detail?: string }>(
          method.toUpperCase() as "GET",
          path,
          server.adminToken,
          method === "get" || method === "delete" ? undefined : {},
        );
        assert.doesNotMatch(String(response.body.detail), /^no route/, `${operation.operationId}`);
        assert.ok(response.status < 500, `${operation.operationId}: ${response.status}`);
      }
    }
    // The 28 certified operations and the virtual user assistant's three.
    assert.equal(operations, 31);
    assert.ok((checked?.checked.length ?? 0) > 28, "the calls were held to the reference");
  });

  it("refuses a Host it cannot build URLs from", async () => {
    const { request } = await import("node:http");
    const { port } = new URL(server.url);
    const statusWith = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const sent = request(
          { host: "127.0.0.1", port, path: "/connector/swagger.json", headers: { host } },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        sent.on("error", reject);
        sent.end();
      });
    for (const host of ["[", "a:b:c", "x:99999"]) assert.equal(await statusWith(host), 400, host);
    assert.equal(await statusWith("cirrus.example.com"), 200);
  });
});
