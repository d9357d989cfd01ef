/**
 * A receiver that hangs on one task's delivery holds back that task only: the subscription's
 * other tasks go on being delivered, and every task's events still arrive in order.
 */
import assert from "node:assert/strict";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { endedCall } from "../support/ended-call.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";

interface Delivery {
  readonly taskId: string;
  readonly event: string;
}

describe("a hung receiver", () => {
  let server: TestServer;
  let url: string;
  let close: () => Promise<void>;
  const delivered: Delivery[] = [];
  let hangFor: string | undefined;
  const held: ServerResponse[] = [];
  /** Attempts per task and event. */
  const tries = new Map<string, number>();
  /** For the retry case: the answer to the n-th attempt of an event, or hold it. */
  let retries: ((delivery: Delivery, n: number) => number | "hold") | undefined;
  before(async () => {
    server = await startTestServer(undefined, { retryDelaysMs: [0, 20, 20, 20] });
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Delivery;
        const attempt = `${body.taskId} ${body.event}`;
        const n = (tries.get(attempt) ?? 0) + 1;
        tries.set(attempt, n);
        const chosen = retries?.(body, n);
        if (chosen === "hold") {
          held.push(response);
          return;
        }
        if (chosen !== undefined && chosen !== 200) {
          response.writeHead(chosen).end();
          return;
        }
        // The first delivery of the hung task gets no answer until released.
        if (body.taskId === hangFor && held.length === 0) {
          held.push(response);
          return;
        }
        delivered.push({ taskId: body.taskId, event: body.event });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    close = () =>
      new Promise((resolve) => {
        receiver.closeAllConnections();
        receiver.close(() => resolve());
      });
  });
  after(async () => {
    await server.close();
    await close();
  });

  const eventsOf = (taskId: string) =>
    delivered.filter((d) => d.taskId === taskId).map((d) => d.event);
  const whole = ["WorkflowStarted", "SystemAccepted", "InQueue", "QueueLeft", "Terminated"];

  it("does not stall the subscription's other tasks, and keeps each task's order", async () => {
    const created = await server.api.request<{ id: string }>(
      "POST",
      "/v1/triggers/tasks",
      server.adminToken,
      { config: { url, services: ["support@demo.cirrus.test"], taskEvents: [] } },
    );
    assert.equal(created.status, 201);
    const call = await server.api.request<{ taskId: string }>(
      "POST",
      "/api/ingress/calls",
      server.adminToken,
      { to: "support@demo.cirrus.test", from: "+41790000042" },
    );
    const hung = call.body.taskId;
    hangFor = hung;
    for (let i = 0; i < 200 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(held.length, 1, "the hung task's first delivery is held");
    // While it hangs (the sender's time limit is 2 s), three more calls go out whole.
    const started = performance.now();
    const others = [
      await endedCall(server.api, server.adminToken, "support@demo.cirrus.test", "+41790000043"),
      await endedCall(server.api, server.adminToken, "support@demo.cirrus.test", "+41790000044"),
      await endedCall(server.api, server.adminToken, "support@demo.cirrus.test", "+41790000045"),
    ];
    for (let i = 0; i < 300 && !others.every((t) => eventsOf(t).length === 5); i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const waited = performance.now() - started;
    for (const taskId of others) assert.deepEqual(eventsOf(taskId), whole, taskId);
    assert.ok(waited < 1000, `the other tasks were delivered in ${Math.round(waited)} ms`);
    assert.deepEqual(eventsOf(hung), [], "nothing of the hung task overtook its first event");
    await server.api.request("POST", `/api/ingress/tasks/${hung}/hangup`, server.adminToken);
    held[0]?.writeHead(200).end();
    for (let i = 0; i < 400 && eventsOf(hung).length < 4; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    // The held first event was answered, so it was delivered; the rest follow in order.
    assert.deepEqual(eventsOf(hung), whole.slice(1));
  });

  it("does not let a retry hanging on one task hold back another task's retry", async () => {
    held.length = 0;
    hangFor = undefined;
    let first: string | undefined;
    // Every first attempt fails; the first task's retry then hangs, the others' succeed.
    retries = ({ taskId, event }, n) => {
      first ??= taskId;
      if (n === 1) return 503;
      return taskId === first && event === "WorkflowStarted" && n === 2 ? "hold" : 200;
    };
    const slow = await endedCall(server.api, server.adminToken, "support@demo.cirrus.test");
    for (let i = 0; i < 200 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(held.length, 1, "the first task's retry is held");
    const started = performance.now();
    const other = await endedCall(server.api, server.adminToken, "support@demo.cirrus.test");
    for (let i = 0; i < 300 && eventsOf(other).length < 5; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.deepEqual(eventsOf(other), whole);
    assert.ok(performance.now() - started < 1000, "retried while the other retry hung");
    assert.deepEqual(eventsOf(slow), []);
    held[0]?.writeHead(200).end();
    for (let i = 0; i < 400 && eventsOf(slow).length < 4; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    // The held retry was answered, so it was delivered; the rest follow in order.
    assert.deepEqual(eventsOf(slow), whole.slice(1));
    retries = undefined;
  });
});
