/** The engine over each store: group commit, acknowledgement after durability, recovery. */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { snapshotOf } from "../../src/domain/snapshot.ts";
import { Engine } from "../../src/engine/engine.ts";
import { ManualClock } from "../../src/engine/manual-clock.ts";
import type { Store, StoredEvent } from "../../src/store/port.ts";
import { storeKinds } from "../support/databases.ts";
import { callSupport, demoTenant, occupySupportMember } from "../support/engine-calls.ts";

const tenant = demoTenant;

const liveView = (engine: Engine) => JSON.parse(JSON.stringify(snapshotOf(engineState(engine))));
function engineState(engine: Engine) {
  const state = engine.state(tenant);
  assert.ok(state);
  return state;
}

/** Waits for the commands that timers just issued to be decided and written. */
async function settled(engine: Engine): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await engine.drained();
}

async function allEvents(store: Store): Promise<StoredEvent[]> {
  return store.readEvents({ after: 0, limit: 100_000 });
}

for (const kind of storeKinds) {
  describe(`engine on ${kind.name}`, async () => {
    const skip = await kind.skipReason();

    it("commits commands of one tick together and answers only after the commit", {
      skip,
    }, async () => {
      const db = await kind.open();
      try {
        const clock = new ManualClock();
        const engine = await Engine.open({ store: db.store, clock, newId: randomUUID });
        await engine.provision(demoDirectory());
        await occupySupportMember(engine);
        const batches: number[] = [];
        let committedBeforeReply = false;
        engine.onCommit((events) => batches.push(events.length));
        const first = callSupport(engine).then((id) => {
          committedBeforeReply = batches.length > 0;
          return id;
        });
        const ids = await Promise.all([first, callSupport(engine), callSupport(engine)]);
        assert.equal(new Set(ids).size, 3);
        assert.ok(committedBeforeReply, "the reply waits for the commit");
        assert.deepEqual(batches, [9], "three calls of three events each, one transaction");
        const stored = await allEvents(db.store);
        assert.deepEqual(
          stored.map((e) => e.seq),
          stored.map((_, i) => i + 1),
        );
        await engine.close();
      } finally {
        await db.dispose();
      }
    });

    it("rebuilds its state and timers after a restart", { skip }, async () => {
      const db = await kind.open();
      try {
        const clock = new ManualClock();
        const first = await Engine.open({
          store: db.store,
          clock,
          newId: randomUUID,
          snapshotEvery: 4,
          snapshotEventsPerItem: 0,
        });
        await first.provision(demoDirectory());
        await first.execute(tenant, {
          kind: "SetPresence",
          userId: "user-alice",
          status: "Available",
        });
        await first.execute(tenant, {
          kind: "SetPresence",
          userId: "user-bob",
          status: "Available",
        });
        const taskId = await callSupport(first);
        await callSupport(first);
        await callSupport(first);
        const before = liveView(first);
        const lastSeq = first.lastSeq;
        await first.close();
        await db.store.close();

        const store = await db.reopen();
        const clock2 = new ManualClock(clock.now());
        const second = await Engine.open({ store, clock: clock2, newId: randomUUID });
        assert.deepEqual(liveView(second), before, "same state after the restart");
        assert.equal(second.lastSeq, lastSeq);
        assert.ok(await store.latestSnapshot(tenant), "snapshots were written");

        // The offers' RONA timers were set again: let them ring out.
        clock2.advance(15_000);
        await settled(second);
        const state = engineState(second);
        assert.equal(state.users.get("user-alice")?.notReady, true);
        assert.equal(state.users.get("user-bob")?.notReady, true);
        // And the queue timer ends the tasks after the maximum queue time.
        clock2.advance(300_000);
        await settled(second);
        await second.close();
        const events = await allEvents(store);
        const seqs = events.map((e) => e.seq);
        assert.deepEqual(
          seqs,
          [...seqs].sort((a, b) => a - b),
        );
        assert.equal(new Set(seqs).size, seqs.length, "no seq twice");
        const ofTask = events.filter((e) => e.taskId === taskId).map((e) => e.type);
        assert.deepEqual(ofTask.slice(-2), ["QueueLeft", "Terminated"]);
        assert.equal(state.tasks.size, 0, "no task left behind");
      } finally {
        await db.dispose();
      }
    });

    it("ignores a snapshot of an unknown shape and replays the log", { skip }, async () => {
      const db = await kind.open();
      try {
        const first = await Engine.open({
          store: db.store,
          clock: new ManualClock(),
          newId: randomUUID,
        });
        await first.provision(demoDirectory());
        await callSupport(first);
        await callSupport(first);
        const before = liveView(first);
        const seq = first.lastSeq;
        await first.close();
        await db.store.append({
          events: [],
          snapshots: [{ tenantId: tenant, seq, state: { version: 99 } }],
        });
        await db.store.close();
        const store = await db.reopen();
        const second = await Engine.open({ store, clock: new ManualClock(), newId: randomUUID });
        assert.deepEqual(liveView(second), before);
        await second.close();
      } finally {
        await db.dispose();
      }
    });

    it("offers waiting tasks to members a new directory adds", { skip }, async () => {
      const db = await kind.open();
      try {
        const engine = await Engine.open({
          store: db.store,
          clock: new ManualClock(),
          newId: randomUUID,
        });
        const directory = demoDirectory();
        await engine.provision(directory);
        // Dave serves sales but is busy with a call of his own: a sales call waits.
        await engine.execute(tenant, {
          kind: "SetPresence",
          userId: "user-dave",
          status: "Available",
        });
        const sales = {
          kind: "ReceiveInbound",
          modality: "Audio",
          to: "sales@demo.cirrus.test",
          from: "",
        } as const;
        await engine.execute(tenant, sales);
        const daveOffer = engineState(engine).users.get("user-dave")?.offerId ?? "";
        await engine.execute(tenant, {
          kind: "AcceptOffer",
          userId: "user-dave",
          offerId: daveOffer,
        });
        await engine.execute(tenant, {
          kind: "SetPresence",
          userId: "user-alice",
          status: "Available",
        });
        const reply = await engine.execute(tenant, {
          kind: "ReceiveInbound",
          modality: "Audio",
          to: "sales@demo.cirrus.test",
          from: "",
        });
        assert.ok("taskId" in reply);
        assert.equal(
          engineState(engine).users.get("user-alice")?.offerId,
          null,
          "not a sales member yet",
        );
        await engine.provision({
          ...directory,
          services: directory.services.map((s) =>
            s.id === "service-sales" ? { ...s, members: [...s.members, "user-alice"] } : s,
          ),
        });
        const offerId = engineState(engine).users.get("user-alice")?.offerId;
        assert.equal(engineState(engine).offers.get(offerId ?? "")?.taskId, reply.taskId);
        await engine.close();
      } finally {
        await db.dispose();
      }
    });

    it("rejects the commands of a failed write and forgets their effects", { skip }, async () => {
      const db = await kind.open();
      try {
        let failNext = false;
        const flaky: Store = Object.create(db.store, {
          append: {
            value: async (batch: Parameters<Store["append"]>[0]) => {
              if (failNext) {
                failNext = false;
                throw new Error("disk full");
              }
              return db.store.append(batch);
            },
          },
        });
        const engine = await Engine.open({
          store: flaky,
          clock: new ManualClock(),
          newId: randomUUID,
        });
        await engine.provision(demoDirectory());
        const busy = await occupySupportMember(engine);
        const kept = await callSupport(engine);
        failNext = true;
        await assert.rejects(callSupport(engine), /disk full/);
        const after = await callSupport(engine);
        const live = [...engineState(engine).tasks.keys()].sort();
        assert.deepEqual(live, [busy, kept, after].sort(), "the lost task is not in the state");
        const seqs = (await allEvents(db.store)).map((e) => e.seq);
        assert.deepEqual(
          seqs,
          seqs.map((_, i) => i + 1),
          "seq continues without a gap",
        );
        await engine.close();
      } finally {
        await db.dispose();
      }
    });
  });
}
