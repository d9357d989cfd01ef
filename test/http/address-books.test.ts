/**
 * Address books over real HTTP: the connector's six operations with their answers and
 * refusals, an OU Admin's reach, the limits, the admin API with its audit trail, and an
 * inbound caller recognised from a contact (customer fields and Parameter Updated).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setImmediate } from "node:timers/promises";
import { followsGrammar } from "../../src/domain/eventGrammar.ts";
import type { TaskEventType } from "../../src/domain/events.ts";
import { addressBookLimits } from "../../src/http/address-book-schemas.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { ReferenceClient } from "../support/reference-client.ts";

interface Book {
  id: string;
  name: string;
  orgUnitId: string;
  created: string;
}
interface Problem {
  status: number;
  code: string;
  field?: string;
  detail: string;
}
interface EventView {
  type: string;
  data: Record<string, unknown> & {
    actorUserId?: string;
    action?: string;
    target?: string;
    details?: Record<string, unknown>;
    updatedParameterName?: string;
    updatedParameterValue?: string;
    taskInformation?: { customer?: Record<string, unknown> };
  };
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

const ada = {
  externalId: "crm-1",
  firstName: "Ada",
  lastName: "Lovelace",
  displayName: "Ada Lovelace",
  initials: "AL",
  company: "Analytical Engines",
  department: "Research",
  jobTitle: "Countess",
  userPrincipalName: "ada@engines.example",
  imAddresses: ["sip:ada@engines.example"],
  emailAddresses: ["ada@engines.example", "ada@home.example"],
  businessPhones: ["+41 44 500 77 01"],
  mobilePhones: ["0041 79 500 77 02"],
  homePhones: [],
  addresses: [{ street: "1 Engine Row", city: "London", country: "UK", postalCode: "W1" }],
  customFields: [{ name: "tier", value: "gold" }, { name: "flag" }],
};

describe("address books", () => {
  let server: TestServer;
  let checked: ReferenceClient | undefined;
  /** Every connector call, held to the certified connector's definition. */
  const connector = () => {
    checked ??= new ReferenceClient(server.api);
    return checked;
  };
  let oscar: string; // OU Admin at ou-support
  let frank: string; // Team Owner: no address books
  let alice: string; // User
  let support: Book; // at ou-support
  let level2: Book; // at ou-support-l2, below oscar's unit
  let sales: Book; // at ou-sales, outside oscar's reach

  before(async () => {
    server = await startTestServer();
    oscar = await server.tokenFor("oscar");
    frank = await server.tokenFor("frank");
    alice = await server.tokenFor("alice");
    support = (await createBook("Key customers", "ou-support")).body;
    level2 = (await createBook("Escalations", "ou-support-l2", oscar)).body;
    sales = (await createBook("Sales leads", "ou-sales")).body;
  });
  after(async () => {
    await server.close();
  });

  const call = <T = Problem>(method: Method, path: string, token: string, body?: unknown) =>
    connector().request<T>(method, path, token, body);
  const admin = <T = Problem>(method: Method, path: string, body?: unknown) =>
    call<T>(method, path, server.adminToken, body);
  function createBook(name: string, orgUnitId: string, token = server.adminToken) {
    return call<Book>("POST", "/api/admin/address-books", token, { name, orgUnitId });
  }
  /** PATCH, which the shared client does not send. */
  async function patch<T = Problem>(path: string, token: string, body: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }
  const contactsPath = (book: string) => `/v2/AddressBooks/${encodeURIComponent(book)}/contacts`;
  const events = async (query: string) =>
    (await admin<{ events: EventView[] }>("GET", `/api/events?${query}&limit=1000`)).body.events;
  const assertProblem = (
    response: { status: number; contentType?: string; body: unknown },
    status: number,
    field: string | undefined,
  ) => {
    const body = response.body as Problem;
    assert.equal(response.status, status, JSON.stringify(body));
    if (response.contentType !== undefined) {
      assert.match(response.contentType, /^application\/problem\+json/);
    }
    assert.equal(body.field, field, JSON.stringify(body));
  };

  describe("the connector's operations", () => {
    it("lists the books the caller reaches as {name, id}", async () => {
      const all = await admin<{ name: string; id: string }[]>("GET", "/v2/AddressBooks");
      assert.equal(all.status, 200);
      assert.deepEqual(all.body, [
        { name: "Key customers", id: support.id },
        { name: "Escalations", id: level2.id },
        { name: "Sales leads", id: sales.id },
      ]);
      const mine = await call<{ name: string; id: string }[]>("GET", "/v2/AddressBooks", oscar);
      assert.deepEqual(
        mine.body.map((b) => b.id),
        [support.id, level2.id],
        "books at ou-sales are not listed to an OU Admin of support",
      );
    });

    it("adds a contact and answers it as ContactReadDto, then gets it back", async () => {
      const added = await call<typeof ada>("POST", contactsPath(support.id), oscar, ada);
      assert.equal(added.status, 200);
      assert.deepEqual(added.body, ada);
      assert.deepEqual(Object.keys(added.body), Object.keys(ada), "the definition's field order");
      const bare = await admin("POST", contactsPath(support.id), { externalId: "crm-2" });
      assert.deepEqual(bare.body, { externalId: "crm-2" }, "fields not given stay absent");
      const all = await admin<(typeof ada)[]>("GET", contactsPath(support.id));
      assert.equal(all.status, 200);
      assert.deepEqual(all.body, [ada, { externalId: "crm-2" }]);
    });

    it("gets contacts by external ids, repeated or comma-separated, and books by name", async () => {
      for (const external of ["crm-1", "crm-3"]) {
        await admin("POST", contactsPath(level2.id), { externalId: external, displayName: "x" });
      }
      await admin("POST", contactsPath(level2.id), { externalId: "a,b" });
      // Past the reference: an empty list is read as none given, so not held to it here.
      const ids = async (query: string, book = level2.id) =>
        (
          await server.api.request<{ externalId: string }[]>(
            "GET",
            `${contactsPath(book)}${query}`,
            oscar,
          )
        ).body.map((c) => c.externalId);
      assert.deepEqual(await ids("?externalIds=crm-3"), ["crm-3"]);
      assert.deepEqual(await ids("?externalIds=crm-3&externalIds=crm-1&externalIds=nope"), [
        "crm-1",
        "crm-3",
      ]);
      assert.deepEqual(await ids("?externalIds=crm-3,crm-1"), ["crm-1", "crm-3"]);
      assert.deepEqual(await ids(`?externalIds=${encodeURIComponent("a,b")}`), ["a,b"]);
      assert.deepEqual(await ids("?externalIds="), ["a,b", "crm-1", "crm-3"], "none given: all");
      assert.deepEqual(await ids(""), ["a,b", "crm-1", "crm-3"]);
      assert.deepEqual(await ids("", "Escalations"), ["a,b", "crm-1", "crm-3"], "by name");
      assert.deepEqual(await ids("", "ESCALATIONS"), ["a,b", "crm-1", "crm-3"], "any case");
    });

    it("refuses a second contact with the same external id: 409 naming externalId", async () => {
      const again = await admin("POST", contactsPath(support.id), { externalId: "crm-1" });
      assertProblem(again, 409, "externalId");
      assert.equal(again.body.code, "conflict");
    });

    it("replaces a contact on update; an unknown one is 404 naming externalId", async () => {
      const changed = { externalId: "crm-2", displayName: "Grace Hopper", homePhones: ["+1 555"] };
      const updated = await call("PUT", contactsPath(support.id), oscar, changed);
      assert.equal(updated.status, 200);
      assert.deepEqual(updated.body, changed);
      const read = await admin<unknown[]>("GET", `${contactsPath(support.id)}?externalIds=crm-2`);
      assert.deepEqual(read.body, [changed]);
      const unknown = await admin("PUT", contactsPath(support.id), { externalId: "crm-404" });
      assertProblem(unknown, 404, "externalId");
    });

    it("removes some contacts and clears a book, answering 200 without a body", async () => {
      const book = (await createBook("Scratch", "ou-support")).body;
      for (const externalId of ["a", "b", "c"]) {
        await admin("POST", contactsPath(book.id), { externalId });
      }
      const removed = await call<string>("POST", `${contactsPath(book.id)}/delete`, oscar, [
        "a",
        "c",
        "not-there",
      ]);
      assert.equal(removed.status, 200);
      assert.equal(removed.body, "");
      const left = await admin<{ externalId: string }[]>("GET", contactsPath(book.id));
      assert.deepEqual(left.body, [{ externalId: "b" }]);
      const again = await admin("POST", `${contactsPath(book.id)}/delete`, ["a", "c"]);
      assert.equal(again.status, 200, "a repeated request succeeds");
      const cleared = await call<string>("POST", `${contactsPath(book.id)}/clear`, oscar);
      assert.equal(cleared.status, 200);
      assert.equal(cleared.body, "");
      assert.deepEqual((await admin("GET", contactsPath(book.id))).body, []);
    });

    it("answers 403 naming AddressBook for an unknown book, on every operation", async () => {
      for (const [method, suffix, body] of [
        ["GET", "", undefined],
        ["POST", "", { externalId: "x" }],
        ["PUT", "", { externalId: "x" }],
        ["POST", "/delete", ["x"]],
        ["POST", "/clear", undefined],
      ] as const) {
        const response = await admin(method, `${contactsPath("no-such-book")}${suffix}`, body);
        assertProblem(response, 403, "AddressBook");
      }
    });

    it("answers an OU Admin a book outside their units as an unknown one: 403 as declared", async () => {
      await admin("POST", contactsPath(sales.id), { externalId: "lead-1" });
      for (const [method, suffix, body] of [
        ["GET", "", undefined],
        ["POST", "", { externalId: "x" }],
        ["PUT", "", { externalId: "lead-1" }],
        ["POST", "/delete", ["lead-1"]],
        ["POST", "/clear", undefined],
      ] as const) {
        const response = await call(method, `${contactsPath(sales.id)}${suffix}`, oscar, body);
        const unknown = await call(method, `${contactsPath("no-such-book")}${suffix}`, oscar, body);
        assertProblem(response, 403, "AddressBook");
        assert.deepEqual(
          { ...(response.body as Problem), detail: "", instance: "" },
          { ...(unknown.body as Problem), detail: "", instance: "" },
          "out of reach and unknown look alike",
        );
      }
      const byName = await call("GET", contactsPath("Sales leads"), oscar);
      assertProblem(byName, 403, "AddressBook");
      const kept = await admin<unknown[]>("GET", contactsPath(sales.id));
      assert.deepEqual(kept.body, [{ externalId: "lead-1" }], "nothing was changed");
    });

    it("refuses roles without address books with 403 before looking at the body", async () => {
      for (const token of [frank, alice]) {
        const list = await call("GET", "/v2/AddressBooks", token);
        assertProblem(list, 403, "authorization");
        const add = await call("POST", contactsPath(support.id), token, {});
        assertProblem(add, 403, "authorization");
        const remove = await call("POST", `${contactsPath(support.id)}/delete`, token, {});
        assertProblem(remove, 403, "authorization");
      }
    });

    it("answers an invalid contact with 400 naming the field", async () => {
      const cases: [unknown, string][] = [
        [{ firstName: "No id" }, "externalId"],
        [{ externalId: "" }, "externalId"],
        [{ externalId: "x".repeat(addressBookLimits.externalIdLength + 1) }, "externalId"],
        [{ externalId: "x", nickname: "Ada" }, "nickname"],
        [{ externalId: "x", firstName: "a".repeat(201) }, "firstName"],
        [{ externalId: "x", firstName: 7 }, "firstName"],
        [{ externalId: "x", businessPhones: ["1".repeat(65)] }, "businessPhones[0]"],
        [{ externalId: "x", addresses: [{ town: "Bern" }] }, "addresses[0].town"],
        [{ externalId: "x", customFields: [{ value: "v" }] }, "customFields[0].name"],
        [{ externalId: "x", emailAddresses: Array(11).fill("a@b.c") }, "emailAddresses"],
        [{ externalId: "x", displayName: "nul \u0000" }, "displayName"],
      ];
      for (const [body, field] of cases) {
        const response = await admin("POST", contactsPath(support.id), body);
        assertProblem(response, 400, field);
      }
      const notAList = await admin("POST", `${contactsPath(support.id)}/delete`, { ids: [] });
      assertProblem(notAList, 400, "body");
    });
  });

  describe("limits", () => {
    it("allows 20 phone numbers per contact in all", async () => {
      const numbers = (n: number, from: number) =>
        Array.from({ length: n }, (_, i) => `+4179000${String(from + i).padStart(4, "0")}`);
      const twenty = {
        externalId: "many-phones",
        businessPhones: numbers(10, 0),
        mobilePhones: numbers(5, 10),
        homePhones: numbers(5, 15),
      };
      assert.equal((await admin("POST", contactsPath(level2.id), twenty)).status, 200);
      const more = { ...twenty, externalId: "too-many", homePhones: numbers(6, 15) };
      assertProblem(await admin("POST", contactsPath(level2.id), more), 400, "homePhones");
      const update = { ...twenty, mobilePhones: numbers(6, 10) };
      assertProblem(await admin("PUT", contactsPath(level2.id), update), 400, "homePhones");
    });

    it(`allows ${addressBookLimits.externalIdsPerRequest} external ids per request`, async () => {
      const ids = Array.from({ length: addressBookLimits.externalIdsPerRequest + 1 }, (_, i) =>
        String(i),
      );
      const remove = await admin("POST", `${contactsPath(level2.id)}/delete`, ids);
      assertProblem(remove, 400, "body");
      const get = await admin("GET", `${contactsPath(level2.id)}?externalIds=${ids.join(",")}`);
      assertProblem(get, 400, "externalIds");
      const fine = await admin("POST", `${contactsPath(level2.id)}/delete`, ids.slice(1));
      assert.equal(fine.status, 200);
    });

    it(`holds ${addressBookLimits.contactsPerBook} contacts per book`, async () => {
      const book = (await createBook("Full", "ou-support")).body;
      for (let n = 0; n < addressBookLimits.contactsPerBook; n++) {
        await server.store.addContact("demo", book.id, { externalId: `c-${n}` }, Infinity);
        // The store answers at once: let sockets and timers run, as a server's clients would.
        if (n % 500 === 0) await setImmediate();
      }
      await setImmediate();
      const full = await admin("POST", contactsPath(book.id), { externalId: "one-more" });
      assertProblem(full, 409, "AddressBook");
      const all = await admin<unknown[]>("GET", contactsPath(book.id));
      assert.equal(all.body.length, addressBookLimits.contactsPerBook);
      await admin("POST", `${contactsPath(book.id)}/clear`);
      assert.equal((await admin("POST", contactsPath(book.id), { externalId: "x" })).status, 200);
      await admin("DELETE", `/api/admin/address-books/${book.id}`);
    });

    it(`holds ${addressBookLimits.booksPerTenant} books per tenant`, async () => {
      const existing = (await admin<{ addressBooks: Book[] }>("GET", "/api/admin/address-books"))
        .body.addressBooks.length;
      const created: string[] = [];
      for (let n = existing; n < addressBookLimits.booksPerTenant; n++) {
        const response = await createBook(`Book ${n}`, "ou-root");
        assert.equal(response.status, 201);
        created.push(response.body.id);
      }
      const tooMany = await createBook("One too many", "ou-root");
      assertProblem(tooMany, 409, "name");
      for (const id of created) await admin("DELETE", `/api/admin/address-books/${id}`);
      assert.equal((await createBook("One more now", "ou-root")).status, 201);
    });
  });

  describe("the admin API", () => {
    const changes = async () =>
      (await events("include=all")).filter((e) => e.type === "AdminChanged");

    it("creates, renames, moves and deletes books, auditing each change", async () => {
      const created = await createBook("Partners", "ou-support-l2", oscar);
      assert.equal(created.status, 201);
      assert.equal(created.body.name, "Partners");
      assert.equal(created.body.orgUnitId, "ou-support-l2");
      assert.ok(Date.parse(created.body.created) > 0);
      const { id } = created.body;
      const renamed = await patch<Book>(`/api/admin/address-books/${id}`, oscar, {
        name: "Partners (EU)",
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, "Partners (EU)");
      const moved = await patch<Book>(`/api/admin/address-books/${id}`, oscar, {
        orgUnitId: "ou-support",
      });
      assert.equal(moved.body.orgUnitId, "ou-support");
      const list = await call<{ addressBooks: Book[] }>("GET", "/api/admin/address-books", oscar);
      assert.ok(list.body.addressBooks.some((b) => b.id === id && b.name === "Partners (EU)"));
      assert.equal((await call("DELETE", `/api/admin/address-books/${id}`, oscar)).status, 204);
      const gone = await call("DELETE", `/api/admin/address-books/${id}`, oscar);
      assertProblem(gone, 404, "id");
      const audited = (await changes()).filter((e) => e.data.target === id);
      assert.deepEqual(
        audited.map((e) => [e.data.actorUserId, e.data.action, e.data.details]),
        [
          ["user-oscar", "addressBook.create", { name: "Partners", orgUnitId: "ou-support-l2" }],
          ["user-oscar", "addressBook.update", { name: "Partners (EU)" }],
          ["user-oscar", "addressBook.update", { orgUnitId: "ou-support" }],
          ["user-oscar", "addressBook.delete", { name: "Partners (EU)" }],
        ],
      );
    });

    it("keeps names unique whatever their case: 409 naming name", async () => {
      assertProblem(await createBook("KEY CUSTOMERS", "ou-support"), 409, "name");
      const rename = await patch(`/api/admin/address-books/${level2.id}`, server.adminToken, {
        name: "key customers",
      });
      assertProblem(rename, 409, "name");
    });

    it("answers invalid requests with 400 naming the field", async () => {
      assertProblem(await createBook("", "ou-support"), 400, "name");
      assertProblem(await createBook("   ", "ou-support"), 400, "name");
      assertProblem(await createBook("x".repeat(101), "ou-support"), 400, "name");
      assertProblem(await createBook("Nowhere", "ou-nowhere"), 400, "orgUnitId");
      const extra = await admin("POST", "/api/admin/address-books", {
        name: "Extra",
        orgUnitId: "ou-support",
        colour: "blue",
      });
      assertProblem(extra, 400, "colour");
      const empty = await patch(`/api/admin/address-books/${support.id}`, server.adminToken, {});
      assert.equal(empty.status, 400);
    });

    it("keeps an OU Admin within their units", async () => {
      assertProblem(await createBook("Theirs", "ou-sales", oscar), 400, "orgUnitId");
      assertProblem(await createBook("Above", "ou-root", oscar), 400, "orgUnitId");
      const move = await patch(`/api/admin/address-books/${support.id}`, oscar, {
        orgUnitId: "ou-sales",
      });
      assertProblem(move, 400, "orgUnitId");
      const rename = await patch(`/api/admin/address-books/${sales.id}`, oscar, { name: "Mine" });
      assertProblem(rename, 404, "id");
      assertProblem(await call("DELETE", `/api/admin/address-books/${sales.id}`, oscar), 404, "id");
      const list = await call<{ addressBooks: Book[] }>("GET", "/api/admin/address-books", oscar);
      assert.ok(!list.body.addressBooks.some((b) => b.orgUnitId === "ou-sales"));
      assert.equal((await admin("GET", contactsPath(sales.id))).status, 200, "still there");
    });

    it("refuses roles without address books with 403", async () => {
      for (const token of [frank, alice]) {
        const list = await call("GET", "/api/admin/address-books", token);
        assertProblem(list, 403, "authorization");
        const create = await call("POST", "/api/admin/address-books", token, {});
        assertProblem(create, 403, "authorization");
      }
    });
  });

  describe("recognising inbound callers", () => {
    const typesOf = async (taskId: string) =>
      (await events(`taskId=${taskId}`)).map((e) => e.type) as TaskEventType[];

    before(async () => {
      const book = (await createBook("Callers", "ou-root")).body;
      await admin("POST", contactsPath(book.id), {
        externalId: "crm-77",
        firstName: "Linus",
        lastName: "Berg",
        company: "Berg & Co",
        jobTitle: "CTO",
        department: "IT",
        emailAddresses: ["linus@berg.example"],
        mobilePhones: ["+41 (0)79 777 77 77"],
        businessPhones: ["+41 44 777 77 00"],
        addresses: [{ street: "Seestrasse 1", city: "Zürich", postalCode: "8002", country: "CH" }],
        customFields: [{ name: "tier", value: "gold" }],
      });
      // The same number in a book at sales, which support does not read.
      await admin("POST", contactsPath(sales.id), {
        externalId: "lead-77",
        displayName: "Sales lead",
        mobilePhones: ["+41797777777"],
      });
    });

    const ingress = async (path: string, body: Record<string, string>) => {
      const response = await admin<{ taskId: string }>("POST", `/api/ingress/${path}`, body);
      assert.equal(response.status, 201);
      return response.body.taskId;
    };

    it("fills a caller's customer fields from their contact and says so in Parameter Updated", async () => {
      const taskId = await ingress("calls", {
        to: "support@demo.cirrus.test",
        from: "0041797777777",
      });
      // The caller hangs up while waiting, so that the whole history is there to read.
      const hangup = await admin("POST", `/api/ingress/tasks/${taskId}/hangup`);
      assert.equal(hangup.status, 204);
      const seen = await events(`taskId=${taskId}`);
      const types = seen.map((e) => e.type) as TaskEventType[];
      assert.deepEqual(types.slice(0, 3), [
        "WorkflowStarted",
        "SystemAccepted",
        "ParameterUpdated",
      ]);
      assert.ok(followsGrammar(types), types.join(" "));
      const updated = seen[2];
      assert.equal(updated?.data.updatedParameterName, "customer");
      assert.equal(updated?.data.updatedParameterValue, "Linus Berg");
      assert.deepEqual(updated?.data.taskInformation?.customer, {
        firstName: "Linus",
        lastName: "Berg",
        displayName: "Linus Berg",
        company: "Berg & Co",
        jobTitle: "CTO",
        department: "IT",
        streetAddress: "Seestrasse 1",
        postCode: "8002",
        city: "Zürich",
        country: "CH",
        primaryTelNumber: "+41 (0)79 777 77 77",
        telNumbers: [
          { name: "business", value: "+41 44 777 77 00" },
          { name: "mobile", value: "+41 (0)79 777 77 77" },
        ],
        email: "linus@berg.example",
        customFields: [
          { name: "externalId", value: "crm-77" },
          { name: "tier", value: "gold" },
        ],
      });
      assert.equal(seen[0]?.data.taskInformation?.customer, undefined, "unknown at the start");
      const last = seen.at(-1);
      assert.equal(last?.data.taskInformation?.customer?.displayName, "Linus Berg", "kept");
    });

    it("recognises chats and emails by address, whatever its case", async () => {
      const chat = await ingress("chats", {
        to: "support@demo.cirrus.test",
        from: "Linus@Berg.example",
        message: "Hello",
      });
      const email = await ingress("emails", {
        to: "support@demo.cirrus.test",
        from: "linus@berg.example",
        subject: "Invoice",
        body: "See attached",
      });
      for (const taskId of [chat, email]) {
        const updated = (await events(`taskId=${taskId}`)).find(
          (e) => e.type === "ParameterUpdated",
        );
        assert.equal(updated?.data.updatedParameterValue, "Linus Berg");
      }
    });

    it("uses the book nearest the service, and only books at or above it", async () => {
      const toSales = await ingress("calls", {
        to: "sales@demo.cirrus.test",
        from: "+41797777777",
      });
      const updated = (await events(`taskId=${toSales}`)).find(
        (e) => e.type === "ParameterUpdated",
      );
      assert.equal(updated?.data.updatedParameterValue, "Sales lead", "sales reads its own first");
      const stranger = await ingress("calls", {
        to: "support@demo.cirrus.test",
        from: "+41790000999",
      });
      assert.ok(!(await typesOf(stranger)).includes("ParameterUpdated"), "nobody known");
      const anonymous = await ingress("calls", { to: "support@demo.cirrus.test", from: "" });
      assert.ok(!(await typesOf(anonymous)).includes("ParameterUpdated"));
    });

    it("prefers the nearest book however many contacts share the number further up", async () => {
      // A switchboard number shared by many contacts in a book at the root…
      const far = (await createBook("Switchboards", "ou-root")).body;
      for (let n = 0; n < 60; n++) {
        await server.store.addContact(
          "demo",
          far.id,
          { externalId: `desk-${n}`, displayName: `Desk ${n}`, businessPhones: ["+41446660000"] },
          Infinity,
        );
      }
      // …and once in a newer book at support itself.
      const near = (await createBook("Support regulars", "ou-support")).body;
      await admin("POST", contactsPath(near.id), {
        externalId: "near-1",
        displayName: "Near One",
        businessPhones: ["+41446660000"],
      });
      const taskId = await ingress("calls", {
        to: "support@demo.cirrus.test",
        from: "+41446660000",
      });
      const updated = (await events(`taskId=${taskId}`)).find((e) => e.type === "ParameterUpdated");
      assert.equal(updated?.data.updatedParameterValue, "Near One");
      await admin("DELETE", `/api/admin/address-books/${far.id}`);
      await admin("DELETE", `/api/admin/address-books/${near.id}`);
    });
  });
});
