/**
 * SIGKILL mid-load: a server process takes calls, accepts and hang-ups over HTTP and is
 * killed without warning. After a restart on the same data, every acknowledged command's
 * events are in the log, `seq` rises strictly, and the timers that were pending end every
 * task still waiting in a queue.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { followsGrammar } from "../../src/domain/eventGrammar.ts";
import type { TaskEventType } from "../../src/domain/events.ts";
import { ApiClient } from "../support/api-client.ts";
import { seededDataDir } from "../support/seeded-data-dir.ts";
import { startServer } from "../support/server-process.ts";

interface EventView {
  seq: number;
  type: string;
  taskId: string | null;
}

async function readLog(api: ApiClient, token: string): Promise<EventView[]> {
  const events: EventView[] = [];
  for (let after = 0; ; ) {
    const page = await api.request<{ events: EventView[]; lastSeq: number }>(
      "GET",
      `/api/events?after=${after}&limit=1000&include=all`,
      token,
    );
    assert.equal(page.status, 200);
    events.push(...page.body.events);
    if (page.body.events.length < 1000) return events;
    after = page.body.lastSeq;
  }
}

/** Event types by task, in log order. */
function byTask(log: readonly EventView[]): Map<string, string[]> {
  const tasks = new Map<string, string[]>();
  for (const event of log) {
    if (!event.taskId) continue;
    const types = tasks.get(event.taskId);
    if (types) types.push(event.type);
    else tasks.set(event.taskId, [event.type]);
  }
  return tasks;
}

describe("crash recovery", () => {
  it("keeps every acknowledged command's events across SIGKILL", { timeout: 90_000 }, async () => {
    const data = await seededDataDir({ maxQueueSeconds: 3, ronaSeconds: 1 });
    const { seedFile, token, env } = data;
    const agents = ["alice", "bob", "carol", "grace"];

    const first = await startServer(["--seed", seedFile], env);
    const api = new ApiClient(first.url, 32);
    const acked = {
      calls: new Set<string>(),
      accepts: new Set<string>(),
      hangups: new Set<string>(),
    };
    let stop = false;
    try {
      const agentTokens = await Promise.all(
        agents.map(async (name) => {
          const r = await api.request<{ token: string }>("POST", "/api/admin/tokens", token, {
            upn: `${name}@demo.cirrus.test`,
          });
          await api.request("PUT", "/api/agent/presence", r.body.token, { status: "Available" });
          return r.body.token;
        }),
      );
      const callers = Array.from({ length: 12 }, async (_, n) => {
        while (!stop) {
          const r = await api
            .request<{ taskId: string }>("POST", "/api/ingress/calls", token, {
              to: "support@demo.cirrus.test",
              from: `+4179000${String(n).padStart(4, "0")}`,
            })
            .catch(() => undefined);
          if (r?.status === 201) acked.calls.add(r.body.taskId);
        }
      });
      const workers = agentTokens.map(async (agentToken) => {
        while (!stop) {
          const offers = await api
            .request<{ offers: { id: string; taskId: string }[] }>(
              "GET",
              "/api/agent/offers?waitMs=200",
              agentToken,
            )
            .catch(() => undefined);
          const offer = offers?.body.offers?.[0];
          if (!offer) continue;
          const accept = await api
            .request("POST", `/api/agent/offers/${offer.id}/accept`, agentToken)
            .catch(() => undefined);
          if (accept?.status !== 200) continue;
          acked.accepts.add(offer.taskId);
          // The first two connected calls are left talking through the crash.
          if (acked.accepts.size <= 2) continue;
          const hangup = await api
            .request("POST", `/api/ingress/tasks/${offer.taskId}/hangup`, token)
            .catch(() => undefined);
          if (hangup?.status === 204) acked.hangups.add(offer.taskId);
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await first.kill("SIGKILL");
      stop = true;
      await Promise.all([...callers, ...workers]);
    } finally {
      stop = true;
      await first.kill("SIGKILL");
      await api.close();
    }
    assert.ok(acked.calls.size > 50, `load reached the server (${acked.calls.size} calls)`);
    assert.ok(acked.hangups.size > 5, `some calls were completed (${acked.hangups.size})`);

    const second = await startServer([], env);
    const api2 = new ApiClient(second.url, 4);
    try {
      const log = await readLog(api2, token);
      const tasks = byTask(log);
      const typesOf = (taskId: string) => tasks.get(taskId) ?? [];
      const seqs = log.map((e) => e.seq);
      for (let i = 1; i < seqs.length; i++) {
        assert.ok((seqs[i] ?? 0) > (seqs[i - 1] ?? 0), `seq rises at ${i}`);
      }
      for (const taskId of acked.calls) {
        assert.equal(typesOf(taskId)[0], "WorkflowStarted", `call ${taskId} kept`);
      }
      for (const taskId of acked.accepts) {
        assert.ok(typesOf(taskId).includes("ConnectedToUser"), `accept of ${taskId} kept`);
      }
      for (const taskId of acked.hangups) {
        assert.equal(typesOf(taskId).at(-1), "Terminated", `hang-up of ${taskId} kept`);
      }

      // Tasks that were waiting must leave the queue when their timers, set again, run out.
      const settled = (types: readonly string[]) =>
        types.at(-1) === "Terminated" || types.at(-1) === "ConnectedToUser";
      let final = tasks;
      for (let attempt = 0; attempt < 40; attempt++) {
        final = byTask(await readLog(api2, token));
        if ([...final.values()].every(settled)) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      for (const [taskId, all] of final) {
        const types = all.filter((t) => !t.startsWith("Offer")) as TaskEventType[];
        if (types.at(-1) === "ConnectedToUser") continue; // still talking: the caller decides
        assert.ok(followsGrammar(types), `${taskId}: ${types.join(" ")}`);
      }
    } finally {
      await api2.close();
      await second.kill("SIGTERM");
      await data.remove();
    }
  });
});
