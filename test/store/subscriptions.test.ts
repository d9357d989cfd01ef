/**
 * The store port's subscription methods, run against every adapter: trigger subscriptions and
 * their parked deliveries behave the same on SQLite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Directory } from "../../src/domain/model.ts";
import type { Store } from "../../src/store/port.ts";
import type { ParkedDelivery, SubscriptionRecord } from "../../src/store/subscription-records.ts";
import { type OpenedStore, storeKinds } from "../support/databases.ts";

const baseTime = Date.UTC(2030, 0, 15, 9, 30);
const beyond32Bits = 2 ** 32 + 7;

function directory(tenantId: string): Directory {
  return {
    tenant: { id: tenantId, name: `Tenant ${tenantId}` },
    orgUnits: [{ id: "ou-root", tenantId, parentId: null, name: "Root" }],
    users: [
      {
        id: "u-1",
        tenantId,
        orgUnitId: "ou-root",
        upn: "al@example.com",
        email: "al@example.com",
        objectId: "0b0e6a4e-1",
        displayName: "Al",
        role: "TenantAdmin",
      },
    ],
    services: [],
  };
}

function subscription(id: string, fields: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    id,
    tenantId: "t1",
    kind: "task",
    ownerUserId: "u-1",
    url: `https://hooks.example.com/${id}?q=1&é=✓`,
    filter: {
      services: ["sales@example.com", "mail@example.com"],
      events: ["WorkflowStarted", "TaskAssigned"],
      modalities: ["Audio"],
      directions: ["Inbound", "Outbound"],
    },
    secret: `whsec_${Buffer.from(id).toString("base64")}`,
    cursor: 42,
    status: "failing",
    lastError: 'HTTP 503: "busy"',
    lastDeliveryAt: baseTime + 5,
    failingSince: baseTime + 3,
    createdAt: baseTime,
    ownerLostAccessAt: null,
    notFoundSince: baseTime + 4,
    notFoundCount: 2,
    ...fields,
  };
}

function parked(subscriptionId: string, seq: number, fields: Partial<ParkedDelivery> = {}) {
  const delivery: ParkedDelivery = {
    subscriptionId,
    seq,
    taskId: `task-${seq}`,
    attempt: 1,
    dueAt: baseTime + seq * 1000,
    lastError: "timeout",
    dead: false,
    ...fields,
  };
  return delivery;
}

async function ids(store: Store, tenantId?: string): Promise<string[]> {
  return (await store.listSubscriptions(tenantId)).map((s) => s.id);
}

async function parkedSeqs(store: Store, subscriptionId: string): Promise<number[]> {
  return (await store.listParked(subscriptionId)).map((d) => d.seq);
}

const uniqueViolation = /unique|duplicate/i;
const foreignKeyViolation = /foreign key/i;

// Probed before any suite is declared, so an unreachable PostgreSQL under CI fails the file.
const kinds = await Promise.all(
  storeKinds.map(async (kind) => ({ kind, skip: await kind.skipReason() })),
);

for (const { kind, skip } of kinds) {
  describe(`store subscriptions: ${kind.name}`, { skip: skip ?? false }, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await kind.open();
      store = opened.store;
      await store.saveDirectory(directory("t1"));
      await store.saveDirectory(directory("t2"));
    });

    afterEach(() => opened.dispose());

    describe("subscriptions", () => {
      it("round-trips a full record and one with nulls and empty filters", async () => {
        const full = subscription("sub-full", { kind: "scheduler", cursor: beyond32Bits });
        const bare = subscription("sub-bare", {
          filter: { services: [], events: [], modalities: [], directions: [] },
          cursor: 0,
          status: "active",
          lastError: null,
          lastDeliveryAt: null,
          failingSince: null,
          createdAt: baseTime + 1,
        });
        await store.insertSubscription(full);
        await store.insertSubscription(bare);
        assert.deepEqual(await store.listSubscriptions(), [full, bare]);
      });

      it("lists all or a tenant's, in order of creation then id", async () => {
        assert.deepEqual(await store.listSubscriptions(), []);
        await store.insertSubscription(subscription("a-late", { createdAt: baseTime + 9 }));
        await store.insertSubscription(
          subscription("b-t2", { tenantId: "t2", createdAt: baseTime + 5 }),
        );
        await store.insertSubscription(subscription("z-early", { createdAt: baseTime + 1 }));
        await store.insertSubscription(subscription("m-tie", { createdAt: baseTime + 5 }));
        await store.insertSubscription(subscription("c-tie", { createdAt: baseTime + 5 }));

        assert.deepEqual(await ids(store), ["z-early", "b-t2", "c-tie", "m-tie", "a-late"]);
        assert.deepEqual(await ids(store, "t1"), ["z-early", "c-tie", "m-tie", "a-late"]);
        assert.deepEqual(await ids(store, "t2"), ["b-t2"]);
        assert.deepEqual(await ids(store, "t3"), []);
      });

      it("updates only the fields in the patch, a null setting NULL", async () => {
        const original = subscription("sub-1");
        const other = subscription("sub-2", { createdAt: baseTime + 1 });
        await store.insertSubscription(original);
        await store.insertSubscription(other);
        let expected = original;
        const steps = [
          { cursor: beyond32Bits },
          { status: "disabled" },
          { lastError: null },
          { lastDeliveryAt: null },
          { failingSince: null },
          { lastError: "HTTP 410", lastDeliveryAt: baseTime + 50, failingSince: baseTime + 40 },
          { cursor: Number.MAX_SAFE_INTEGER, status: "paused" },
          { ownerLostAccessAt: baseTime + 60, status: "suspended", ownerUserId: "u-2" },
          { ownerLostAccessAt: null, status: "active" },
        ] as const;
        for (const patch of steps) {
          assert.equal(await store.updateSubscription("sub-1", patch), true);
          expected = { ...expected, ...patch };
          assert.deepEqual(
            await store.listSubscriptions(),
            [expected, other],
            `after ${JSON.stringify(patch)}`,
          );
        }
      });

      it("saves many cursors at once and skips unknown ids", async () => {
        await store.insertSubscription(subscription("sub-a", { cursor: 1, lastDeliveryAt: null }));
        await store.insertSubscription(
          subscription("sub-b", { cursor: 2, lastDeliveryAt: baseTime }),
        );
        await store.saveCursors([
          { id: "sub-a", cursor: beyond32Bits, lastDeliveryAt: baseTime + 5 },
          { id: "sub-gone", cursor: 9, lastDeliveryAt: null },
          { id: "sub-b", cursor: 3, lastDeliveryAt: null },
        ]);
        await store.saveCursors([]);
        const [a, b] = await store.listSubscriptions();
        assert.equal(a?.cursor, beyond32Bits);
        assert.equal(a?.lastDeliveryAt, baseTime + 5);
        assert.equal(a?.status, "failing", "other fields stay");
        assert.equal(a?.lastError, 'HTTP 503: "busy"');
        assert.equal(b?.cursor, 3);
        assert.equal(b?.lastDeliveryAt, null);
        assert.deepEqual(await ids(store), ["sub-a", "sub-b"]);
      });

      it("reports unknown ids and leaves the others alone", async () => {
        const kept = subscription("sub-1");
        await store.insertSubscription(kept);
        assert.equal(await store.updateSubscription("nope", { status: "paused" }), false);
        assert.equal(await store.updateSubscription("nope", {}), false);
        assert.equal(await store.updateSubscription("sub-1", {}), true, "an empty patch");
        assert.equal(await store.deleteSubscription("nope"), false);
        assert.deepEqual(await store.listParked("nope"), []);
        await store.deleteParked("nope", 1);
        assert.deepEqual(await store.listSubscriptions(), [kept]);
      });

      it("rejects a second subscription with the same id and keeps the first", async () => {
        const first = subscription("sub-1");
        await store.insertSubscription(first);
        await assert.rejects(
          store.insertSubscription(subscription("sub-1", { tenantId: "t2", url: "https://x" })),
          uniqueViolation,
        );
        assert.deepEqual(await store.listSubscriptions(), [first]);
      });

      it("rejects a subscription of an unknown tenant", async () => {
        await assert.rejects(
          store.insertSubscription(subscription("sub-1", { tenantId: "t-unknown" })),
          foreignKeyViolation,
        );
        assert.deepEqual(await store.listSubscriptions(), []);
      });

      it("deletes a subscription with its parked deliveries, and only those", async () => {
        await store.insertSubscription(subscription("sub-1"));
        await store.insertSubscription(subscription("sub-2", { createdAt: baseTime + 1 }));
        await store.parkDeliveries([parked("sub-1", 1), parked("sub-1", 2), parked("sub-2", 1)]);

        assert.equal(await store.deleteSubscription("sub-1"), true);
        assert.deepEqual(await ids(store), ["sub-2"]);
        assert.deepEqual(await store.listParked("sub-1"), [], "parked rows went with it");
        assert.deepEqual(await store.listParked("sub-2"), [parked("sub-2", 1)]);
        assert.equal(await store.deleteSubscription("sub-1"), false, "already gone");

        // The same id again starts without parked deliveries.
        await store.insertSubscription(subscription("sub-1"));
        assert.deepEqual(await store.listParked("sub-1"), []);
      });
    });

    describe("parked deliveries", () => {
      beforeEach(async () => {
        await store.insertSubscription(subscription("sub-1"));
        await store.insertSubscription(subscription("sub-2", { createdAt: baseTime + 1 }));
      });

      it("round-trips nulls and booleans", async () => {
        const deliveries = [
          parked("sub-1", 1, { taskId: null, lastError: null, dead: true }),
          parked("sub-1", 2, { attempt: 7, dueAt: Date.UTC(2099, 11, 31), lastError: "é ✓" }),
        ];
        await store.parkDeliveries(deliveries);
        assert.deepEqual(await store.listParked("sub-1"), deliveries);
        assert.deepEqual(await store.listParked("sub-2"), []);
      });

      it("lists a subscription's deliveries in seq order", async () => {
        const seqs = [beyond32Bits, 10, 2, 2 ** 31, 9];
        await store.parkDeliveries(seqs.map((seq) => parked("sub-1", seq)));
        await store.parkDeliveries([parked("sub-2", 5), parked("sub-1", 3)]);
        assert.deepEqual(await parkedSeqs(store, "sub-1"), [2, 3, 9, 10, 2 ** 31, beyond32Bits]);
        assert.deepEqual(await parkedSeqs(store, "sub-2"), [5]);
        const [last] = (await store.listParked("sub-1")).slice(-1);
        assert.deepEqual(last, parked("sub-1", beyond32Bits));
      });

      it("replaces a delivery parked again with the same subscription and seq", async () => {
        await store.parkDeliveries([parked("sub-1", 1), parked("sub-1", 2), parked("sub-2", 1)]);
        const again = parked("sub-1", 1, {
          taskId: null,
          attempt: 5,
          dueAt: baseTime + 99_000,
          lastError: null,
          dead: true,
        });
        await store.parkDeliveries([again]);
        assert.deepEqual(await store.listParked("sub-1"), [again, parked("sub-1", 2)]);
        assert.deepEqual(await store.listParked("sub-2"), [parked("sub-2", 1)], "other kept");

        const revived = { ...again, taskId: "task-1", lastError: "HTTP 500", dead: false };
        await store.parkDeliveries([parked("sub-1", 2, { attempt: 2 }), revived]);
        assert.deepEqual(await store.listParked("sub-1"), [
          revived,
          parked("sub-1", 2, { attempt: 2 }),
        ]);
      });

      it("keeps the last of one batch naming a delivery twice", async () => {
        const last = parked("sub-1", 4, { attempt: 3, dead: true });
        await store.parkDeliveries([parked("sub-1", 4), parked("sub-1", 5), last]);
        assert.deepEqual(await store.listParked("sub-1"), [last, parked("sub-1", 5)]);
      });

      it("writes nothing of a batch naming an unknown subscription", async () => {
        await store.parkDeliveries([parked("sub-1", 1)]);
        await assert.rejects(
          store.parkDeliveries([
            parked("sub-1", 1, { attempt: 9 }),
            parked("sub-1", 2),
            parked("sub-unknown", 3),
          ]),
          foreignKeyViolation,
        );
        assert.deepEqual(await store.listParked("sub-1"), [parked("sub-1", 1)]);
        assert.deepEqual(await store.listParked("sub-unknown"), []);
      });

      it("deletes one delivery by subscription and seq", async () => {
        await store.parkDeliveries([parked("sub-1", 1), parked("sub-1", 2), parked("sub-2", 1)]);
        await store.deleteParked("sub-1", 1);
        assert.deepEqual(await parkedSeqs(store, "sub-1"), [2]);
        assert.deepEqual(await parkedSeqs(store, "sub-2"), [1]);
        await store.deleteParked("sub-1", 1); // deleting again is harmless
        assert.deepEqual(await parkedSeqs(store, "sub-1"), [2]);
      });

      it("accepts an empty batch", async () => {
        await store.parkDeliveries([]);
        assert.deepEqual(await store.listParked("sub-1"), []);
      });
    });

    it("keeps subscriptions and parked deliveries across closing and reopening", async () => {
      const record = subscription("sub-1", { cursor: beyond32Bits });
      await store.insertSubscription(record);
      await store.parkDeliveries([parked("sub-1", beyond32Bits, { dead: true })]);
      await store.close();

      const again = await opened.reopen();
      assert.deepEqual(await again.listSubscriptions("t1"), [record]);
      assert.deepEqual(await again.listParked("sub-1"), [
        parked("sub-1", beyond32Bits, { dead: true }),
      ]);
    });
  });
}
