/**
 * The engine running workflows on each store: Collect Information's request goes out only
 * once its wait is durable, is sent again after a restart, and its answer resumes the task;
 * waits time out on the clock; a reloaded assignment applies to the next task.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import type { CollectRequestSpec } from "../../src/domain/events.ts";
import type { WorkflowDefinition } from "../../src/domain/workflow/definition.ts";
import type { CollectOutcome } from "../../src/domain/workflow/interpreter.ts";
import { Engine } from "../../src/engine/engine.ts";
import { ManualClock } from "../../src/engine/manual-clock.ts";
import type { Store } from "../../src/store/port.ts";
import { describeEachStore } from "../support/databases.ts";
import { demoTenant } from "../support/engine-calls.ts";

const lookup: WorkflowDefinition = {
  id: "lookup",
  name: "Lookup",
  modality: "Audio",
  version: 1,
  start: "start",
  nodes: {
    start: { activity: "Start", exits: { next: "ask" } },
    ask: {
      activity: "CollectInformation",
      settings: {
        url: "http://crm.test/callers/{{callerTelNumber}}",
        timeoutSeconds: 5,
        mappings: [{ parameter: "tier", path: "tier" }],
      },
      exits: { success: "hold", failure: "bye", timeout: "bye" },
    },
    hold: {
      activity: "WaitForParameter",
      settings: { parameter: "release", timeoutSeconds: 60 },
      exits: { changed: "bye", timeout: "bye" },
    },
    bye: { activity: "Disconnect" },
  },
};

/** A request runner the test answers by hand. */
function manualCollector() {
  const sent: { request: CollectRequestSpec; answer: (outcome: CollectOutcome) => void }[] = [];
  return {
    sent,
    collect: (request: CollectRequestSpec) =>
      new Promise<CollectOutcome>((answer) => sent.push({ request, answer })),
  };
}

async function installLookup(store: Store): Promise<void> {
  await store.insertWorkflowVersion({
    tenantId: demoTenant,
    id: lookup.id,
    version: 1,
    document: lookup,
    createdAt: 0,
  });
  await store.assignWorkflow(demoTenant, "service-helpdesk", "Audio", lookup.id);
}

const call = async (engine: Engine) => {
  const reply = await engine.execute(demoTenant, {
    kind: "ReceiveInbound",
    modality: "Audio",
    to: "helpdesk@demo.cirrus.test",
    from: "+41 79 000 00 07",
  });
  assert.ok("taskId" in reply);
  return reply.taskId;
};

async function settled(engine: Engine): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  await engine.drained();
}

describeEachStore("engine running workflows", (kind) => {
  it("sends Collect Information's request once durable, again after a restart, and resumes on the answer", async () => {
    const db = await kind.open();
    try {
      const clock = new ManualClock();
      const first = manualCollector();
      const engine = await Engine.open({
        store: db.store,
        clock,
        newId: randomUUID,
        collect: first.collect,
      });
      await engine.provision(demoDirectory());
      await installLookup(db.store);
      await engine.reloadWorkflows(demoTenant);
      const taskId = await call(engine);
      await settled(engine);
      assert.equal(first.sent.length, 1);
      assert.equal(
        first.sent[0]?.request.url,
        "http://crm.test/callers/%2B41%2079%20000%2000%2007",
      );
      assert.equal(first.sent[0]?.request.timeoutMs, 5_000);
      await engine.close();

      const second = manualCollector();
      const reopened = await Engine.open({
        store: db.store,
        clock,
        newId: randomUUID,
        collect: second.collect,
      });
      await settled(reopened);
      assert.equal(second.sent.length, 1, "the unanswered request is sent again");
      second.sent[0]?.answer({ kind: "response", status: 200, body: '{"tier":"gold"}' });
      await settled(reopened);
      const task = reopened.state(demoTenant)?.tasks.get(taskId);
      assert.equal(task?.node, "hold");
      assert.deepEqual(task?.data.taskInformation.customContextParameters, [
        { name: "tier", value: "gold" },
      ]);
      // Nobody releases it: the wait times out on the clock and the task ends.
      clock.advance(60_000);
      await settled(reopened);
      assert.equal(reopened.state(demoTenant)?.tasks.has(taskId), false);
      await reopened.close();
    } finally {
      await db.dispose();
    }
  });

  it("takes the timeout exit when the answer comes too late", async () => {
    const db = await kind.open();
    try {
      const clock = new ManualClock();
      const collector = manualCollector();
      const engine = await Engine.open({
        store: db.store,
        clock,
        newId: randomUUID,
        collect: collector.collect,
      });
      await engine.provision(demoDirectory());
      await installLookup(db.store);
      await engine.reloadWorkflows(demoTenant);
      const taskId = await call(engine);
      await settled(engine);
      clock.advance(5_000);
      await settled(engine);
      collector.sent[0]?.answer({ kind: "response", status: 200, body: '{"tier":"gold"}' });
      await settled(engine);
      assert.equal(engine.state(demoTenant)?.tasks.has(taskId), false, "ended by timeout");
      const events = await db.store.readEvents({ after: 0, limit: 1000, taskId });
      const ended = events.filter((e) => e.type === "WaitEnded").map((e) => e.data);
      assert.deepEqual(
        ended.map((d) => (d as { exit: string }).exit),
        ["timeout"],
      );
      assert.equal(events.filter((e) => e.type === "ParameterUpdated").length, 0);
      await engine.close();
    } finally {
      await db.dispose();
    }
  });
});
