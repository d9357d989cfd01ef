/**
 * The scheduler in the engine, on each store, in virtual time: an entry fires at its due
 * date to the millisecond, survives a restart while it waits and while an attempt is in
 * progress (the attempt's timer and task are rebuilt from the log), and a failed attempt is
 * retried after the retry delay.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import type { EntryWrite } from "../../src/domain/scheduler.ts";
import { Engine } from "../../src/engine/engine.ts";
import { ManualClock } from "../../src/engine/manual-clock.ts";
import type { Store } from "../../src/store/port.ts";
import { describeEachStore } from "../support/databases.ts";
import { demoTenant } from "../support/engine-calls.ts";

async function settled(engine: Engine): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  await engine.drained();
}

const open = (store: Store, clock: ManualClock) =>
  Engine.open({ store, clock, newId: randomUUID, collect: () => new Promise(() => {}) });

async function entryTypes(store: Store, entryId: string): Promise<string[]> {
  const events = await store.readEvents({
    after: 0,
    limit: 10_000,
    tenantId: demoTenant,
    types: ["Scheduled", "DueDateReached", "Handled", "LimitReached", "Removed", "Failed"],
  });
  return events
    .filter((e) => (e.detail as { entryId?: string }).entryId === entryId)
    .map((e) => e.type);
}

describeEachStore("the scheduler in the engine", (kind) => {
  it("fires at the due date, and resumes after restarts while waiting and mid-attempt", async () => {
    const db = await kind.open();
    try {
      const clock = new ManualClock();
      let engine = await open(db.store, clock);
      await engine.provision(demoDirectory());
      const entry: EntryWrite = {
        serviceId: "service-support",
        destination: "+41791230000",
        priority: "High",
        dueAt: clock.now() + 3_600_000,
        maxAttempts: 2,
        attemptTimeoutSeconds: 600,
        maxQueueSeconds: 300,
        ronaSeconds: 20,
        parameters: [],
        retryDelaySeconds: 120,
        createdBy: "user-admin",
      };
      const reply = await engine.execute(demoTenant, { kind: "CreateSchedulerEntry", entry });
      assert.ok("entryId" in reply);
      const { entryId } = reply;
      await engine.close();

      // Restarted while it waits: its timer is armed again from the log.
      engine = await open(db.store, clock);
      clock.advance(3_599_999);
      await settled(engine);
      assert.deepEqual(await entryTypes(db.store, entryId), ["Scheduled"]);
      clock.advance(1);
      await settled(engine);
      assert.deepEqual(await entryTypes(db.store, entryId), ["Scheduled", "DueDateReached"]);
      const taskId = engine.state(demoTenant)?.entries.get(entryId)?.taskId;
      assert.ok(taskId);
      assert.equal(engine.state(demoTenant)?.tasks.get(taskId)?.status, "queued");
      await engine.close();

      // Restarted mid-attempt: the queued call is offered once someone is there.
      engine = await open(db.store, clock);
      await engine.execute(demoTenant, {
        kind: "SetPresence",
        userId: "user-alice",
        status: "Available",
      });
      const offerId = engine.state(demoTenant)?.users.get("user-alice")?.offerId;
      assert.ok(offerId, "the outbound call is offered after the restart");
      await engine.execute(demoTenant, { kind: "AcceptOffer", userId: "user-alice", offerId });
      await engine.close();

      // Restarted while connected: the attempt's time still runs out, to the millisecond.
      engine = await open(db.store, clock);
      clock.advance(600_000 - 1);
      await settled(engine);
      assert.equal(engine.state(demoTenant)?.tasks.get(taskId)?.status, "connected");
      clock.advance(1);
      await settled(engine);
      assert.equal(engine.state(demoTenant)?.tasks.has(taskId), false);
      assert.deepEqual(await entryTypes(db.store, entryId), [
        "Scheduled",
        "DueDateReached",
        "Scheduled",
      ]);

      // The second attempt reaches the destination.
      clock.advance(120_000);
      await settled(engine);
      const second = engine.state(demoTenant)?.entries.get(entryId)?.taskId;
      assert.ok(second && second !== taskId);
      const offer = engine.state(demoTenant)?.users.get("user-alice")?.offerId;
      assert.ok(offer);
      await engine.execute(demoTenant, {
        kind: "AcceptOffer",
        userId: "user-alice",
        offerId: offer,
      });
      await engine.execute(demoTenant, {
        kind: "ReportDestination",
        taskId: second,
        outcome: "Answered",
      });
      assert.deepEqual(await entryTypes(db.store, entryId), [
        "Scheduled",
        "DueDateReached",
        "Scheduled",
        "DueDateReached",
        "Handled",
      ]);
      assert.equal(engine.state(demoTenant)?.entries.has(entryId), false);
      await engine.close();
    } finally {
      await db.dispose();
    }
  });
});
