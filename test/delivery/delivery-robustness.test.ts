/** The delivery engine when the log, the store or the operator surprise it. */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Dispatcher } from "../../src/delivery/dispatcher.ts";
import { EventFeed } from "../../src/delivery/event-feed.ts";
import { httpSender } from "../../src/delivery/http-sender.ts";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { systemClock } from "../../src/engine/clock.ts";
import { Engine } from "../../src/engine/engine.ts";
import type { Store, StoredEvent } from "../../src/store/port.ts";
import { freshSqliteStore } from "../support/databases.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

const row = (seq: number): StoredEvent => ({
  seq,
  tenantId: "t",
  type: "InQueue",
  at: seq,
  taskId: "task",
  data: {},
  detail: null,
});

describe("event feed", () => {
  it("reads around a gap in what was pushed from the store", async () => {
    const db = await freshSqliteStore();
    try {
      const all = [1, 2, 3, 4, 5, 6].map(row);
      await db.store.append({ events: all, snapshots: [] });
      const feed = new EventFeed(db.store, () => 6);
      feed.push(all.slice(0, 2));
      feed.push(all.slice(4)); // 3 and 4 reached the store without passing the feed
      const page = await feed.read(2, 100, "t", new Set(["InQueue"]));
      assert.deepEqual(
        page.events.map((e) => e.seq),
        [3, 4, 5, 6],
      );
      assert.equal(page.through, 6);
    } finally {
      await db.dispose();
    }
  });
});

describe("sender", () => {
  it("refuses an internal address literal unless private callbacks are allowed", async () => {
    const sender = httpSender({ timeoutMs: 1000, allowPrivate: false });
    try {
      const outcome = await sender.send("http://127.0.0.1:9/hook", {}, "{}");
      assert.equal(outcome.status, 0);
      assert.match(String(outcome.error), /internal address/);
    } finally {
      await sender.close();
    }
  });
});

describe("delivery with a failing store and replays", () => {
  let server: TestServer;
  let receiver: Receiver;
  before(async () => {
    server = await startTestServer(undefined, { retryDelaysMs: [0, 300] });
    receiver = await startReceiver();
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  it("keeps a task's order when a replay meets its parked events", async () => {
    const alice = await server.tokenFor("alice");
    await server.api.request("PUT", "/api/agent/presence", alice, { status: "Available" });
    receiver.respond = (headers, attempt) =>
      attempt === 1 && String(headers["x-fail"]) === "" ? 200 : 200;
    const failOnce = new Set<string>();
    receiver.respond = (headers, attempt) => {
      const id = String(headers["webhook-id"]);
      return failOnce.has(id) && attempt === 1 ? 503 : 200;
    };
    const created = await server.api.request<{ id: string }>(
      "POST",
      "/v1/triggers/tasks",
      server.adminToken,
      {
        config: { url: receiver.url, services: ["support@demo.cirrus.test"], taskEvents: [] },
      },
    );
    const subscription = created.body.id;
    const call = await server.api.request<{ taskId: string }>(
      "POST",
      "/api/ingress/calls",
      server.adminToken,
      {
        to: "support@demo.cirrus.test",
        from: "+41790000003",
      },
    );
    const { taskId } = call.body;
    const events = await server.api.request<{ events: { seq: number; type: string }[] }>(
      "GET",
      `/api/events?taskId=${taskId}`,
      server.adminToken,
    );
    const firstSeq = events.body.events[0]?.seq ?? 0;
    // The next two events (ConnectedToUser, Terminated) come after these; fail the first once.
    const lastSeq = events.body.events.at(-1)?.seq ?? 0;
    const offers = await server.api.request<{ offers: { id: string }[] }>(
      "GET",
      "/api/agent/offers",
      alice,
    );
    const offerSeq = lastSeq + 1;
    failOnce.add(`msg_${subscription}_${offerSeq + 1}`); // ConnectedToUser follows OfferCreated
    await receiver.until(
      (all) => all.filter((r) => r.json.taskId === taskId && r.status === 200).length === 3,
    );
    await server.api.request(
      "POST",
      `/api/agent/offers/${offers.body.offers[0]?.id}/accept`,
      alice,
    );
    await server.api.request("POST", `/api/ingress/tasks/${taskId}/hangup`, server.adminToken);
    await receiver.until((all) => all.some((r) => r.status === 503 && r.json.taskId === taskId));
    const mark = receiver.received.length;
    await server.api.request(
      "POST",
      `/api/admin/subscriptions/${subscription}/replay`,
      server.adminToken,
      {
        fromSeq: firstSeq,
      },
    );
    await receiver.until(
      (all) =>
        all.slice(mark).filter((r) => r.json.taskId === taskId && r.status === 200).length === 5,
    );
    const order = receiver.received
      .slice(mark)
      .filter((r) => r.json.taskId === taskId && r.status === 200)
      .map((r) => r.json.event);
    assert.deepEqual(order, [
      "WorkflowStarted",
      "SystemAccepted",
      "InQueue",
      "ConnectedToUser",
      "Terminated",
    ]);
    await server.api.request("DELETE", `/v1/triggers/tasks/${subscription}`, server.adminToken);
  });

  it("goes on delivering after the store failed it once", async () => {
    const db = await freshSqliteStore();
    let failParks = 1;
    const store: Store = Object.create(db.store, {
      parkDeliveries: {
        value: async (deliveries: Parameters<Store["parkDeliveries"]>[0]) => {
          if (failParks-- > 0) throw new Error("store unavailable");
          return db.store.parkDeliveries(deliveries);
        },
      },
    });
    const engine = await Engine.open({ store, clock: systemClock, newId: randomUUID });
    const errors: string[] = [];
    const dispatcher = await Dispatcher.start({
      store,
      engine,
      clock: systemClock,
      sender: httpSender({ timeoutMs: 2000, allowPrivate: true }),
      policy: { delaysMs: [0, 20, 40], disableAfterMs: 60_000, timeoutMs: 2000 },
      onError: (_error, context) => errors.push(context),
    });
    try {
      await engine.provision(demoDirectory());
      receiver.respond = (_headers, attempt) => (attempt === 1 ? 500 : 200);
      const record = await dispatcher.register({
        tenantId: "demo",
        kind: "task",
        ownerUserId: "user-admin",
        url: receiver.url,
        filter: { services: [], events: ["WorkflowStarted"], modalities: [], directions: [] },
      });
      const taskIds: string[] = [];
      for (let i = 0; i < 3; i++) {
        const reply = await engine.execute("demo", {
          kind: "ReceiveInbound",
          modality: "Audio",
          to: "support@demo.cirrus.test",
          from: "",
        });
        if ("taskId" in reply) taskIds.push(reply.taskId);
      }
      await receiver.until((all) =>
        taskIds.every((id) => all.some((r) => r.status === 200 && r.json.taskId === id)),
      );
      assert.ok(
        errors.some((c) => c.startsWith("subscription")),
        "the failure was reported",
      );
      assert.equal(dispatcher.get(record.id)?.record.status, "active");
    } finally {
      await dispatcher.stop();
      await engine.close();
      await db.dispose();
    }
  });
});
