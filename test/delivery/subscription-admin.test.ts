/** Administering subscriptions (list, pause, resume, replay, attempts) and the live stream. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { endedCall } from "../support/ended-call.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

interface View {
  id: string;
  status: string;
  owner: { upn: string };
  filter: { services: string[] };
  cursor: number;
  lag: { events: number; seconds: number };
  attempts?: { seq: number; status: number; latencyMs: number }[];
}

/** Reads Server-Sent Events until `count` have arrived. */
async function readStream(url: string, token: string, count: number, headers = {}) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, ...headers },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  assert.match(String(response.headers.get("content-type")), /^text\/event-stream/);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: { id: number; type: string; taskId: string }[] = [];
  let text = "";
  const done = (async () => {
    while (events.length < count) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      text += decoder.decode(value, { stream: true });
      let end = text.indexOf("\n\n");
      while (end >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split("\n")
            .filter((l) => !l.startsWith(":"))
            .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]),
        );
        if (fields.data) {
          events.push({
            id: Number(fields.id),
            type: String(fields.event),
            taskId: JSON.parse(fields.data).taskId,
          });
        }
        end = text.indexOf("\n\n");
      }
    }
    controller.abort();
    return events;
  })();
  return { done };
}

describe("subscription administration and the live stream", () => {
  let server: TestServer;
  let receiver: Receiver;
  before(async () => {
    server = await startTestServer();
    receiver = await startReceiver();
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  const call = () => endedCall(server.api, server.adminToken, "support@demo.cirrus.test");
  const admin = <T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown) =>
    server.api.request<T>(method, `/api/admin/subscriptions${path}`, server.adminToken, body);

  it("lists, pauses, resumes and replays a subscription", async () => {
    const created = await server.api.request<{ id: string }>(
      "POST",
      "/v1/triggers/tasks",
      server.adminToken,
      {
        config: {
          url: receiver.url,
          services: ["support@demo.cirrus.test"],
          taskEvents: ["WorkflowStarted"],
        },
      },
    );
    const { id } = created.body;
    const first = await call();
    await receiver.until((all) => all.some((r) => r.json.taskId === first));

    const listed = await admin<{ subscriptions: View[] }>("GET", "");
    const view = listed.body.subscriptions.find((s) => s.id === id);
    assert.equal(view?.status, "active");
    assert.equal(view?.owner.upn, "admin@demo.cirrus.test");
    assert.deepEqual(view?.filter.services, ["support@demo.cirrus.test"]);

    const paused = await admin<View>("POST", `/${id}/pause`);
    assert.equal(paused.body.status, "paused");
    const second = await call();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(!receiver.received.some((r) => r.json.taskId === second), "nothing while paused");
    const behind = await admin<View>("GET", `/${id}`);
    assert.ok(behind.body.lag.events > 0, "a paused subscription falls behind");

    await admin("POST", `/${id}/resume`);
    await receiver.until((all) => all.some((r) => r.json.taskId === second));
    const detail = await admin<View>("GET", `/${id}`);
    assert.equal(detail.body.lag.events, 0);
    assert.ok((detail.body.attempts?.length ?? 0) >= 2);
    assert.equal(detail.body.attempts?.[0]?.status, 200);

    const countFirst = () => receiver.received.filter((r) => r.json.taskId === first).length;
    const before = countFirst();
    const replayed = await admin<{ replayFrom: number }>("POST", `/${id}/replay`, { fromSeq: 1 });
    assert.equal(replayed.status, 202);
    await receiver.until(() => countFirst() === before + 1);
    const ids = receiver.received
      .filter((r) => r.json.taskId === first)
      .map((r) => r.headers["webhook-id"]);
    assert.equal(new Set(ids).size, 1, "a replay repeats the webhook-id");

    const bad = await admin<{ field: string }>("POST", `/${id}/replay`, { fromSeq: 10_000_000 });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.field, "fromSeq");
    assert.equal((await admin("DELETE", `/${id}`)).status, 204);
    assert.equal((await admin("GET", `/${id}`)).status, 404);
  });

  it("refuses subscription administration to users", async () => {
    const bob = await server.tokenFor("bob");
    const response = await server.api.request("GET", "/api/admin/subscriptions", bob);
    assert.equal(response.status, 403);
  });

  it("streams the events a caller may see, resuming after Last-Event-ID", async () => {
    // Each caller hangs up while waiting in the built-in workflow's queue.
    const admin = await readStream(`${server.url}/api/events/stream`, server.adminToken, 10);
    const frank = await server.tokenFor("frank"); // owns Sales only
    const owner = await readStream(`${server.url}/api/events/stream`, frank, 5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const support = await call();
    const sales = {
      body: {
        taskId: await endedCall(
          server.api,
          server.adminToken,
          "sales@demo.cirrus.test",
          "+41790000002",
        ),
      },
    };
    const seen = await admin.done;
    assert.deepEqual(
      seen.map((e) => e.taskId),
      [...Array(5).fill(support), ...Array(5).fill(sales.body.taskId)],
    );
    assert.deepEqual(
      seen.slice(0, 5).map((e) => e.type),
      ["WorkflowStarted", "SystemAccepted", "InQueue", "QueueLeft", "Terminated"],
    );
    const ownerSeen = await owner.done;
    assert.ok(
      ownerSeen.every((e) => e.taskId === sales.body.taskId),
      "the sales owner sees sales only",
    );

    const resumed = await readStream(`${server.url}/api/events/stream`, server.adminToken, 5, {
      "last-event-id": String(seen[4]?.id),
    });
    const again = await resumed.done;
    assert.deepEqual(
      again.map((e) => e.id),
      seen.slice(5).map((e) => e.id),
    );
    const bob = await server.tokenFor("bob");
    const refused = await fetch(`${server.url}/api/events/stream`, {
      headers: { authorization: `Bearer ${bob}` },
    });
    assert.equal(refused.status, 403);
  });

  it("ends the live stream when the user's role changes; a new one sees what it allows", async () => {
    const frank = await server.tokenFor("frank"); // Team Owner of Sales
    const url = `${server.url}/api/events/stream`;
    const owner = await readStream(url, frank, 10);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const salesCall = () =>
      endedCall(server.api, server.adminToken, "sales@demo.cirrus.test", "+41790000003");
    const setRole = async (role: string) => {
      const changed = await server.api.request(
        "PUT",
        "/api/admin/users/user-frank/role",
        server.adminToken,
        { role },
      );
      assert.equal(changed.status, 200);
    };
    const before = await salesCall();
    await setRole("User");
    // The stream opened as a Team Owner ends with what he saw as one.
    assert.deepEqual(
      (await owner.done).map((e) => e.taskId),
      Array(5).fill(before),
    );
    const refused = await fetch(url, { headers: { authorization: `Bearer ${frank}` } });
    assert.equal(refused.status, 403);
    await salesCall(); // not Frank's to see while he is a User
    await setRole("TeamOwner");
    const again = await readStream(url, frank, 5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const afterwards = await salesCall();
    assert.deepEqual(
      (await again.done).map((e) => e.taskId),
      Array(5).fill(afterwards),
    );
  });
});
