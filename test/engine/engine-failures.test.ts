/**
 * The engine when things go wrong: failed writes and recoveries, replies without events,
 * timers due at start, a second writer. Run on each store.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { systemClock } from "../../src/engine/clock.ts";
import { Engine } from "../../src/engine/engine.ts";
import { ManualClock } from "../../src/engine/manual-clock.ts";
import type { Store } from "../../src/store/port.ts";
import { WriterLockError } from "../../src/store/writer-lock-error.ts";
import { storeKinds, withClient } from "../support/databases.ts";
import { callSupport, demoTenant, occupySupportMember } from "../support/engine-calls.ts";

const tenant = demoTenant;

/** A store whose methods fail while their switch is on. */
function faulty(store: Store) {
  const failing = { append: 0, listTenants: 0, maxSeqDelayMs: 0 };
  const wrapped: Store = Object.create(store, {
    append: {
      value: async (batch: Parameters<Store["append"]>[0]) => {
        if (failing.append > 0 && failing.append--) throw new Error("disk full");
        return store.append(batch);
      },
    },
    listTenants: {
      value: async () => {
        if (failing.listTenants > 0 && failing.listTenants--) throw new Error("connection lost");
        return store.listTenants();
      },
    },
    maxSeq: {
      value: async () => {
        if (failing.maxSeqDelayMs) {
          await new Promise((resolve) => setTimeout(resolve, failing.maxSeqDelayMs));
        }
        return store.maxSeq();
      },
    },
  });
  return { store: wrapped, failing };
}

for (const kind of storeKinds) {
  describe(`engine failures on ${kind.name}`, async () => {
    const skip = await kind.skipReason();

    it("rejects a reply without events that rests on a lost write", { skip }, async () => {
      const db = await kind.open();
      const { store, failing } = faulty(db.store);
      const engine = await Engine.open({ store, clock: new ManualClock(), newId: randomUUID });
      try {
        await engine.provision(demoDirectory());
        await occupySupportMember(engine);
        const taskId = await callSupport(engine);
        failing.append = 1;
        const setting = { kind: "SetParameter", taskId, name: "Reason", value: "Billing" } as const;
        const first = engine.execute(tenant, setting);
        const repeat = engine.execute(tenant, setting); // no change, so no event of its own
        const outcomes = await Promise.allSettled([first, repeat]);
        assert.deepEqual(
          outcomes.map((o) => o.status),
          ["rejected", "rejected"],
        );
        await engine.execute(tenant, setting);
        const events = await db.store.readEvents({
          after: 0,
          limit: 100,
          types: ["ParameterUpdated"],
        });
        assert.equal(events.length, 1, "the parameter is set once it is durable");
      } finally {
        await engine.close();
        await db.dispose();
      }
    });

    it("keeps its tenants when a recovery attempt fails, and retries", { skip }, async () => {
      const db = await kind.open();
      const { store, failing } = faulty(db.store);
      const errors: string[] = [];
      const engine = await Engine.open({
        store,
        clock: new ManualClock(),
        newId: randomUUID,
        onError: (_error, context) => errors.push(context),
      });
      try {
        await engine.provision(demoDirectory());
        const busy = await occupySupportMember(engine);
        const kept = await callSupport(engine);
        failing.append = 1;
        failing.listTenants = 1;
        await assert.rejects(
          callSupport(engine),
          (e: unknown) =>
            e instanceof DomainError && e.status === 503 && /disk full/.test(e.message),
        );
        assert.deepEqual(engine.tenantIds(), [tenant], "a failed reload leaves the tenant");
        const after = await callSupport(engine); // waits for the retried recovery
        assert.deepEqual(errors, ["recovery attempt 1"]);
        assert.deepEqual(
          [...(engine.state(tenant)?.tasks.keys() ?? [])].sort(),
          [busy, kept, after].sort(),
        );
      } finally {
        await engine.close();
        await db.dispose();
      }
    });

    it("closes while a recovery keeps failing, and then refuses work", { skip }, async () => {
      const db = await kind.open();
      const { store, failing } = faulty(db.store);
      const engine = await Engine.open({ store, clock: new ManualClock(), newId: randomUUID });
      try {
        await engine.provision(demoDirectory());
        failing.append = 1;
        failing.listTenants = 1_000;
        await assert.rejects(callSupport(engine), /disk full/);
        await engine.close();
        await assert.rejects(
          callSupport(engine),
          (e: unknown) => e instanceof DomainError && e.status === 503,
        );
      } finally {
        await db.dispose();
      }
    });

    it("starts timers only once it knows the last seq", { skip }, async () => {
      const db = await kind.open();
      const quick = demoDirectory();
      const directory = {
        ...quick,
        services: quick.services.map((s) => ({
          ...s,
          routing: { maxQueueSeconds: 0.05, ronaSeconds: 1 },
        })),
      };
      const first = await Engine.open({ store: db.store, clock: systemClock, newId: randomUUID });
      await first.provision(directory);
      const tasks = [await callSupport(first), await callSupport(first), await callSupport(first)];
      await first.close();
      await db.store.close();

      const reopened = await db.reopen();
      await new Promise((resolve) => setTimeout(resolve, 80)); // every queue timer is overdue now
      const { store, failing } = faulty(reopened);
      failing.maxSeqDelayMs = 30;
      const errors: unknown[] = [];
      const second = await Engine.open({
        store,
        clock: systemClock,
        newId: randomUUID,
        onError: (error) => errors.push(error),
      });
      try {
        for (let i = 0; i < 100 && (second.state(tenant)?.tasks.size ?? 0) > 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await second.drained();
        assert.deepEqual(errors, []);
        const events = await reopened.readEvents({ after: 0, limit: 1000 });
        const seqs = events.map((e) => e.seq);
        assert.deepEqual(
          seqs,
          seqs.map((_, i) => i + 1),
        );
        for (const taskId of tasks) {
          const types = events.filter((e) => e.taskId === taskId).map((e) => e.type);
          assert.equal(types.at(-1), "Terminated", `${taskId}: ${types.join(" ")}`);
        }
      } finally {
        await second.close();
        await db.dispose();
      }
    });

    it("clears the ringing timer once the offer is accepted", { skip }, async () => {
      const db = await kind.open();
      const clock = new ManualClock();
      const engine = await Engine.open({ store: db.store, clock, newId: randomUUID });
      try {
        await engine.provision(demoDirectory());
        await engine.execute(tenant, {
          kind: "SetPresence",
          userId: "user-alice",
          status: "Available",
        });
        await callSupport(engine);
        assert.equal(engine.timersPending(tenant), 2, "queue and offer timers");
        assert.equal(clock.pendingCount, 1, "one clock timer, for the earliest");
        const offerId = engine.state(tenant)?.users.get("user-alice")?.offerId ?? "";
        await engine.execute(tenant, { kind: "AcceptOffer", userId: "user-alice", offerId });
        assert.equal(engine.timersPending(tenant), 0);
        assert.equal(clock.pendingCount, 0);
      } finally {
        await engine.close();
        await db.dispose();
      }
    });

    // Only PostgreSQL's lock lives in a session that can be taken away from a live process.
    const lockCanBeLost = kind.name === "postgres";
    if (lockCanBeLost)
      it("stops for good when it loses the writer lock", { skip }, async () => {
        const db = await kind.open();
        let fatal: unknown;
        const engine = await Engine.open({
          store: db.store,
          clock: new ManualClock(),
          newId: randomUUID,
          onFatal: (error) => {
            fatal = error;
          },
        });
        try {
          await engine.provision(demoDirectory());
          await callSupport(engine);
          await withClient((client) =>
            client.query(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
              [`cirrus-writer:${db.schema}`],
            ),
          );
          await assert.rejects(
            callSupport(engine),
            (e: unknown) =>
              e instanceof DomainError &&
              e.status === 503 &&
              /lost its writer lock/.test(e.message),
          );
          assert.ok(fatal instanceof WriterLockError);
          await assert.rejects(
            callSupport(engine),
            (e: unknown) => e instanceof DomainError && e.status === 503,
          );
          const events = await db.store.readEvents({ after: 0, limit: 100 });
          assert.equal(
            events.filter((e) => e.type === "WorkflowStarted").length,
            1,
            "nothing after the loss",
          );
        } finally {
          await engine.close();
          await db.dispose();
        }
      });

    it("lets one process write a store at a time", { skip }, async () => {
      const db = await kind.open();
      const first = await Engine.open({
        store: db.store,
        clock: new ManualClock(),
        newId: randomUUID,
      });
      const other = await db.reopen();
      try {
        await assert.rejects(
          Engine.open({ store: other, clock: new ManualClock(), newId: randomUUID }),
          WriterLockError,
        );
        await first.close();
        await db.store.close();
        const again = await db.reopen();
        const second = await Engine.open({
          store: again,
          clock: new ManualClock(),
          newId: randomUUID,
        });
        await second.close();
      } finally {
        await db.dispose();
      }
    });
  });
}
