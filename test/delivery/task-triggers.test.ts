/**
 * Flow triggers end to end over real HTTP: a client shaped like the flow service subscribes,
 * receives a whole call's events in order with valid signatures even when every first
 * attempt fails, unsubscribes through `Location` and receives nothing more.
 */
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { Webhook } from "standardwebhooks";
import { describeEachStore } from "../support/databases.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

interface Created {
  id: string;
  secret: string;
}

describeEachStore("task triggers", (kind) => {
  let server: TestServer;
  let receiver: Receiver;
  let alice: string;
  before(async () => {
    server = await startTestServer(kind);
    receiver = await startReceiver();
    alice = await server.tokenFor("alice");
    await server.api.request("PUT", "/api/agent/presence", alice, { status: "Available" });
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  const subscribe = (config: Record<string, unknown>, token = server.adminToken) =>
    server.api.request<Created & { field?: string; detail?: string }>(
      "POST",
      "/v1/triggers/tasks",
      token,
      { config: { url: receiver.url, ...config } },
    );

  /** A call to support that alice accepts and the caller ends. */
  async function wholeCall(): Promise<string> {
    const call = await server.api.request<{ taskId: string }>(
      "POST",
      "/api/ingress/calls",
      server.adminToken,
      { to: "support@demo.cirrus.test", from: "+41791234567" },
    );
    const offers = await server.api.request<{ offers: { id: string }[] }>(
      "GET",
      "/api/agent/offers?waitMs=2000",
      alice,
    );
    await server.api.request(
      "POST",
      `/api/agent/offers/${offers.body.offers[0]?.id}/accept`,
      alice,
    );
    await server.api.request(
      "POST",
      `/api/ingress/tasks/${call.body.taskId}/hangup`,
      server.adminToken,
    );
    return call.body.taskId;
  }

  const deliveredFor = (taskId: string) =>
    receiver.received.filter((r) => r.status === 200 && r.json.taskId === taskId);

  it("delivers a whole call in order, signed, though every first attempt fails", async () => {
    receiver.respond = (_headers, attempt) => (attempt === 1 ? 503 : 200);
    const created = await subscribe({
      services: ["support@demo.cirrus.test"],
      taskEvents: ["WorkflowStarted", "SystemAccepted", "InQueue", "ConnectedToUser", "Terminated"],
    });
    assert.equal(created.status, 201);
    assert.match(created.body.secret, /^whsec_/);
    const location = String(created.headers.location);
    assert.equal(location, `${server.url}/v1/triggers/tasks/${created.body.id}`);

    const taskId = await wholeCall();
    await receiver.until(() => deliveredFor(taskId).length === 5);
    const delivered = deliveredFor(taskId);
    assert.deepEqual(
      delivered.map((r) => r.json.event),
      ["WorkflowStarted", "SystemAccepted", "InQueue", "ConnectedToUser", "Terminated"],
    );
    const webhook = new Webhook(created.body.secret);
    for (const r of delivered) {
      webhook.verify(r.body, r.headers as Record<string, string>); // throws when invalid
      assert.equal(r.json.serviceUPN, "support@demo.cirrus.test");
      assert.equal(r.json.direction, "Inbound");
      assert.equal(r.json.modality, "Audio");
    }
    assert.equal(delivered.at(-1)?.json.LastConnectedUserUPN, "alice@demo.cirrus.test");
    const failedFirst = receiver.received.filter(
      (r) => r.json.taskId === taskId && r.status === 503,
    );
    assert.equal(failedFirst.length, 5, "each event failed once before it was delivered");
    const ids = new Set(
      receiver.received.filter((r) => r.json.taskId === taskId).map((r) => r.headers["webhook-id"]),
    );
    assert.equal(ids.size, 5, "a retry keeps its webhook-id");

    const removed = await server.api.request(
      "DELETE",
      new URL(location).pathname,
      server.adminToken,
    );
    assert.equal(removed.status, 204);
    const before = receiver.received.length;
    const later = await wholeCall();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(receiver.received.length, before, "nothing after unsubscribing");
    assert.equal(deliveredFor(later).length, 0);
    const again = await server.api.request("DELETE", new URL(location).pathname, server.adminToken);
    assert.equal(again.status, 404);
  });

  it("sends only the events, modalities and directions asked for", async () => {
    receiver.respond = () => 200;
    const created = await subscribe({
      services: ["support@demo.cirrus.test", "sales@demo.cirrus.test"],
      taskEvents: ["WorkflowStarted", "Terminated"],
      modalities: ["InstantMessaging"],
      directions: ["Inbound"],
    });
    assert.equal(created.status, 201);
    const call = await wholeCall();
    const chat = await server.api.request<{ taskId: string }>(
      "POST",
      "/api/ingress/chats",
      server.adminToken,
      {
        to: "sales@demo.cirrus.test",
        from: "jane@example.com",
        message: "Hello",
      },
    );
    await server.api.request(
      "POST",
      `/api/ingress/tasks/${chat.body.taskId}/hangup`,
      server.adminToken,
    );
    await receiver.until(() => deliveredFor(chat.body.taskId).length === 2);
    assert.deepEqual(
      deliveredFor(chat.body.taskId).map((r) => r.json.event),
      ["WorkflowStarted", "Terminated"],
    );
    assert.equal(deliveredFor(call).length, 0, "the call is Audio");
    await server.api.request("DELETE", `/v1/triggers/tasks/${created.body.id}`, server.adminToken);
  });

  it("removes a subscription whose receiver answers 410 Gone", async () => {
    receiver.respond = () => 410;
    const created = await subscribe({
      services: ["support@demo.cirrus.test"],
      taskEvents: ["WorkflowStarted"],
    });
    await wholeCall();
    await receiver.until((all) => all.some((r) => r.status === 410));
    for (let i = 0; i < 50 && server.dispatcher.get(created.body.id); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(server.dispatcher.get(created.body.id), undefined);
    const removed = await server.api.request(
      "DELETE",
      `/v1/triggers/tasks/${created.body.id}`,
      server.adminToken,
    );
    assert.equal(removed.status, 404);
  });

  it("shows failing with the last error once the retries are used up, and recovers", async () => {
    receiver.respond = () => 500;
    const created = await subscribe({
      services: ["support@demo.cirrus.test"],
      taskEvents: ["WorkflowStarted"],
    });
    const taskId = await wholeCall();
    await receiver.until((all) => all.filter((r) => r.json.taskId === taskId).length === 3);
    for (
      let i = 0;
      i < 100 && server.dispatcher.get(created.body.id)?.record.status !== "failing";
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const failing = server.dispatcher.get(created.body.id)?.record;
    assert.equal(failing?.status, "failing");
    assert.equal(failing?.lastError, "HTTP 500");
    receiver.respond = () => 200;
    const next = await wholeCall();
    await receiver.until(() => deliveredFor(next).length === 1);
    for (
      let i = 0;
      i < 100 && server.dispatcher.get(created.body.id)?.record.status !== "active";
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(server.dispatcher.get(created.body.id)?.record.status, "active");
    await server.api.request("DELETE", `/v1/triggers/tasks/${created.body.id}`, server.adminToken);
  });

  it("disables a subscription that keeps failing past the allowed period", async () => {
    receiver.respond = () => 500;
    const quick = await startTestServer(kind, { retryDelaysMs: [0, 20], disableAfterMs: 0 });
    try {
      const created = await quick.api.request<Created>(
        "POST",
        "/v1/triggers/tasks",
        quick.adminToken,
        {
          config: {
            url: receiver.url,
            services: ["support@demo.cirrus.test"],
            taskEvents: ["WorkflowStarted"],
          },
        },
      );
      await quick.api.request("POST", "/api/ingress/calls", quick.adminToken, {
        to: "support@demo.cirrus.test",
        from: "",
      });
      for (
        let i = 0;
        i < 200 && quick.dispatcher.get(created.body.id)?.record.status !== "disabled";
        i++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(quick.dispatcher.get(created.body.id)?.record.status, "disabled");
      const count = receiver.received.length;
      await quick.api.request("POST", "/api/ingress/calls", quick.adminToken, {
        to: "support@demo.cirrus.test",
        from: "",
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(receiver.received.length, count, "a disabled subscription sends nothing");
      receiver.respond = () => 200;
      const resumed = await quick.api.request<{ status: string }>(
        "POST",
        `/api/admin/subscriptions/${created.body.id}/resume`,
        quick.adminToken,
      );
      assert.equal(resumed.body.status, "active");
      await receiver.until((all) => all.length > count, 5_000);
    } finally {
      await quick.close();
    }
  });

  it("replaces the filter when the same owner registers the same callback URL again", async () => {
    receiver.respond = () => 200;
    const url = `${receiver.url}?sig=again`;
    const first = await subscribe({
      url,
      services: ["support@demo.cirrus.test"],
      taskEvents: ["WorkflowStarted", "Terminated"],
    });
    const second = await subscribe({
      url,
      services: ["support@demo.cirrus.test"],
      taskEvents: ["Terminated"],
    });
    assert.equal(second.status, 201);
    assert.equal(second.body.id, first.body.id, "the same subscription");
    assert.equal(second.headers.location, first.headers.location);
    assert.equal(second.body.secret, first.body.secret);
    const same = (await server.store.listSubscriptions("demo")).filter((s) => s.url === url);
    assert.equal(same.length, 1);
    assert.deepEqual(same[0]?.filter.events, ["Terminated"], "the filter is stored");
    const taskId = await wholeCall();
    await receiver.until(() => deliveredFor(taskId).length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const events = deliveredFor(taskId)
      .filter((r) => r.target.endsWith("?sig=again"))
      .map((r) => r.json.event);
    assert.deepEqual(events, ["Terminated"], "once, by the new filter");
    // Another owner's registration of the same URL is their own subscription.
    const frank = await server.tokenFor("frank");
    const theirs = await subscribe(
      { url, services: ["sales@demo.cirrus.test"], taskEvents: ["Terminated"] },
      frank,
    );
    assert.equal(theirs.status, 201);
    assert.notEqual(theirs.body.id, first.body.id);
    await server.api.request("DELETE", `/v1/triggers/tasks/${first.body.id}`, server.adminToken);
    await server.api.request("DELETE", `/v1/triggers/tasks/${theirs.body.id}`, frank);
  });

  it("answers a delete of another owner's trigger exactly as one of an unknown id", async () => {
    const theirs = await subscribe({
      services: ["support@demo.cirrus.test"],
      taskEvents: ["Terminated"],
    });
    assert.equal(theirs.status, 201);
    const frank = await server.tokenFor("frank");
    const unknown = "00000000-0000-4000-8000-000000000000";
    const attempt = (id: string) =>
      server.api.request<Record<string, unknown>>("DELETE", `/v1/triggers/tasks/${id}`, frank);
    const other = await attempt(theirs.body.id);
    const missing = await attempt(unknown);
    assert.equal(other.status, 404);
    assert.equal(other.headers["content-type"], missing.headers["content-type"]);
    assert.deepEqual(
      JSON.parse(JSON.stringify(other.body).replaceAll(theirs.body.id, "<id>")),
      JSON.parse(JSON.stringify(missing.body).replaceAll(unknown, "<id>")),
    );
    assert.ok(server.dispatcher.get(theirs.body.id), "still there");
    const removed = await server.api.request(
      "DELETE",
      `/v1/triggers/tasks/${theirs.body.id}`,
      server.adminToken,
    );
    assert.equal(removed.status, 204);
  });

  it("explains what is wrong with a registration", async () => {
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [
        { services: ["nobody@demo.cirrus.test"], taskEvents: ["Terminated"] },
        400,
        "config.services[0]",
        /no service/,
      ],
      [
        { services: ["support@demo.cirrus.test"], taskEvents: ["Finished"] },
        400,
        "config.taskEvents[0]",
        /not an event/,
      ],
      [
        { services: ["helpdesk@demo.cirrus.test"], taskEvents: ["Terminated"] },
        403,
        "config.services[0]",
        /Enterprise Routing/,
      ],
      [
        {
          services: ["sales@demo.cirrus.test"],
          taskEvents: ["Terminated"],
          modalities: ["Email"],
        },
        400,
        "config.services[0]",
        /would never fire/,
      ],
      [
        {
          services: ["support@demo.cirrus.test"],
          taskEvents: ["Terminated"],
          directions: ["Sideways"],
        },
        400,
        "config.directions[0]",
        /Inbound, Outbound/,
      ],
      [{ services: [], taskEvents: ["Terminated"] }, 400, "config.services", /fewer than 1/],
      [
        { services: ["support@demo.cirrus.test"], taskEvents: ["Terminated"], url: "ftp://x" },
        400,
        "config.url",
        /http or https/,
      ],
    ];
    for (const [config, status, field, detail] of cases) {
      const response = await subscribe(config);
      assert.equal(response.status, status, JSON.stringify(config));
      assert.equal(response.body.field, field, JSON.stringify(config));
      assert.match(String(response.body.detail), detail);
    }
    const bob = await server.tokenFor("bob");
    const user = await subscribe(
      { services: ["support@demo.cirrus.test"], taskEvents: ["Terminated"] },
      bob,
    );
    assert.equal(user.status, 403);
  });
});
