/**
 * What a callback's answer does to its subscription, on a virtual clock: 429 and 503 wait as
 * `Retry-After` says (capped), 404s in a row over ten minutes make it `gone`, 401 and 403
 * make it `failing` with the reason; each state shows in the admin API.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, it } from "node:test";
import { ManualClock } from "../../src/engine/manual-clock.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";

interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
}

/** A receiver answering the n-th request (1-based) as `answer` says. */
async function startAnswering(answer: (n: number) => Answer) {
  let count = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      count++;
      const { status, headers } = answer(count);
      response.writeHead(status, headers ?? {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    count: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Answering = Awaited<ReturnType<typeof startAnswering>>;

const realTime = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !predicate(); i++) await realTime(10);
  assert.ok(predicate(), what);
}

interface View {
  id: string;
  status: string;
  lastError: string | null;
  notFound: { since: string | null; count: number };
}

describe("callback answers", () => {
  let server: TestServer | undefined;
  let receiver: Answering | undefined;
  const clock = new ManualClock(Date.now());
  afterEach(async () => {
    await server?.close();
    await receiver?.close();
  });

  async function setUp(answer: (n: number) => Answer) {
    receiver = await startAnswering(answer);
    server = await startTestServer(undefined, {
      clock,
      retryDelaysMs: [0, 5_000, 60_000, 60_000, 60_000, 600_000, 600_000],
      disableAfterMs: 7 * 24 * 3600_000,
    });
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
    assert.equal(created.status, 201);
    return created.body.id;
  }

  const call = async () => {
    const reply = await server?.api.request("POST", "/api/ingress/calls", server.adminToken, {
      to: "support@demo.cirrus.test",
      from: "+41790000077",
    });
    assert.equal(reply?.status, 201);
  };

  const view = async (id: string) =>
    (await server?.api.request<View>("GET", `/api/admin/subscriptions/${id}`, server.adminToken))
      ?.body;

  const listed = async (id: string) =>
    (
      await server?.api.request<{ subscriptions: View[] }>(
        "GET",
        "/api/admin/subscriptions",
        server.adminToken,
      )
    )?.body.subscriptions.find((s) => s.id === id);

  /** Moves the virtual clock and gives the consumer real time to act on it. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await realTime(150);
  };

  it("waits as a 429's Retry-After in seconds says, not by the schedule", async () => {
    await setUp((n) =>
      n === 1 ? { status: 429, headers: { "retry-after": "120" } } : { status: 200 },
    );
    await call();
    await until(() => receiver?.count() === 1, "first attempt");
    await advance(6_000);
    assert.equal(receiver?.count(), 1, "not at the schedule's 5 s");
    await advance(115_000);
    await until(() => receiver?.count() === 2, "retried after 120 s");
  });

  it("waits until a 503's Retry-After date, and caps a far one at an hour", async () => {
    const inFiveMinutes = new Date(clock.now() + 300_000).toUTCString();
    await setUp((n) => {
      if (n === 1) return { status: 503, headers: { "retry-after": inFiveMinutes } };
      if (n === 2) return { status: 503, headers: { "retry-after": "86400" } };
      return { status: 200 };
    });
    await call();
    await until(() => receiver?.count() === 1, "first attempt");
    await advance(120_000);
    assert.equal(receiver?.count(), 1, "not before the date");
    await advance(181_000);
    await until(() => receiver?.count() === 2, "retried at the date");
    await advance(3_000_000);
    assert.equal(receiver?.count(), 2);
    await advance(601_000);
    await until(() => receiver?.count() === 3, "a day's Retry-After waits an hour at most");
  });

  it("marks a subscription gone after 404s in a row over ten minutes, and stops", async () => {
    const id = await setUp(() => ({ status: 404 }));
    await call();
    await until(() => receiver?.count() === 1, "first attempt");
    for (const [step, count] of [
      [6_000, 2],
      [66_000, 3],
      [66_000, 4],
      [66_000, 5],
    ] as const) {
      await advance(step);
      await until(() => receiver?.count() === count, `attempt ${count}`);
    }
    const early = await view(id);
    assert.notEqual(early?.status, "gone", "five 404s within ten minutes are not enough");
    assert.equal(early?.notFound.count, 5);
    await advance(660_000);
    await until(() => receiver?.count() === 6, "attempt 6");
    await until(() => server?.dispatcher.get(id)?.record.status === "gone", "gone");
    const gone = await listed(id);
    assert.equal(gone?.status, "gone");
    assert.match(String(gone?.lastError), /404 6 times in a row/);
    await call();
    await advance(3_600_000);
    assert.equal(receiver?.count(), 6, "a gone subscription sends nothing");
    const resumed = await server?.api.request<View>(
      "POST",
      `/api/admin/subscriptions/${id}/resume`,
      server.adminToken,
    );
    assert.equal(resumed?.body.status, "active");
    assert.equal(resumed?.body.notFound.count, 0);
  });

  it("ends a run of 404s with any other answer", async () => {
    const id = await setUp((n) => ({ status: n === 3 ? 500 : 404 }));
    await call();
    await until(() => receiver?.count() === 1, "first attempt");
    await advance(6_000);
    await until(() => receiver?.count() === 2, "attempt 2");
    assert.equal((await view(id))?.notFound.count, 2);
    await advance(66_000);
    await until(() => receiver?.count() === 3, "attempt 3");
    await until(() => server?.dispatcher.get(id)?.record.notFoundCount === 0, "run ended");
    assert.deepEqual((await view(id))?.notFound, { since: null, count: 0 });
  });

  for (const status of [401, 403]) {
    it(`marks a subscription failing with the reason at a ${status}`, async () => {
      const id = await setUp(() => ({ status }));
      await call();
      await until(() => receiver?.count() === 1, "first attempt");
      await until(() => server?.dispatcher.get(id)?.record.status === "failing", "failing");
      const failing = await listed(id);
      assert.equal(failing?.status, "failing");
      assert.match(String(failing?.lastError), new RegExp(`HTTP ${status} .*refuses`));
    });
  }
});
