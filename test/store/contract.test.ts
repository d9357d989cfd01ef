/**
 * The store port's contract, run against every adapter: the event log, snapshots, the
 * directory and tokens behave the same on SQLite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import Database from "better-sqlite3";
import type { Directory } from "../../src/domain/model.ts";
import {
  type AddressBookRecord,
  addressKey,
  type Contact,
  phoneKey,
} from "../../src/store/address-book-records.ts";
import { loadMigrations } from "../../src/store/migrate.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Snapshot, Store, StoredEvent, TokenRecord } from "../../src/store/port.ts";
import { freshSqliteStore, type OpenedStore, storeKinds } from "../support/databases.ts";

const baseTime = Date.UTC(2030, 0, 15, 9, 30);

function event(seq: number, fields: Partial<StoredEvent> = {}): StoredEvent {
  return {
    seq,
    tenantId: "t1",
    type: "TaskCreated",
    at: baseTime + seq,
    taskId: `task-${seq}`,
    data: { n: seq },
    detail: null,
    ...fields,
  };
}

function snapshot(tenantId: string, seq: number, state: unknown = { seq }): Snapshot {
  return { tenantId, seq, state };
}

async function seqs(store: Store, query: Parameters<Store["readEvents"]>[0]): Promise<number[]> {
  return (await store.readEvents(query)).map((e) => e.seq);
}

function directory(tenantId: string, tenantName = `Tenant ${tenantId}`): Directory {
  return {
    tenant: { id: tenantId, name: tenantName },
    // Not in id order: a directory loads in the order it was saved.
    orgUnits: [
      { id: "ou-z", tenantId, parentId: null, name: "Root" },
      { id: "ou-a", tenantId, parentId: "ou-z", name: "Sales" },
    ],
    users: [
      {
        id: "u-2",
        tenantId,
        orgUnitId: "ou-a",
        upn: "bea@example.com",
        email: "bea@example.com",
        objectId: "0b0e6a4e-2",
        displayName: "Béa Müller",
        role: "Supervisor",
        capacity: { InstantMessaging: 5, ExternalTask: 0 },
        roleAssignments: [{ role: "OuAdmin", orgUnitId: "ou-z" }],
      },
      {
        id: "u-3",
        tenantId,
        orgUnitId: "ou-a",
        upn: "pat@partner.example",
        email: "pat@partner.example",
        objectId: "0b0e6a4e-3",
        displayName: "Pat Partner",
        role: "PartnerAdmin",
        homeTenant: "partner-co",
      },
      {
        id: "u-1",
        tenantId,
        orgUnitId: "ou-z",
        upn: "al@example.com",
        email: "al@example.com",
        objectId: "0b0e6a4e-1",
        displayName: "Al",
        role: "TenantAdmin",
      },
    ],
    services: [
      {
        id: "s-1",
        tenantId,
        orgUnitId: "ou-a",
        upn: "sales@example.com",
        name: "sales",
        displayName: "Sales hotline",
        description: "Inbound sales",
        telNumber: "+41445001234",
        licence: "ContactCenter",
        modalities: ["Audio", "InstantMessaging"],
        members: ["u-2", "u-1"],
        owners: ["u-1"],
        routing: { maxQueueSeconds: 120, ronaSeconds: 20 },
        virtualAssistant: true,
      },
      {
        id: "s-0",
        tenantId,
        orgUnitId: "ou-z",
        upn: "mail@example.com",
        name: "mail",
        displayName: "Mail",
        description: "",
        telNumber: "",
        licence: "BasicRouting",
        modalities: ["Email"],
        members: [],
        routing: { maxQueueSeconds: 300, ronaSeconds: 15 },
      },
    ],
  };
}

const userToken: TokenRecord = {
  hash: "a".repeat(64),
  principal: { kind: "user", tenantId: "t1", userId: "u-1" },
  createdAt: baseTime,
  expiresAt: null,
  revokedAt: null,
};

const gatewayToken: TokenRecord = {
  hash: "b".repeat(64),
  principal: { kind: "gateway", tenantId: "t1", name: "sbc-zurich" },
  createdAt: baseTime + 1,
  expiresAt: baseTime + 3_600_000,
  revokedAt: null,
};

const uniqueViolation = /unique|duplicate/i;

// Probed before any suite is declared, so an unreachable PostgreSQL under CI fails the file.
const kinds = await Promise.all(
  storeKinds.map(async (kind) => ({ kind, skip: await kind.skipReason() })),
);

for (const { kind, skip } of kinds) {
  describe(`store contract: ${kind.name}`, { skip: skip ?? false }, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await kind.open();
      store = opened.store;
    });

    afterEach(() => opened.dispose());

    it("reports its dialect and whether several processes may write", () => {
      assert.equal(store.capabilities.dialect, kind.name);
      assert.equal(store.capabilities.sharedWriters, kind.name === "postgres");
    });

    describe("event log", () => {
      it("reads events back in seq order, whatever order they were appended in", async () => {
        await store.append({ events: [event(3), event(1), event(2)], snapshots: [] });
        await store.append({ events: [event(5), event(4)], snapshots: [] });
        const events = await store.readEvents({ after: 0, limit: 100 });
        assert.deepEqual(
          events.map((e) => e.seq),
          [1, 2, 3, 4, 5],
        );
        assert.deepEqual(events[0], event(1));
      });

      it("pages with after and limit", async () => {
        await store.append({ events: [1, 2, 3, 4, 5].map((seq) => event(seq)), snapshots: [] });
        assert.deepEqual(await seqs(store, { after: 2, limit: 2 }), [3, 4]);
        assert.deepEqual(await seqs(store, { after: 0, limit: 1 }), [1]);
        assert.deepEqual(await seqs(store, { after: 4, limit: 10 }), [5]);
        assert.deepEqual(await seqs(store, { after: 5, limit: 10 }), []);
      });

      it("filters by tenant, task and types, alone and combined", async () => {
        await store.append({
          events: [
            event(1, { tenantId: "t1", taskId: "task-a", type: "TaskCreated" }),
            event(2, { tenantId: "t2", taskId: "task-b", type: "TaskCreated" }),
            event(3, { tenantId: "t1", taskId: "task-a", type: "TaskAssigned" }),
            event(4, { tenantId: "t1", taskId: null, type: "PresenceChanged" }),
            event(5, { tenantId: "t2", taskId: "task-b", type: "TaskAssigned" }),
            event(6, { tenantId: "t1", taskId: "task-c", type: "TaskCreated" }),
          ],
          snapshots: [],
        });
        const all = { after: 0, limit: 100 };
        assert.deepEqual(await seqs(store, { ...all, tenantId: "t1" }), [1, 3, 4, 6]);
        assert.deepEqual(await seqs(store, { ...all, tenantId: "t3" }), []);
        assert.deepEqual(await seqs(store, { ...all, taskId: "task-a" }), [1, 3]);
        assert.deepEqual(await seqs(store, { ...all, types: ["TaskAssigned"] }), [3, 5]);
        assert.deepEqual(
          await seqs(store, { ...all, types: ["TaskCreated", "PresenceChanged"] }),
          [1, 2, 4, 6],
        );
        assert.deepEqual(await seqs(store, { ...all, types: [] }), []);
        assert.deepEqual(
          await seqs(store, { ...all, tenantId: "t2", types: ["TaskAssigned"] }),
          [5],
        );
        assert.deepEqual(
          await seqs(store, { ...all, tenantId: "t1", taskId: "task-b" }),
          [],
          "tenant and task filters are combined with AND",
        );
        assert.deepEqual(await seqs(store, { after: 3, limit: 2, tenantId: "t1" }), [4, 6]);
      });

      it("round-trips data and detail as JSON, and a null detail as null", async () => {
        const nested = {
          text: 'quote " backslash \\ newline \n unicode é ✓ 😀',
          numbers: [0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER],
          flags: { yes: true, no: false, nothing: null },
          deep: { a: { b: [{ c: ["d"] }, []] } },
        };
        const events = [
          event(1, { data: nested, detail: { reason: "RONA", previous: { userId: "u-1" } } }),
          event(2, { data: "plain", detail: null, taskId: null }),
          event(3, { data: [1, "two", null], detail: 0 }),
          event(4, { data: null, detail: false, at: Date.UTC(2099, 11, 31, 23, 59, 59, 999) }),
        ];
        await store.append({ events, snapshots: [] });
        assert.deepEqual(await store.readEvents({ after: 0, limit: 10 }), events);
      });

      it("reports the highest seq, 0 when empty", async () => {
        assert.equal(await store.maxSeq(), 0);
        await store.append({ events: [event(7), event(3)], snapshots: [] });
        assert.equal(await store.maxSeq(), 7);
        await store.append({ events: [event(9)], snapshots: [] });
        assert.equal(await store.maxSeq(), 9);
      });

      it("appends a large batch in one go", async () => {
        const events = Array.from({ length: 3000 }, (_, i) => event(i + 1));
        await store.append({ events, snapshots: [] });
        assert.equal(await store.maxSeq(), 3000);
        const read = await store.readEvents({ after: 0, limit: 5000 });
        assert.equal(read.length, 3000);
        assert.deepEqual(read[2999], event(3000));
      });

      it("writes nothing of a batch holding a duplicate seq", async () => {
        await store.append({ events: [event(1)], snapshots: [] });
        await assert.rejects(
          store.append({
            events: [event(2), event(3), event(3, { type: "Again" })],
            snapshots: [snapshot("t1", 3)],
          }),
          uniqueViolation,
        );
        await assert.rejects(
          store.append({ events: [event(4), event(1)], snapshots: [] }),
          uniqueViolation,
        );
        assert.deepEqual(await seqs(store, { after: 0, limit: 10 }), [1]);
        assert.equal(await store.maxSeq(), 1);
        assert.equal(await store.latestSnapshot("t1"), undefined);

        await store.append({ events: [event(2)], snapshots: [] });
        assert.deepEqual(await seqs(store, { after: 0, limit: 10 }), [1, 2]);
      });
    });

    describe("snapshots", () => {
      it("has none until one is written", async () => {
        assert.equal(await store.latestSnapshot("t1"), undefined);
        await store.append({ events: [event(1)], snapshots: [] });
        assert.equal(await store.latestSnapshot("t1"), undefined);
      });

      it("returns the tenant's snapshot with the highest seq", async () => {
        const first = snapshot("t1", 2, { tasks: [{ id: "task-1", queue: ["s-1"] }] });
        await store.append({ events: [event(1), event(2)], snapshots: [first] });
        assert.deepEqual(await store.latestSnapshot("t1"), first);

        const later = snapshot("t1", 5, { tasks: [], users: { "u-1": "Ready" } });
        const other = snapshot("t2", 4);
        await store.append({ events: [event(3), event(4), event(5)], snapshots: [later, other] });
        assert.deepEqual(await store.latestSnapshot("t1"), later);
        assert.deepEqual(await store.latestSnapshot("t2"), other);
        assert.equal(await store.latestSnapshot("t3"), undefined);

        await store.append({ events: [], snapshots: [snapshot("t1", 3)] });
        assert.deepEqual(await store.latestSnapshot("t1"), later, "an older one does not win");

        await store.append({ events: [], snapshots: [snapshot("t2", 8), snapshot("t2", 6)] });
        assert.deepEqual(await store.latestSnapshot("t2"), snapshot("t2", 8));
      });
    });

    describe("directory", () => {
      it("round-trips a saved directory, rows in saved order", async () => {
        assert.deepEqual(await store.listTenants(), []);
        await store.saveDirectory(directory("t1"));
        assert.deepEqual(await store.loadDirectory("t1"), directory("t1"));
        assert.deepEqual(await store.listTenants(), [{ id: "t1", name: "Tenant t1" }]);
      });

      it("replaces the whole directory when saved again", async () => {
        await store.saveDirectory(directory("t2"));
        await store.saveDirectory(directory("t1"));
        const original = directory("t1", "Old name");
        const [sales] = original.services;
        assert.ok(sales);
        const replacement: Directory = {
          ...original,
          tenant: { id: "t1", name: "New name" },
          users: original.users.slice(1),
          services: [{ ...sales, members: ["u-1"], modalities: ["ExternalTask"] }],
        };
        await store.saveDirectory(replacement);
        assert.deepEqual(await store.loadDirectory("t1"), replacement);
        assert.deepEqual(await store.loadDirectory("t2"), directory("t2"), "other tenant kept");
        assert.deepEqual(await store.listTenants(), [
          { id: "t1", name: "New name" },
          { id: "t2", name: "Tenant t2" },
        ]);
      });

      it("round-trips an empty directory", async () => {
        const empty: Directory = {
          tenant: { id: "t9", name: "Empty" },
          orgUnits: [],
          users: [],
          services: [],
        };
        await store.saveDirectory(empty);
        assert.deepEqual(await store.loadDirectory("t9"), empty);
      });

      it("has no directory for an unknown tenant", async () => {
        await store.saveDirectory(directory("t1"));
        assert.equal(await store.loadDirectory("t2"), undefined);
      });

      it("rejects a directory mixing tenants and keeps the stored one", async () => {
        await store.saveDirectory(directory("t1"));
        const [user] = directory("t2").users;
        assert.ok(user);
        const mixed: Directory = { ...directory("t1", "Mixed"), users: [user] };
        await assert.rejects(store.saveDirectory(mixed), /belongs to tenant t2/);
        assert.deepEqual(await store.loadDirectory("t1"), directory("t1"));
      });
    });

    describe("address books", () => {
      const book = (id: string, name: string, orgUnitId = "ou-a", at = 0): AddressBookRecord => ({
        tenantId: "t1",
        id,
        name,
        orgUnitId,
        createdAt: baseTime + at,
      });
      const ada: Contact = {
        externalId: "crm-1",
        firstName: "Ada",
        lastName: "Lovelace",
        displayName: "Ada Lovelace ✓",
        initials: "AL",
        company: "Analytical Engines",
        department: "Research",
        jobTitle: "Countess",
        userPrincipalName: "Ada@Engines.example",
        imAddresses: ["sip:ada@im.example"],
        emailAddresses: ["ada@engines.example", "ADA@home.example"],
        businessPhones: ["+41 44 500 12 34"],
        mobilePhones: ["0041 79 123 45 67"],
        homePhones: [],
        addresses: [{ street: "1 Engine Row", city: "London", country: "UK", postalCode: "W1" }],
        customFields: [{ name: "tier", value: "gold" }, { name: "flag" }],
      };
      const bare: Contact = { externalId: "crm-2" };

      beforeEach(async () => {
        await store.saveDirectory(directory("t1"));
        await store.saveDirectory(directory("t2"));
      });

      it("creates and lists a tenant's books, names unique whatever their case, up to a limit", async () => {
        assert.equal(
          await store.insertAddressBook(book("ab-2", "Key customers", "ou-a", 1), 3),
          "created",
        );
        assert.equal(
          await store.insertAddressBook(book("ab-1", "Suppliers", "ou-z", 2), 3),
          "created",
        );
        assert.equal(await store.insertAddressBook(book("ab-3", "KEY CUSTOMERS"), 3), "nameTaken");
        assert.equal(
          await store.insertAddressBook({ ...book("ab-9", "Key customers"), tenantId: "t2" }, 3),
          "created",
          "another tenant may use the name",
        );
        assert.equal(
          await store.insertAddressBook(book("ab-3", "Partners", "ou-a", 3), 3),
          "created",
        );
        assert.equal(await store.insertAddressBook(book("ab-4", "One too many"), 3), "limit");
        assert.deepEqual(await store.listAddressBooks("t1"), [
          book("ab-2", "Key customers", "ou-a", 1),
          book("ab-1", "Suppliers", "ou-z", 2),
          book("ab-3", "Partners", "ou-a", 3),
        ]);
        assert.deepEqual(await store.listAddressBooks("t3"), []);
      });

      it("renames, moves and deletes a book, its contacts with it", async () => {
        await store.insertAddressBook(book("ab-1", "Key customers"), 10);
        await store.insertAddressBook(book("ab-2", "Suppliers", "ou-a", 1), 10);
        await store.addContact("t1", "ab-1", ada, 10);
        assert.equal(
          await store.updateAddressBook("t1", "ab-1", { name: "suppliers" }),
          "nameTaken",
        );
        assert.equal(
          await store.updateAddressBook("t1", "ab-1", { name: "KEY customers" }),
          "updated",
        );
        assert.equal(await store.updateAddressBook("t1", "ab-1", { orgUnitId: "ou-z" }), "updated");
        assert.equal(await store.updateAddressBook("t1", "ab-9", { name: "x" }), "notFound");
        assert.equal(await store.updateAddressBook("t2", "ab-1", { name: "x" }), "notFound");
        assert.deepEqual((await store.listAddressBooks("t1"))[0], {
          ...book("ab-1", "KEY customers"),
          orgUnitId: "ou-z",
        });
        assert.equal(await store.deleteAddressBook("t2", "ab-1"), false, "other tenant's");
        assert.equal(await store.deleteAddressBook("t1", "ab-1"), true);
        assert.equal(await store.deleteAddressBook("t1", "ab-1"), false);
        assert.deepEqual(await store.getContacts("t1", "ab-1"), []);
        assert.deepEqual(await store.findContacts("t1", "+41445001234", ["ou-a", "ou-z"], 10), []);
        assert.equal(await store.insertAddressBook(book("ab-1", "Key customers"), 10), "created");
        assert.deepEqual(await store.getContacts("t1", "ab-1"), [], "a new book starts empty");
      });

      it("adds contacts, refusing a second with the same external id and a full book", async () => {
        await store.insertAddressBook(book("ab-1", "Key customers"), 10);
        await store.insertAddressBook(book("ab-2", "Suppliers"), 10);
        assert.equal(await store.addContact("t1", "ab-1", ada, 2), "added");
        assert.equal(
          await store.addContact("t1", "ab-1", { ...bare, externalId: "crm-1" }, 2),
          "exists",
        );
        assert.equal(await store.addContact("t1", "ab-2", ada, 2), "added", "per book");
        assert.equal(await store.addContact("t1", "ab-1", bare, 2), "added");
        assert.equal(await store.addContact("t1", "ab-1", { externalId: "crm-3" }, 2), "full");
        assert.equal(await store.addContact("t1", "ab-9", bare, 2), "noBook");
        assert.equal(await store.addContact("t2", "ab-1", bare, 2), "noBook");
        assert.deepEqual(await store.getContacts("t1", "ab-1"), [ada, bare]);
      });

      it("replaces every field of a contact on update, and its match keys", async () => {
        await store.insertAddressBook(book("ab-1", "Key customers"), 10);
        await store.addContact("t1", "ab-1", ada, 10);
        const changed: Contact = {
          externalId: "crm-1",
          displayName: "A. L.",
          homePhones: ["+1 555 0100"],
        };
        assert.equal(await store.updateContact("t1", "ab-1", changed), true);
        assert.equal(await store.updateContact("t1", "ab-1", bare), false, "no such contact");
        assert.equal(await store.updateContact("t1", "ab-9", ada), false, "no such book");
        assert.deepEqual(await store.getContacts("t1", "ab-1"), [changed]);
        assert.deepEqual(await store.findContacts("t1", "+41445001234", ["ou-a"], 10), []);
        const found = await store.findContacts("t1", "+15550100", ["ou-a"], 10);
        assert.deepEqual(found, [{ addressBookId: "ab-1", orgUnitId: "ou-a", contact: changed }]);
      });

      it("gets contacts by external ids, removes some and clears a book", async () => {
        await store.insertAddressBook(book("ab-1", "Key customers"), 10);
        await store.insertAddressBook(book("ab-2", "Suppliers"), 10);
        const ids = ["c-3", "c-1", "c-é", "c-2", "C-0"];
        for (const externalId of ids) await store.addContact("t1", "ab-1", { externalId }, 10);
        await store.addContact("t1", "ab-2", { externalId: "c-1" }, 10);
        const idsOf = (contacts: Contact[]) => contacts.map((c) => c.externalId);
        assert.deepEqual(idsOf(await store.getContacts("t1", "ab-1")), [
          "C-0",
          "c-1",
          "c-2",
          "c-3",
          "c-é",
        ]);
        assert.deepEqual(idsOf(await store.getContacts("t1", "ab-1", ["c-é", "c-2", "nope"])), [
          "c-2",
          "c-é",
        ]);
        assert.deepEqual(await store.getContacts("t1", "ab-1", []), []);
        assert.equal(await store.removeContacts("t1", "ab-1", ["c-1", "c-2", "nope"]), 2);
        assert.equal(await store.removeContacts("t1", "ab-1", ["c-1"]), 0);
        assert.deepEqual(idsOf(await store.getContacts("t1", "ab-1")), ["C-0", "c-3", "c-é"]);
        assert.equal(await store.clearContacts("t1", "ab-1"), 3);
        assert.deepEqual(await store.getContacts("t1", "ab-1"), []);
        assert.deepEqual(idsOf(await store.getContacts("t1", "ab-2")), ["c-1"], "other book kept");
        assert.equal(await store.addContact("t1", "ab-1", { externalId: "c-1" }, 10), "added");
      });

      it("finds contacts by phone number or address in books at the given units", async () => {
        await store.insertAddressBook(book("ab-1", "Key customers", "ou-a", 1), 10);
        await store.insertAddressBook(book("ab-2", "Everyone", "ou-z", 2), 10);
        await store.addContact("t1", "ab-1", ada, 10);
        const grace: Contact = { externalId: "crm-0", businessPhones: ["+41 (0)79 123 45 67"] };
        await store.addContact("t1", "ab-2", grace, 10);
        await store.addContact("t1", "ab-2", { externalId: "crm-9", homePhones: ["call me"] }, 10);
        const match = (bookId: string, orgUnitId: string, contact: Contact) => ({
          addressBookId: bookId,
          orgUnitId,
          contact,
        });
        const key = phoneKey("+41791234567") ?? "";
        assert.deepEqual(await store.findContacts("t1", key, ["ou-a", "ou-z"], 10), [
          match("ab-1", "ou-a", ada),
          match("ab-2", "ou-z", grace),
        ]);
        assert.deepEqual(await store.findContacts("t1", key, ["ou-z"], 10), [
          match("ab-2", "ou-z", grace),
        ]);
        assert.deepEqual(await store.findContacts("t1", key, ["ou-a", "ou-z"], 1), [
          match("ab-1", "ou-a", ada),
        ]);
        assert.deepEqual(await store.findContacts("t1", key, [], 10), []);
        assert.deepEqual(await store.findContacts("t2", key, ["ou-a", "ou-z"], 10), []);
        for (const address of ["ADA@home.example", "sip:ada@im.example", "ada@engines.example"]) {
          const found = await store.findContacts("t1", addressKey(address) ?? "", ["ou-a"], 10);
          assert.deepEqual(found, [match("ab-1", "ou-a", ada)], address);
        }
        assert.deepEqual(
          await store.findContacts("t1", addressKey("ada@Engines.example") ?? "", ["ou-a"], 10),
          [match("ab-1", "ou-a", ada)],
          "by UPN",
        );
        assert.deepEqual(await store.findContacts("t1", "+41445009999", ["ou-a", "ou-z"], 10), []);
      });
    });

    describe("tokens", () => {
      it("finds inserted tokens by hash, for users and gateways", async () => {
        await store.insertToken(userToken);
        await store.insertToken(gatewayToken);
        assert.deepEqual(await store.findToken(userToken.hash), userToken);
        assert.deepEqual(await store.findToken(gatewayToken.hash), gatewayToken);
        assert.equal(await store.findToken("c".repeat(64)), undefined);
      });

      it("keeps a tenant's settings, with the defaults until saved", async () => {
        await store.saveDirectory(directory("t1"));
        assert.deepEqual(await store.loadTenantSettings("t1"), { revokedOwnerFlows: "keep" });
        await store.saveTenantSettings("t1", { revokedOwnerFlows: "suspend" });
        assert.deepEqual(await store.loadTenantSettings("t1"), { revokedOwnerFlows: "suspend" });
        await store.saveTenantSettings("t1", { revokedOwnerFlows: "keep" });
        assert.deepEqual(await store.loadTenantSettings("t1"), { revokedOwnerFlows: "keep" });
      });

      it("lists tokens oldest first and revokes one once", async () => {
        await store.insertToken(gatewayToken);
        await store.insertToken(userToken);
        assert.deepEqual(await store.listTokens(), [userToken, gatewayToken]);
        assert.equal(await store.revokeToken(userToken.hash, baseTime + 5), true);
        assert.equal(await store.revokeToken(userToken.hash, baseTime + 6), false, "once");
        assert.equal(await store.revokeToken("c".repeat(64), baseTime + 6), false);
        assert.deepEqual(await store.findToken(userToken.hash), {
          ...userToken,
          revokedAt: baseTime + 5,
        });
      });

      it("rejects a second token with the same hash", async () => {
        await store.insertToken(userToken);
        await assert.rejects(
          store.insertToken({ ...gatewayToken, hash: userToken.hash }),
          uniqueViolation,
        );
        assert.deepEqual(await store.findToken(userToken.hash), userToken);
      });
    });

    it("keeps everything across closing and reopening", async () => {
      const events = [event(1), event(2, { detail: { x: 1 } })];
      await store.append({ events, snapshots: [snapshot("t1", 2)] });
      await store.saveDirectory(directory("t1"));
      await store.insertToken(userToken);
      await store.close();
      await store.close(); // closing twice is harmless

      const again = await opened.reopen();
      assert.deepEqual(await again.readEvents({ after: 0, limit: 10 }), events);
      assert.equal(await again.maxSeq(), 2);
      assert.deepEqual(await again.latestSnapshot("t1"), snapshot("t1", 2));
      assert.deepEqual(await again.loadDirectory("t1"), directory("t1"));
      assert.deepEqual(await again.findToken(userToken.hash), userToken);
      await again.append({ events: [event(3)], snapshots: [] });
      assert.equal(await again.maxSeq(), 3);
    });
  });
}

describe("sqlite file", () => {
  it("is created with its parent directory, records migrations once, stores null detail as NULL", async () => {
    const opened = await freshSqliteStore();
    try {
      assert.ok(existsSync(opened.file));
      await opened.store.append({ events: [event(1), event(2, { detail: 1 })], snapshots: [] });
      await opened.store.close();
      await (await opened.reopen()).close();
      const db = new Database(opened.file, { readonly: true });
      try {
        const versions = db.prepare("SELECT version FROM schema_migrations").pluck().all();
        assert.deepEqual(
          versions,
          loadMigrations("sqlite").map((m) => m.version),
        );
        const nullDetails = db.prepare("SELECT seq FROM events WHERE detail IS NULL").pluck().all();
        assert.deepEqual(nullDetails, [1], "a null detail is SQL NULL, not JSON null");
        assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
      } finally {
        db.close();
      }
    } finally {
      await opened.dispose();
    }
  });
});

describe("openStore", () => {
  it("opens <dataDir>/cirrus.db when no database URL is set", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "cirrus-test-"));
    try {
      const store = await openStore({ dataDir, databaseUrl: undefined });
      await store.close();
      assert.equal(store.capabilities.dialect, "sqlite");
      assert.ok(existsSync(join(dataDir, "cirrus.db")));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
