/** The HTTP API over real HTTP: the call flow, authentication, validation and problems. */
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { followsGrammar } from "../../src/domain/eventGrammar.ts";
import type { TaskEventType } from "../../src/domain/events.ts";
import { describeEachStore } from "../support/databases.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";

interface EventView {
  seq: number;
  type: TaskEventType;
  taskId: string;
  data: Record<string, unknown>;
}

describeEachStore("HTTP API", (kind) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(kind);
  });
  after(async () => {
    await server.close();
  });

  const call = (to = "support@demo.cirrus.test") =>
    server.api.request<{ taskId: string }>("POST", "/api/ingress/calls", server.adminToken, {
      to,
      from: "+41791234567",
    });

  async function eventsOf(taskId: string): Promise<EventView[]> {
    const response = await server.api.request<{ events: EventView[] }>(
      "GET",
      `/api/events?after=0&limit=1000&taskId=${taskId}`,
      server.adminToken,
    );
    assert.equal(response.status, 200);
    return response.body.events;
  }

  it("carries a call from arrival through accept to hang-up", async () => {
    const alice = await server.tokenFor("alice");
    const presence = await server.api.request("PUT", "/api/agent/presence", alice, {
      status: "Available",
    });
    assert.equal(presence.status, 200);
    const created = await call();
    assert.equal(created.status, 201);
    const { taskId } = created.body;
    const offers = await server.api.request<{ offers: { id: string; taskId: string }[] }>(
      "GET",
      "/api/agent/offers",
      alice,
    );
    const offer = offers.body.offers[0];
    assert.equal(offer?.taskId, taskId);
    const accepted = await server.api.request(
      "POST",
      `/api/agent/offers/${offer?.id}/accept`,
      alice,
    );
    assert.equal(accepted.status, 200);
    const hangup = await server.api.request(
      "POST",
      `/api/ingress/tasks/${taskId}/hangup`,
      server.adminToken,
    );
    assert.equal(hangup.status, 204);
    const events = await eventsOf(taskId);
    const types = events.map((e) => e.type);
    assert.deepEqual(types, [
      "WorkflowStarted",
      "SystemAccepted",
      "InQueue",
      "ConnectedToUser",
      "Terminated",
    ]);
    assert.ok(followsGrammar(types));
    const seqs = events.map((e) => e.seq);
    assert.ok(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] ?? 0)));
    assert.equal(events.at(-1)?.data.LastConnectedUserUPN, "alice@demo.cirrus.test");
    const task = await server.api.request<{ status: string }>(
      "GET",
      `/api/tasks/${taskId}`,
      server.adminToken,
    );
    assert.equal(task.body.status, "terminated");
  });

  it("answers a long poll for offers as soon as a task is offered", async () => {
    const dave = await server.tokenFor("dave");
    await server.api.request("PUT", "/api/agent/presence", dave, { status: "Available" });
    const started = Date.now();
    const poll = server.api.request<{ offers: { taskId: string }[] }>(
      "GET",
      "/api/agent/offers?waitMs=10000",
      dave,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const created = await call("sales@demo.cirrus.test");
    const offers = await poll;
    assert.equal(offers.body.offers[0]?.taskId, created.body.taskId);
    assert.ok(Date.now() - started < 5000, "the poll did not wait out its time");
    await server.api.request("PUT", "/api/agent/presence", dave, { status: "Offline" });
  });

  it("takes chats and emails with their modality's fields", async () => {
    const chat = await server.api.request<{ taskId: string }>(
      "POST",
      "/api/ingress/chats",
      server.adminToken,
      { to: "sales@demo.cirrus.test", from: "jane@example.com", message: "Hello?" },
    );
    assert.equal(chat.status, 201);
    const email = await server.api.request<{ taskId: string }>(
      "POST",
      "/api/ingress/emails",
      server.adminToken,
      { to: "support@demo.cirrus.test", from: "joe@example.com", subject: "Order", body: "Hi" },
    );
    assert.equal(email.status, 201);
    const [chatStart] = await eventsOf(chat.body.taskId);
    assert.equal(chatStart?.data.modality, "InstantMessaging");
    assert.equal(chatStart?.data.initialMessage, "Hello?");
    assert.equal(chatStart?.data.callerUPN, "jane@example.com");
    const [emailStart] = await eventsOf(email.body.taskId);
    assert.equal(emailStart?.data.modality, "Email");
    assert.equal(emailStart?.data.emailSubject, "Order");
    const live = await server.api.request<{ status: string }>(
      "GET",
      `/api/tasks/${email.body.taskId}`,
      server.adminToken,
    );
    assert.equal(live.body.status, "queued");
  });

  it("lists services with members and users with presence", async () => {
    const services = await server.api.request<{
      services: { upn: string; modalities: string[]; members: { upn: string }[] }[];
    }>("GET", "/api/admin/services", server.adminToken);
    const support = services.body.services.find((s) => s.upn === "support@demo.cirrus.test");
    assert.deepEqual(support?.modalities, ["Audio", "InstantMessaging", "Email"]);
    assert.ok(support?.members.some((m) => m.upn === "alice@demo.cirrus.test"));
    const users = await server.api.request<{ users: { upn: string; presence: string }[] }>(
      "GET",
      "/api/admin/users",
      server.adminToken,
    );
    assert.equal(users.body.users.length, 11);
  });

  it("refuses missing, unknown and under-privileged tokens", async () => {
    const none = await server.api.request("GET", "/api/admin/users", "");
    assert.equal(none.status, 401);
    assert.match(none.contentType, /^application\/problem\+json/);
    const unknown = await server.api.request("GET", "/api/admin/users", "cirrus_nope");
    assert.equal(unknown.status, 401);
    const bob = await server.tokenFor("bob");
    const forbidden = await server.api.request<{ detail: string }>("GET", "/api/admin/users", bob);
    assert.equal(forbidden.status, 403);
    assert.match(forbidden.body.detail, /Tenant Admin/);
    const ingress = await server.api.request("POST", "/api/ingress/calls", bob, {
      to: "support@demo.cirrus.test",
      from: "",
    });
    assert.equal(ingress.status, 403, "users do not feed the ingress");
    const gateway = await server.api.request<{ token: string }>(
      "POST",
      "/api/admin/tokens",
      server.adminToken,
      { gateway: "pbx-1" },
    );
    assert.equal(gateway.status, 201);
    const byGateway = await server.api.request("POST", "/api/ingress/calls", gateway.body.token, {
      to: "support@demo.cirrus.test",
      from: "",
    });
    assert.equal(byGateway.status, 201);
    const gatewayAdmin = await server.api.request("GET", "/api/admin/users", gateway.body.token);
    assert.equal(gatewayAdmin.status, 403);
  });

  it("names the field at fault in every 4xx", async () => {
    const cases: [string, string, unknown, number, string][] = [
      ["POST", "/api/ingress/calls", { to: "support@demo.cirrus.test" }, 400, "from"],
      ["POST", "/api/ingress/calls", { to: "", from: "" }, 400, "to"],
      ["POST", "/api/ingress/calls", { to: "nobody@x.y", from: "" }, 422, "to"],
      [
        "POST",
        "/api/ingress/emails",
        { to: "sales@demo.cirrus.test", from: "a@b.c", subject: "s", body: "b" },
        422,
        "to",
      ],
      ["PUT", "/api/agent/presence", { status: "Sleeping" }, 400, "status"],
      ["POST", "/api/admin/tokens", { upn: "ghost@demo.cirrus.test" }, 404, "upn"],
      ["POST", "/api/admin/tokens", { upn: "alice@demo.cirrus.test", gateway: "x" }, 422, "upn"],
      ["POST", "/api/ingress/tasks/no-such-task/hangup", undefined, 404, "taskId"],
      ["GET", "/api/events?after=-1", undefined, 400, "after"],
      ["GET", "/api/tasks/no-such-task", undefined, 404, "taskId"],
    ];
    for (const [method, path, body, status, field] of cases) {
      const response = await server.api.request<{ field?: string; status: number }>(
        method as "GET",
        path,
        server.adminToken,
        body,
      );
      assert.equal(response.status, status, `${method} ${path}`);
      assert.match(response.contentType, /^application\/problem\+json/, `${method} ${path}`);
      assert.equal(response.body.field, field, `${method} ${path}`);
      assert.equal(response.body.status, status);
    }
  });

  it("never answers 500 to malformed input", async () => {
    const bodies: unknown[] = [null, [], 42, "x", { to: 5, from: [] }, { to: {}, from: null }];
    for (const path of ["/api/ingress/calls", "/api/ingress/chats", "/api/admin/tokens"]) {
      for (const body of bodies) {
        const response = await server.api.request("POST", path, server.adminToken, body);
        assert.ok(
          response.status >= 400 && response.status < 500,
          `${path} ${JSON.stringify(body)}`,
        );
      }
    }
    const offer = await server.api.request(
      "POST",
      "/api/agent/offers/nope/accept",
      server.adminToken,
    );
    assert.equal(offer.status, 404);
  });

  it("refuses fields a route does not know, so no body can steer the engine", async () => {
    const bob = await server.tokenFor("bob");
    await server.api.request("PUT", "/api/agent/presence", bob, { status: "Away" });
    const sneaky = await server.api.request<{ field: string }>(
      "POST",
      "/api/ingress/calls",
      server.adminToken,
      { to: "support@demo.cirrus.test", from: "", kind: "SetPresence", userId: "user-bob" },
    );
    assert.equal(sneaky.status, 400);
    assert.equal(sneaky.body.field, "kind");
    const users = await server.api.request<{ users: { upn: string; presence: string }[] }>(
      "GET",
      "/api/admin/users",
      server.adminToken,
    );
    const bobNow = users.body.users.find((u) => u.upn === "bob@demo.cirrus.test");
    assert.equal(bobNow?.presence, "Away");
  });

  it("takes body values as sent and refuses text the stores cannot keep", async () => {
    const cases: [unknown, string][] = [
      [{ to: ["support@demo.cirrus.test"], from: "" }, "to"],
      [{ to: "support@demo.cirrus.test", from: true }, "from"],
      [{ to: "support@demo.cirrus.test", from: null }, "from"],
      [{ to: "support@demo.cirrus.test", from: "a\u0000b" }, "from"],
      [{ to: "support@demo.cirrus.test", from: "\ud800" }, "from"],
    ];
    for (const [body, field] of cases) {
      const response = await server.api.request<{ field: string }>(
        "POST",
        "/api/ingress/calls",
        server.adminToken,
        body,
      );
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.field, field, JSON.stringify(body));
    }
    const emoji = await server.api.request("POST", "/api/ingress/calls", server.adminToken, {
      to: "support@demo.cirrus.test",
      from: "caller 📞",
    });
    assert.equal(emoji.status, 201, "paired surrogates are ordinary text");
    for (const path of ["/api/tasks/a%00b", "/api/events?taskId=a%00b", "/api/events?after=1e21"]) {
      const response = await server.api.request("GET", path, server.adminToken);
      assert.equal(response.status, 400, path);
    }
  });

  it("serves health and Prometheus metrics", async () => {
    const health = await server.api.request<{ status: string }>("GET", "/healthz", "");
    assert.equal(health.body.status, "ok");
    const metrics = await server.api.request<string>("GET", "/metrics", "");
    assert.match(metrics.body, /cirrus_events_total\{type="WorkflowStarted"\} \d+/);
    assert.match(metrics.body, /cirrus_http_request_duration_seconds_bucket/);
  });
});
