/**
 * The audit trail and role changes over real HTTP: every administrator's change is an
 * `AdminChanged` event in the log (who, what, which, how, when); a changed role applies to
 * the connector at once; the last Tenant Admin cannot be demoted.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { endedCall } from "../support/ended-call.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { startReceiver } from "../support/webhook-receiver.ts";

interface EventView {
  type: string;
  at: string;
  data: { actorUserId: string; action: string; target: string; details: Record<string, unknown> };
}

describe("audit trail and roles", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });
  const admin = <T>(method: "GET" | "PUT" | "POST" | "DELETE", path: string, body?: unknown) =>
    server.api.request<T>(method, path, server.adminToken, body);
  const changes = async () =>
    (
      await admin<{ events: EventView[] }>("GET", "/api/events?include=all&limit=1000")
    ).body.events.filter((e) => e.type === "AdminChanged");

  it("records who changed what and when: routing and tokens", async () => {
    await admin("PUT", "/api/admin/services/service-sales/routing", { policy: "Serial" });
    const issued = await admin<{ id: string }>("POST", "/api/admin/tokens", {
      gateway: "sbc-1",
    });
    await admin("DELETE", `/api/admin/tokens/${issued.body.id}`);
    const seen = (await changes()).map((e) => [e.data.actorUserId, e.data.action, e.data.target]);
    assert.deepEqual(seen.slice(-3), [
      ["user-admin", "service.routing", "service-sales"],
      ["user-admin", "token.issue", issued.body.id],
      ["user-admin", "token.revoke", issued.body.id],
    ]);
    const routing = (await changes()).find((e) => e.data.action === "service.routing");
    assert.deepEqual(routing?.data.details, { policy: "Serial" });
    assert.ok(Date.parse(routing?.at ?? "") > 0, "when");
  });

  it("changes a role with effect on the connector at once, and records it", async () => {
    const frank = await server.tokenFor("frank");
    const lookup = () => server.api.request("GET", "/v1/tasks/service-contacts", frank);
    assert.equal((await lookup()).status, 200, "a Team Owner may");
    const changed = await admin<{ role: string }>("PUT", "/api/admin/users/user-frank/role", {
      role: "User",
    });
    assert.equal(changed.status, 200);
    assert.equal((await lookup()).status, 403, "a User may not");
    const users = await admin<{ users: { id: string; role: string; orgUnitId: string }[] }>(
      "GET",
      "/api/admin/users",
    );
    const row = users.body.users.find((u) => u.id === "user-frank");
    assert.deepEqual([row?.role, row?.orgUnitId], ["User", "ou-sales"]);
    const last = (await changes()).at(-1);
    assert.deepEqual(last?.data, {
      actorUserId: "user-admin",
      action: "user.role",
      target: "user-frank",
      details: { from: "TeamOwner", to: "User" },
    });
  });

  it("keeps the flows of an owner whose role was taken away firing, as the seed says", async () => {
    const receiver = await startReceiver();
    try {
      // Frank owns sales; an earlier test took his role away, so he gets it back first.
      const frank = "user-frank";
      await admin("PUT", `/api/admin/users/${frank}/role`, { role: "TeamOwner" });
      const token = await server.tokenFor("frank");
      const created = await server.api.request("POST", "/v1/triggers/tasks", token, {
        config: {
          url: receiver.url,
          services: ["sales@demo.cirrus.test"],
          taskEvents: ["Terminated"],
        },
      });
      assert.equal(created.status, 201);
      await admin("PUT", `/api/admin/users/${frank}/role`, { role: "User" });
      const taskId = await endedCall(
        server.api,
        server.adminToken,
        "sales@demo.cirrus.test",
        "+41790000077",
      );
      await receiver.until((received) =>
        received.some((r) => r.json.taskId === taskId && r.json.event === "Terminated"),
      );
    } finally {
      await receiver.close();
    }
  });

  it("lets a Team Owner reach only the services they own", async () => {
    await admin("PUT", "/api/admin/users/user-erin/role", { role: "TeamOwner" });
    const erin = await server.tokenFor("erin");
    const services = await server.api.request<string[]>("GET", "/v1/tasks/service-contacts", erin);
    assert.deepEqual(services.body, [], "erin sits in sales but owns nothing");
    const refused = await server.api.request<{ field?: string }>(
      "POST",
      "/v1/triggers/tasks",
      erin,
      {
        config: {
          url: "http://127.0.0.1:9/x",
          services: ["sales@demo.cirrus.test"],
          taskEvents: [],
        },
      },
    );
    assert.equal(refused.status, 400);
    assert.equal(refused.body.field, "config.services[0]");
  });

  it("shows a Supervisor the services and users of their unit and below only", async () => {
    const grace = await server.tokenFor("grace"); // Supervisor in Customer Support
    const services = await server.api.request<{ services: { upn: string }[] }>(
      "GET",
      "/api/admin/supervisor/services",
      grace,
    );
    assert.equal(services.status, 200);
    assert.deepEqual(
      services.body.services.map((s) => s.upn),
      ["support@demo.cirrus.test", "helpdesk@demo.cirrus.test"],
    );
    const users = await server.api.request<{ users: { upn: string }[] }>(
      "GET",
      "/api/admin/supervisor/users",
      grace,
    );
    assert.ok(
      users.body.users.every((u) => !u.upn.startsWith("dave")),
      "sales is not hers",
    );
    assert.ok(
      users.body.users.some((u) => u.upn.startsWith("carol")),
      "second level is below",
    );
    const alice = await server.tokenFor("alice");
    const refused = await server.api.request("GET", "/api/admin/supervisor/services", alice);
    assert.equal(refused.status, 403);
  });

  it("refuses to demote the last Tenant Admin, an unknown user or role, naming the field", async () => {
    const last = await admin<{ field?: string }>("PUT", "/api/admin/users/user-admin/role", {
      role: "User",
    });
    assert.equal(last.status, 409);
    assert.equal(last.body.field, "role");
    const unknown = await admin<{ field?: string }>("PUT", "/api/admin/users/user-ghost/role", {
      role: "User",
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.field, "userId");
    const bad = await admin<{ field?: string }>("PUT", "/api/admin/users/user-bob/role", {
      role: "Emperor",
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, "role");
    const bob = await server.tokenFor("bob");
    const forbidden = await server.api.request("PUT", "/api/admin/users/user-bob/role", bob, {
      role: "TenantAdmin",
    });
    assert.equal(forbidden.status, 403);
  });
});
