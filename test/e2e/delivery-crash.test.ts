/**
 * SIGKILL mid-delivery: a server process delivers a subscription's events to a slow receiver
 * and is killed. After a restart every committed event the subscription matches reaches the
 * receiver (at least once, with its stable webhook-id), and per task the first deliveries
 * come in log order.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiClient } from "../support/api-client.ts";
import { seededDataDir } from "../support/seeded-data-dir.ts";
import { startServer } from "../support/server-process.ts";
import { startReceiver } from "../support/webhook-receiver.ts";

interface EventView {
  seq: number;
  type: string;
  taskId: string;
  data: { serviceUPN?: string };
}

describe("delivery across a crash", () => {
  it("loses no event when the server is killed mid-delivery", { timeout: 90_000 }, async () => {
    const data = await seededDataDir({ maxQueueSeconds: 2, ronaSeconds: 1 });
    const { seedFile, token } = data;
    const env = {
      ...data.env,
      CIRRUS_ALLOW_PRIVATE_WEBHOOKS: "true",
      CIRRUS_WEBHOOK_RETRY_SCHEDULE: "0,0.05,0.1,0.2",
    };
    const receiver = await startReceiver();
    receiver.delayMs = 5;
    const first = await startServer(["--seed", seedFile], env);
    const api = new ApiClient(first.url, 16);
    let subscriptionId = "";
    let stop = false;
    try {
      const created = await api.request<{ id: string }>("POST", "/v1/triggers/tasks", token, {
        config: { url: receiver.url, services: ["support@demo.cirrus.test"], taskEvents: [] },
      });
      assert.equal(created.status, 201);
      subscriptionId = created.body.id;
      const callers = Array.from({ length: 6 }, async () => {
        while (!stop) {
          const call = await api
            .request<{ taskId: string }>("POST", "/api/ingress/calls", token, {
              to: "support@demo.cirrus.test",
              from: "+41790000000",
            })
            .catch(() => undefined);
          if (call?.status !== 201) continue;
          await api
            .request("POST", `/api/ingress/tasks/${call.body.taskId}/hangup`, token)
            .catch(() => 0);
        }
      });
      await receiver.until((all) => all.length > 200, 20_000);
      await first.kill("SIGKILL");
      stop = true;
      await Promise.all(callers);
    } finally {
      stop = true;
      await first.kill("SIGKILL");
      await api.close();
    }

    const second = await startServer([], env);
    const api2 = new ApiClient(second.url, 4);
    try {
      const log: EventView[] = [];
      for (let after = 0; ; ) {
        const page = await api2.request<{ events: EventView[] }>(
          "GET",
          `/api/events?after=${after}&limit=1000`,
          token,
        );
        log.push(...page.body.events);
        if (page.body.events.length < 1000) break;
        after = page.body.events.at(-1)?.seq ?? after;
      }
      const expected = log.filter((e) => e.data.serviceUPN === "support@demo.cirrus.test");
      assert.ok(expected.length > 200, `load reached the log (${expected.length} events)`);
      const idOf = (seq: number) => `msg_${subscriptionId}_${seq}`;
      const delivered = () =>
        new Set(
          receiver.received
            .filter((r) => r.status === 200)
            .map((r) => String(r.headers["webhook-id"])),
        );
      await receiver.until(() => {
        const ids = delivered();
        return expected.every((e) => ids.has(idOf(e.seq)));
      }, 30_000);

      const firstOrder = new Map<string, number[]>();
      const seen = new Set<string>();
      for (const r of receiver.received) {
        const id = String(r.headers["webhook-id"]);
        if (r.status !== 200 || seen.has(id)) continue;
        seen.add(id);
        const seq = Number(id.split("_").at(-1));
        const taskId = String(r.json.taskId);
        firstOrder.set(taskId, [...(firstOrder.get(taskId) ?? []), seq]);
      }
      for (const [taskId, seqs] of firstOrder) {
        assert.deepEqual(
          seqs,
          [...seqs].sort((a, b) => a - b),
          `events of ${taskId} in order`,
        );
      }
    } finally {
      await api2.close();
      await second.kill("SIGTERM");
      await receiver.close();
      await data.remove();
    }
  });
});
