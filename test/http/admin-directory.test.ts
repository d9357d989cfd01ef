/**
 * The directory's admin API over real HTTP: organisation units, users, role assignments and
 * services, each change audited; who may do what (docs/administration.md): Tenant Admins
 * everything, Partner Admins all but the administrator roles, tokens and settings, OU Admins
 * their own subtree, everyone else nothing. Outside the caller's reach is 404, a role they
 * may not grant 403 naming `role`, and the tenant always keeps a Tenant Admin.
 *
 * Demo tenant: ou-root > ou-support > ou-support-l2, ou-root > ou-sales; admin (Tenant Admin),
 * oscar (OU Admin at support, Supervisor at sales), paula (partner account, Partner Admin).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface Problem {
  status: number;
  field?: string;
  detail: string;
}

interface UnitView {
  id: string;
  name: string;
  parentId: string | null;
}

interface Assignment {
  role: string;
  orgUnitId: string;
}

interface UserView {
  id: string;
  upn: string;
  email: string;
  displayName: string;
  orgUnitId: string;
  role: string;
  roleAssignments: Assignment[];
  partner: boolean;
  homeTenant?: string;
  capacity: Record<string, number>;
}

interface ServiceView {
  id: string;
  upn: string;
  licence: string;
  orgUnitId: string;
  telNumber: string;
  modalities: string[];
  routing: Record<string, unknown>;
  members: { id: string; upn: string }[];
  owners: { id: string; upn: string }[];
}

interface EventView {
  type: string;
  data: { actorUserId: string; action: string; target: string; details: Record<string, unknown> };
}

const demo = (name: string) => `${name}@demo.cirrus.test`;

describe("directory administration", () => {
  let server: TestServer;
  let oscar: string;
  let paula: string;
  before(async () => {
    server = await startTestServer();
    oscar = await server.tokenFor("oscar");
    paula = await server.tokenFor("paula@partner.cirrus.test");
  });
  after(async () => {
    await server.close();
  });

  const call = <T = Problem>(token: string, method: Method, path: string, body?: unknown) =>
    server.api.request<T>(method, `/api/admin${path}`, token, body);
  const admin = <T = Problem>(method: Method, path: string, body?: unknown) =>
    call<T>(server.adminToken, method, path, body);

  /** Asserts a problem's status and field. */
  const refused = async (
    response: Promise<{ status: number; contentType: string; body: unknown }>,
    status: number,
    field: string,
  ) => {
    const { status: got, contentType, body } = await response;
    const problem = body as Problem;
    assert.equal(got, status, `${status} ${field}: ${JSON.stringify(body)}`);
    assert.match(contentType, /^application\/problem\+json/);
    assert.equal(problem.field, field, problem.detail);
    return problem;
  };

  const created = async <T>(response: Promise<{ status: number; body: unknown }>) => {
    const { status, body } = await response;
    assert.equal(status, 201, JSON.stringify(body));
    return body as T;
  };

  const changes = async () =>
    (
      await server.api.request<{ events: EventView[] }>(
        "GET",
        "/api/events?include=all&limit=1000",
        server.adminToken,
      )
    ).body.events
      .filter((event) => event.type === "AdminChanged")
      .map((event) => event.data);
  const audited = async (actorUserId: string, action: string, target: string) => {
    const found = (await changes()).findLast(
      (change) =>
        change.actorUserId === actorUserId && change.action === action && change.target === target,
    );
    assert.ok(found, `audited: ${actorUserId} ${action} ${target}`);
    return found;
  };

  const newUser = (token: string, body: Record<string, unknown>) =>
    created<UserView>(call(token, "POST", "/users", { displayName: "New User", ...body }));
  const unitIds = async (token: string) =>
    (await call<{ orgUnits: UnitView[] }>(token, "GET", "/org-units")).body.orgUnits.map(
      (unit) => unit.id,
    );

  describe("organisation units", () => {
    it("a Tenant Admin creates, renames, moves and deletes units, each audited", async () => {
      const billing = await created<UnitView>(
        admin("POST", "/org-units", { name: "Billing", parentId: "ou-support" }),
      );
      assert.match(billing.id, /^ou-/);
      assert.deepEqual([billing.name, billing.parentId], ["Billing", "ou-support"]);
      const tree = await admin<{ orgUnits: UnitView[] }>("GET", "/org-units");
      assert.deepEqual(
        tree.body.orgUnits.find((unit) => unit.id === billing.id),
        billing,
        "listed with its parent",
      );
      assert.ok(tree.body.orgUnits.some((unit) => unit.id === "ou-root" && unit.parentId === null));

      const renamed = await admin<UnitView>("PATCH", `/org-units/${billing.id}`, {
        name: "Billing & Payments",
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, "Billing & Payments");
      const update = await audited("user-admin", "orgUnit.update", billing.id);
      assert.deepEqual(update.details, {
        before: { name: "Billing" },
        after: { name: "Billing & Payments" },
      });

      const child = await created<UnitView>(
        admin("POST", "/org-units", { name: "Refunds", parentId: billing.id }),
      );
      await refused(
        admin("PATCH", `/org-units/${billing.id}`, { parentId: child.id }),
        400,
        "parentId",
      );
      await refused(
        admin("PATCH", `/org-units/${billing.id}`, { parentId: billing.id }),
        400,
        "parentId",
      );
      await refused(admin("DELETE", `/org-units/${billing.id}`), 409, "orgUnitId");

      const moved = await admin<UnitView>("PATCH", `/org-units/${child.id}`, {
        parentId: "ou-sales",
      });
      assert.equal(moved.status, 200);
      assert.equal(moved.body.parentId, "ou-sales");
      assert.equal((await admin("DELETE", `/org-units/${billing.id}`)).status, 204);
      assert.equal((await admin("DELETE", `/org-units/${child.id}`)).status, 204);
      const ids = await unitIds(server.adminToken);
      assert.ok(!ids.includes(billing.id) && !ids.includes(child.id), "gone");
      await audited("user-admin", "orgUnit.create", child.id);
      await audited("user-admin", "orgUnit.delete", billing.id);
    });

    it("refuses to delete the root, a unit that holds something, or to move the root", async () => {
      await refused(admin("DELETE", "/org-units/ou-root"), 409, "orgUnitId");
      await refused(
        admin("PATCH", "/org-units/ou-root", { parentId: "ou-sales" }),
        400,
        "parentId",
      );
      const held = await refused(admin("DELETE", "/org-units/ou-support-l2"), 409, "orgUnitId");
      assert.match(held.detail, /1 user, 1 service/);
      // Oscar supervises sales: a role granted at a unit keeps it too.
      const team = await created<UnitView>(
        admin("POST", "/org-units", { name: "Team", parentId: "ou-root" }),
      );
      await created(
        admin("POST", "/users/user-bob/role-assignments", {
          role: "Supervisor",
          orgUnitId: team.id,
        }),
      );
      const granted = await refused(admin("DELETE", `/org-units/${team.id}`), 409, "orgUnitId");
      assert.match(granted.detail, /1 role granted at it/);
      const revoke = `/users/user-bob/role-assignments?role=Supervisor&orgUnitId=${team.id}`;
      assert.equal((await admin("DELETE", revoke)).status, 204);
      assert.equal((await admin("DELETE", `/org-units/${team.id}`)).status, 204);
    });

    it("names the field at fault: 400 for a bad body, 404 for an unknown unit", async () => {
      await refused(admin("POST", "/org-units", { name: "", parentId: "ou-root" }), 400, "name");
      await refused(admin("POST", "/org-units", { name: "X" }), 400, "parentId");
      await refused(
        admin("POST", "/org-units", { name: "X", parentId: "ou-root", id: "ou-mine" }),
        400,
        "id",
      );
      await refused(admin("PATCH", "/org-units/ou-sales", {}), 400, "body");
      await refused(
        admin("POST", "/org-units", { name: "X", parentId: "ou-nope" }),
        404,
        "parentId",
      );
      await refused(admin("PATCH", "/org-units/ou-nope", { name: "X" }), 404, "orgUnitId");
      await refused(admin("DELETE", "/org-units/ou-nope"), 404, "orgUnitId");
    });
  });

  describe("users", () => {
    it("a Tenant Admin creates, edits and deletes a user, each audited", async () => {
      const nina = await newUser(server.adminToken, {
        upn: demo("nina"),
        displayName: "Nina Nilsson",
        orgUnitId: "ou-sales",
      });
      assert.match(nina.id, /^user-/);
      assert.equal(nina.email, demo("nina"), "the UPN unless given");
      assert.equal(nina.role, "User");
      assert.equal(nina.partner, false);
      assert.deepEqual(nina.roleAssignments, [{ role: "User", orgUnitId: "ou-sales" }]);
      const create = await audited("user-admin", "user.create", nina.id);
      assert.equal(create.details.upn, demo("nina"));

      const edited = await admin<UserView>("PATCH", `/users/${nina.id}`, {
        displayName: "Nina N.",
        orgUnitId: "ou-support",
        capacity: { InstantMessaging: 5 },
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.deepEqual(
        [edited.body.displayName, edited.body.orgUnitId, edited.body.capacity],
        ["Nina N.", "ou-support", { InstantMessaging: 5 }],
      );
      assert.deepEqual(edited.body.roleAssignments, [{ role: "User", orgUnitId: "ou-support" }]);
      const update = await audited("user-admin", "user.update", nina.id);
      assert.deepEqual(update.details, {
        before: { displayName: "Nina Nilsson", orgUnitId: "ou-sales" },
        after: {
          displayName: "Nina N.",
          orgUnitId: "ou-support",
          capacity: { InstantMessaging: 5 },
        },
      });

      assert.equal((await admin("DELETE", `/users/${nina.id}`)).status, 204);
      const users = await admin<{ users: UserView[] }>("GET", "/users");
      assert.ok(!users.body.users.some((user) => user.id === nina.id));
      await audited("user-admin", "user.delete", nina.id);
      await refused(admin("DELETE", `/users/${nina.id}`), 404, "userId");
    });

    it("keeps UPNs unique among users and services: 409 naming upn", async () => {
      const body = { displayName: "Twin", orgUnitId: "ou-sales" };
      await refused(
        admin("POST", "/users", { ...body, upn: "ALICE@demo.cirrus.test" }),
        409,
        "upn",
      );
      await refused(admin("POST", "/users", { ...body, upn: demo("support") }), 409, "upn");
    });

    it("names the field at fault in a user's body", async () => {
      const body = { upn: demo("quinn"), displayName: "Quinn", orgUnitId: "ou-sales" };
      await refused(admin("POST", "/users", { ...body, upn: "quinn" }), 400, "upn");
      await refused(admin("POST", "/users", { ...body, role: "Boss" }), 400, "role");
      await refused(admin("POST", "/users", { ...body, objectId: "x" }), 400, "objectId");
      await refused(admin("POST", "/users", { ...body, isAdmin: true }), 400, "isAdmin");
      await refused(admin("POST", "/users", { ...body, orgUnitId: "ou-nope" }), 404, "orgUnitId");
      await refused(
        admin("PATCH", "/users/user-bob", { capacity: { Audio: -1 } }),
        400,
        "capacity.Audio",
      );
      await refused(admin("PATCH", "/users/user-bob", { upn: demo("robert") }), 400, "upn");
      await refused(admin("PATCH", "/users/user-nope", { displayName: "X" }), 404, "userId");
    });

    it("makes partner accounts, which hold only PartnerAdmin", async () => {
      const pete = await newUser(server.adminToken, {
        upn: "pete@partner2.example",
        orgUnitId: "ou-root",
        homeTenant: "partner2",
      });
      assert.deepEqual(
        [pete.role, pete.partner, pete.homeTenant],
        ["PartnerAdmin", true, "partner2"],
      );
      const body = { upn: "pia@partner2.example", displayName: "Pia", orgUnitId: "ou-root" };
      await refused(
        admin("POST", "/users", { ...body, homeTenant: "partner2", role: "User" }),
        422,
        "role",
      );
      await refused(admin("POST", "/users", { ...body, role: "PartnerAdmin" }), 422, "homeTenant");
      await refused(admin("POST", "/users", { ...body, homeTenant: "demo" }), 422, "homeTenant");
      await refused(
        admin("POST", "/users/user-paula/role-assignments", {
          role: "Supervisor",
          orgUnitId: "ou-sales",
        }),
        422,
        "role",
      );
      await refused(
        admin("POST", "/users/user-alice/role-assignments", {
          role: "PartnerAdmin",
          orgUnitId: "ou-root",
        }),
        422,
        "role",
      );
      await refused(
        admin("DELETE", "/users/user-paula/role-assignments", {
          role: "PartnerAdmin",
          orgUnitId: "ou-root",
        }),
        409,
        "role",
      );
      const users = await admin<{ users: UserView[] }>("GET", "/users");
      const paulaRow = users.body.users.find((user) => user.id === "user-paula");
      assert.deepEqual([paulaRow?.partner, paulaRow?.homeTenant], [true, "partner"]);
      assert.equal(users.body.users.find((user) => user.id === "user-alice")?.partner, false);
      assert.equal((await admin("DELETE", `/users/${pete.id}`)).status, 204);
    });

    it("never leaves the tenant without a Tenant Admin", async () => {
      await refused(admin("DELETE", "/users/user-admin"), 409, "userId");
      await refused(
        admin("DELETE", "/users/user-admin/role-assignments", {
          role: "TenantAdmin",
          orgUnitId: "ou-root",
        }),
        409,
        "role",
      );
      // With a second one, the first may go; here the second goes again.
      const second = await newUser(server.adminToken, {
        upn: demo("second-admin"),
        orgUnitId: "ou-root",
        role: "TenantAdmin",
      });
      assert.equal((await admin("DELETE", `/users/${second.id}`)).status, 204);
    });
  });

  describe("role assignments", () => {
    it("grants, lists and revokes roles at units; the own unit's role is the user's role", async () => {
      const path = "/users/user-alice/role-assignments";
      const grant = await created<{ roleAssignments: Assignment[] }>(
        admin("POST", path, { role: "Supervisor", orgUnitId: "ou-sales" }),
      );
      assert.deepEqual(grant.roleAssignments, [
        { role: "User", orgUnitId: "ou-support" },
        { role: "Supervisor", orgUnitId: "ou-sales" },
      ]);
      const listed = await admin<{ roleAssignments: Assignment[] }>("GET", path);
      assert.deepEqual(listed.body.roleAssignments, grant.roleAssignments);
      await refused(
        admin("POST", path, { role: "Supervisor", orgUnitId: "ou-sales" }),
        409,
        "role",
      );
      const granted = await audited("user-admin", "user.roleAssignment.grant", "user-alice");
      assert.deepEqual(granted.details, { role: "Supervisor", orgUnitId: "ou-sales" });

      assert.equal(
        (await admin("DELETE", `${path}?role=Supervisor&orgUnitId=ou-sales`)).status,
        204,
        "named in the query",
      );
      await refused(admin("DELETE", `${path}?role=Supervisor&orgUnitId=ou-sales`), 404, "role");
      await audited("user-admin", "user.roleAssignment.revoke", "user-alice");

      await created(admin("POST", path, { role: "TeamOwner", orgUnitId: "ou-support" }));
      const users = await admin<{ users: UserView[] }>("GET", "/users");
      assert.equal(users.body.users.find((u) => u.id === "user-alice")?.role, "TeamOwner");
      const revoked = await admin("DELETE", path, { role: "TeamOwner", orgUnitId: "ou-support" });
      assert.equal(revoked.status, 204, "named in the body");
      const back = await admin<{ roleAssignments: Assignment[] }>("GET", path);
      assert.deepEqual(back.body.roleAssignments, [{ role: "User", orgUnitId: "ou-support" }]);
      await refused(admin("DELETE", path, { role: "User", orgUnitId: "ou-support" }), 409, "role");
    });

    it("names the field at fault", async () => {
      const path = "/users/user-alice/role-assignments";
      await refused(admin("POST", path, { role: "Chief", orgUnitId: "ou-sales" }), 400, "role");
      await refused(admin("POST", path, { role: "Supervisor" }), 400, "orgUnitId");
      await refused(admin("DELETE", path), 400, "role");
      await refused(
        admin("POST", path, { role: "Supervisor", orgUnitId: "ou-x" }),
        404,
        "orgUnitId",
      );
      await refused(
        admin("POST", "/users/user-x/role-assignments", { role: "User", orgUnitId: "ou-root" }),
        404,
        "userId",
      );
    });

    it("marks the flows of an owner who lost access, as a changed role does", async () => {
      const receiver: Receiver = await startReceiver();
      try {
        const frank = await server.tokenFor("frank");
        const trigger = await server.api.request<{ id: string }>(
          "POST",
          "/v1/triggers/tasks",
          frank,
          { config: { url: receiver.url, services: [demo("sales")], taskEvents: ["Terminated"] } },
        );
        assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
        const lost = async () =>
          (
            await admin<{ subscriptions: { id: string }[] }>(
              "GET",
              "/subscriptions?ownerLostAccess=true",
            )
          ).body.subscriptions.map((s) => s.id);
        assert.ok(!(await lost()).includes(trigger.body.id));
        const path = "/users/user-frank/role-assignments";
        const body = { role: "TeamOwner", orgUnitId: "ou-sales" };
        assert.equal((await admin("DELETE", path, body)).status, 204);
        assert.ok((await lost()).includes(trigger.body.id), "marked once the role is gone");
        await created(admin("POST", path, body));
        assert.ok(!(await lost()).includes(trigger.body.id), "and cleared once it is back");
      } finally {
        await receiver.close();
      }
    });
  });

  describe("services", () => {
    it("a Tenant Admin creates, edits, licenses and deletes a service, each audited", async () => {
      const service = await created<ServiceView>(
        admin("POST", "/services", {
          upn: demo("billing"),
          name: "billing",
          displayName: "Billing",
          telNumber: "+41445004000",
          orgUnitId: "ou-support",
          licence: "EnterpriseRouting",
          modalities: ["Audio", "Email"],
          members: ["user-alice", "user-bob"],
          owners: ["user-grace"],
          routing: { policy: "Serial", ronaSeconds: 20 },
        }),
      );
      assert.match(service.id, /^service-/);
      assert.equal(service.licence, "EnterpriseRouting");
      assert.deepEqual(
        service.members.map((m) => m.upn),
        [demo("alice"), demo("bob")],
      );
      assert.deepEqual(
        service.owners.map((m) => m.id),
        ["user-grace"],
      );
      assert.deepEqual(service.routing, {
        maxQueueSeconds: 300,
        ronaSeconds: 20,
        policy: "Serial",
      });
      await audited("user-admin", "service.create", service.id);

      const body = { upn: demo("billing2"), name: "b2", displayName: "B2", orgUnitId: "ou-sales" };
      await refused(
        admin("POST", "/services", { ...body, upn: demo("billing"), modalities: ["Audio"] }),
        409,
        "upn",
      );
      await refused(
        admin("POST", "/services", {
          ...body,
          telNumber: "+41 44 500 40 00".replaceAll(" ", ""),
          modalities: ["Audio"],
        }),
        409,
        "telNumber",
      );
      await refused(admin("POST", "/services", { ...body, modalities: [] }), 400, "modalities");
      await refused(
        admin("POST", "/services", { ...body, modalities: ["Audio"], telNumber: "0445004000" }),
        400,
        "telNumber",
      );
      await refused(
        admin("POST", "/services", { ...body, modalities: ["Fax"] }),
        400,
        "modalities[0]",
      );
      await refused(
        admin("POST", "/services", {
          ...body,
          modalities: ["Audio"],
          members: ["user-alice", "user-x"],
        }),
        404,
        "members[1]",
      );

      const edited = await admin<ServiceView>("PATCH", `/services/${service.id}`, {
        displayName: "Billing Desk",
        modalities: ["Audio"],
        members: ["user-bob"],
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.deepEqual(edited.body.modalities, ["Audio"]);
      const update = await audited("user-admin", "service.update", service.id);
      assert.deepEqual(update.details.before, {
        displayName: "Billing",
        modalities: ["Audio", "Email"],
        members: ["user-alice", "user-bob"],
      });
      await refused(
        admin("PATCH", `/services/${service.id}`, { telNumber: "+41445001000" }),
        409,
        "telNumber",
      );
      await refused(
        admin("PATCH", `/services/${service.id}`, { licence: "ContactCenter" }),
        400,
        "licence",
      );

      const licensed = await admin<ServiceView>("PUT", `/services/${service.id}/licence`, {
        licence: "ContactCenter",
      });
      assert.equal(licensed.status, 200);
      assert.equal(licensed.body.licence, "ContactCenter");
      const licence = await audited("user-admin", "service.licence", service.id);
      assert.deepEqual(licence.details, { from: "EnterpriseRouting", to: "ContactCenter" });
      await refused(
        admin("PUT", `/services/${service.id}/licence`, { licence: "Gold" }),
        400,
        "licence",
      );

      assert.equal((await admin("DELETE", `/services/${service.id}`)).status, 204);
      const services = await admin<{ services: ServiceView[] }>("GET", "/services");
      assert.ok(!services.body.services.some((s) => s.id === service.id));
      await audited("user-admin", "service.delete", service.id);
      await refused(admin("DELETE", `/services/${service.id}`), 404, "serviceId");
      await refused(
        admin("PUT", "/services/service-x/licence", { licence: "BasicRouting" }),
        404,
        "serviceId",
      );
    });

    it("refuses to delete a service or a user while they hold a live task or an offer", async () => {
      const lena = await newUser(server.adminToken, { upn: demo("lena"), orgUnitId: "ou-sales" });
      const line = await created<ServiceView>(
        admin("POST", "/services", {
          upn: demo("lena-line"),
          name: "lena-line",
          displayName: "Lena's line",
          orgUnitId: "ou-sales",
          modalities: ["Audio"],
          members: [lena.id],
          owners: [lena.id],
        }),
      );
      const lenaToken = await server.tokenFor("lena");
      const presence = await server.api.request("PUT", "/api/agent/presence", lenaToken, {
        status: "Available",
      });
      assert.equal(presence.status, 200);
      const task = await server.api.request<{ taskId: string }>(
        "POST",
        "/api/ingress/calls",
        server.adminToken,
        { to: demo("lena-line"), from: "+41790000001" },
      );
      assert.equal(task.status, 201);
      const offers = await server.api.request<{ offers: unknown[] }>(
        "GET",
        "/api/agent/offers?waitMs=5000",
        lenaToken,
      );
      assert.equal(offers.body.offers.length, 1, "the call rings for lena");
      await refused(admin("DELETE", `/users/${lena.id}`), 409, "userId");
      await refused(admin("DELETE", `/services/${line.id}`), 409, "serviceId");

      const hangup = await server.api.request(
        "POST",
        `/api/ingress/tasks/${task.body.taskId}/hangup`,
        server.adminToken,
      );
      assert.equal(hangup.status, 204);
      assert.equal((await admin("DELETE", `/users/${lena.id}`)).status, 204);
      const services = await admin<{ services: ServiceView[] }>("GET", "/services");
      const left = services.body.services.find((s) => s.id === line.id);
      assert.deepEqual([left?.members, left?.owners], [[], []], "taken off the service");
      const removed = await audited("user-admin", "user.delete", lena.id);
      assert.deepEqual(removed.details.services, [line.id]);
      assert.equal((await admin("DELETE", `/services/${line.id}`)).status, 204);
    });
  });

  describe("an OU Admin", () => {
    it("sees and changes only the units below their own", async () => {
      const ids = await unitIds(oscar);
      assert.ok(ids.includes("ou-support") && ids.includes("ou-support-l2"));
      assert.ok(!ids.includes("ou-root") && !ids.includes("ou-sales"), "nothing outside");
      const desk = await created<UnitView>(
        call(oscar, "POST", "/org-units", { name: "Desk", parentId: "ou-support" }),
      );
      await audited("user-oscar", "orgUnit.create", desk.id);
      await refused(
        call(oscar, "POST", "/org-units", { name: "X", parentId: "ou-sales" }),
        404,
        "parentId",
      );
      await refused(
        call(oscar, "POST", "/org-units", { name: "X", parentId: "ou-root" }),
        404,
        "parentId",
      );
      await refused(
        call(oscar, "PATCH", "/org-units/ou-support", { name: "Mine" }),
        403,
        "orgUnitId",
      );
      await refused(call(oscar, "DELETE", "/org-units/ou-support"), 403, "orgUnitId");
      await refused(
        call(oscar, "PATCH", "/org-units/ou-sales", { name: "Mine" }),
        404,
        "orgUnitId",
      );
      await refused(call(oscar, "DELETE", "/org-units/ou-sales"), 404, "orgUnitId");
      await refused(
        call(oscar, "PATCH", `/org-units/${desk.id}`, { parentId: "ou-sales" }),
        404,
        "parentId",
      );
      const moved = await call<UnitView>(oscar, "PATCH", `/org-units/${desk.id}`, {
        name: "Desk L2",
        parentId: "ou-support-l2",
      });
      assert.equal(moved.status, 200);
      assert.equal((await call(oscar, "DELETE", `/org-units/${desk.id}`)).status, 204);
    });

    it("administers users within their reach only", async () => {
      await refused(
        call(oscar, "POST", "/users", {
          upn: demo("sam"),
          displayName: "Sam",
          orgUnitId: "ou-sales",
        }),
        404,
        "orgUnitId",
      );
      const sam = await newUser(oscar, { upn: demo("sam"), orgUnitId: "ou-support-l2" });
      await audited("user-oscar", "user.create", sam.id);
      const users = await call<{ users: UserView[] }>(oscar, "GET", "/users");
      const seen = users.body.users.map((user) => user.id);
      assert.ok(
        seen.includes(sam.id) && seen.includes("user-alice") && seen.includes("user-carol"),
      );
      assert.ok(!seen.includes("user-dave") && !seen.includes("user-admin"), "none outside");
      const oscarRow = users.body.users.find((user) => user.id === "user-oscar");
      assert.deepEqual(oscarRow?.roleAssignments, [
        { role: "OuAdmin", orgUnitId: "ou-support" },
        { role: "Supervisor", orgUnitId: "ou-sales" },
      ]);

      await refused(call(oscar, "GET", "/users/user-dave/role-assignments"), 404, "userId");
      await refused(call(oscar, "PATCH", "/users/user-dave", { displayName: "D" }), 404, "userId");
      await refused(call(oscar, "DELETE", "/users/user-dave"), 404, "userId");
      await refused(
        call(oscar, "PATCH", `/users/${sam.id}`, { orgUnitId: "ou-sales" }),
        404,
        "orgUnitId",
      );
      const edited = await call<UserView>(oscar, "PATCH", `/users/${sam.id}`, {
        displayName: "Samuel",
        orgUnitId: "ou-support",
      });
      assert.equal(edited.status, 200);

      // A Tenant Admin placed in support is beyond what oscar may change.
      const boss = await newUser(server.adminToken, {
        upn: demo("boss"),
        orgUnitId: "ou-support",
        role: "TenantAdmin",
      });
      await refused(call(oscar, "PATCH", `/users/${boss.id}`, { displayName: "B" }), 403, "role");
      await refused(call(oscar, "DELETE", `/users/${boss.id}`), 403, "role");
      assert.equal((await admin("DELETE", `/users/${boss.id}`)).status, 204);

      assert.equal((await call(oscar, "DELETE", `/users/${sam.id}`)).status, 204);
      await audited("user-oscar", "user.delete", sam.id);
    });

    it("grants the roles of their units to users within reach, no others", async () => {
      const path = "/users/user-alice/role-assignments";
      const grant = await created<{ roleAssignments: Assignment[] }>(
        call(oscar, "POST", path, { role: "Supervisor", orgUnitId: "ou-support-l2" }),
      );
      assert.deepEqual(grant.roleAssignments.at(-1), {
        role: "Supervisor",
        orgUnitId: "ou-support-l2",
      });
      await audited("user-oscar", "user.roleAssignment.grant", "user-alice");
      await refused(
        call(oscar, "POST", path, { role: "TenantAdmin", orgUnitId: "ou-support" }),
        403,
        "role",
      );
      await refused(
        call(oscar, "POST", path, { role: "PartnerAdmin", orgUnitId: "ou-support" }),
        403,
        "role",
      );
      // Oscar supervises sales, but does not administer it.
      await refused(
        call(oscar, "POST", path, { role: "Supervisor", orgUnitId: "ou-sales" }),
        404,
        "orgUnitId",
      );
      await refused(
        call(oscar, "POST", "/users/user-dave/role-assignments", {
          role: "Supervisor",
          orgUnitId: "ou-support",
        }),
        404,
        "userId",
      );
      await refused(
        call(oscar, "DELETE", path, { role: "TenantAdmin", orgUnitId: "ou-support" }),
        403,
        "role",
      );
      await refused(
        call(oscar, "DELETE", "/users/user-admin/role-assignments", {
          role: "User",
          orgUnitId: "ou-root",
        }),
        404,
        "userId",
      );
      const revoked = await call(oscar, "DELETE", path, {
        role: "Supervisor",
        orgUnitId: "ou-support-l2",
      });
      assert.equal(revoked.status, 204);
    });

    it("administers services placed within reach, but no licence and no routing", async () => {
      const services = await call<{ services: ServiceView[] }>(oscar, "GET", "/services");
      assert.deepEqual(services.body.services.map((s) => s.id).sort(), [
        "service-helpdesk",
        "service-support",
      ]);
      const body = {
        upn: demo("kiosk"),
        name: "kiosk",
        displayName: "Kiosk",
        orgUnitId: "ou-support-l2",
        modalities: ["InstantMessaging"],
      };
      await refused(
        call(oscar, "POST", "/services", { ...body, licence: "ContactCenter" }),
        403,
        "licence",
      );
      await refused(
        call(oscar, "POST", "/services", { ...body, routing: { policy: "Serial" } }),
        403,
        "routing",
      );
      await refused(
        call(oscar, "POST", "/services", { ...body, orgUnitId: "ou-sales" }),
        404,
        "orgUnitId",
      );
      const kiosk = await created<ServiceView>(call(oscar, "POST", "/services", body));
      assert.equal(kiosk.licence, "BasicRouting", "the lowest tier until licensed");
      await refused(
        call(oscar, "PATCH", `/services/${kiosk.id}`, { members: ["user-dave"] }),
        404,
        "members[0]",
      );
      const staffed = await call<ServiceView>(oscar, "PATCH", `/services/${kiosk.id}`, {
        members: ["user-alice"],
      });
      assert.equal(staffed.status, 200);
      await refused(
        call(oscar, "PUT", `/services/${kiosk.id}/licence`, { licence: "ContactCenter" }),
        403,
        "authorization",
      );
      await refused(
        call(oscar, "PATCH", "/services/service-sales", { displayName: "S" }),
        404,
        "serviceId",
      );
      await refused(call(oscar, "DELETE", "/services/service-sales"), 404, "serviceId");
      assert.equal((await call(oscar, "DELETE", `/services/${kiosk.id}`)).status, 204);
      await audited("user-oscar", "service.delete", kiosk.id);
    });

    it("keeps off the routes that stay the Tenant Admin's", async () => {
      for (const [method, path, body] of [
        ["PUT", "/users/user-alice/role", { role: "Supervisor" }],
        ["PUT", "/services/service-support/routing", { policy: "Serial" }],
        ["GET", "/settings", undefined],
        ["GET", "/tokens", undefined],
        ["POST", "/tokens", { upn: demo("alice") }],
      ] as const) {
        await refused(call(oscar, method, path, body), 403, "authorization");
      }
    });
  });

  describe("a Partner Admin", () => {
    it("configures units, users, services and licences tenant-wide", async () => {
      const users = await call<{ users: UserView[] }>(paula, "GET", "/users");
      assert.equal(users.status, 200);
      assert.ok(
        users.body.users.some((user) => user.id === "user-admin"),
        "sees all",
      );
      const services = await call<{ services: ServiceView[] }>(paula, "GET", "/services");
      assert.ok(services.body.services.some((s) => s.id === "service-sales"));

      const branch = await created<UnitView>(
        call(paula, "POST", "/org-units", { name: "Branch", parentId: "ou-root" }),
      );
      await audited("user-paula", "orgUnit.create", branch.id);
      const olga = await newUser(paula, {
        upn: demo("olga"),
        orgUnitId: branch.id,
        role: "OuAdmin",
      });
      await created(
        call(paula, "POST", `/users/${olga.id}/role-assignments`, {
          role: "TeamOwner",
          orgUnitId: "ou-sales",
        }),
      );
      const licensed = await call<ServiceView>(paula, "PUT", "/services/service-helpdesk/licence", {
        licence: "EnterpriseRouting",
      });
      assert.equal(licensed.status, 200);
      assert.equal(licensed.body.licence, "EnterpriseRouting");
      await audited("user-paula", "service.licence", "service-helpdesk");
      const shop = await created<ServiceView>(
        call(paula, "POST", "/services", {
          upn: demo("shop"),
          name: "shop",
          displayName: "Shop",
          orgUnitId: branch.id,
          licence: "AdvancedRouting",
          modalities: ["Email"],
          owners: [olga.id],
        }),
      );
      assert.equal(shop.licence, "AdvancedRouting");
      assert.equal((await call(paula, "DELETE", `/services/${shop.id}`)).status, 204);
      assert.equal((await call(paula, "DELETE", `/users/${olga.id}`)).status, 204);
      assert.equal((await call(paula, "DELETE", `/org-units/${branch.id}`)).status, 204);
    });

    it("grants neither administrator role, changes no Tenant Admin, issues no tokens", async () => {
      await refused(
        call(paula, "POST", "/users", {
          upn: demo("root2"),
          displayName: "Root",
          orgUnitId: "ou-root",
          role: "TenantAdmin",
        }),
        403,
        "role",
      );
      for (const role of ["TenantAdmin", "PartnerAdmin"]) {
        await refused(
          call(paula, "POST", "/users/user-bob/role-assignments", { role, orgUnitId: "ou-root" }),
          403,
          "role",
        );
      }
      await refused(call(paula, "PATCH", "/users/user-admin", { displayName: "A" }), 403, "role");
      await refused(call(paula, "DELETE", "/users/user-admin"), 403, "role");
      await refused(call(paula, "POST", "/tokens", { gateway: "pbx" }), 403, "authorization");
      await refused(
        call(paula, "PUT", "/settings", { revokedOwnerFlows: "keep" }),
        403,
        "authorization",
      );
      await refused(
        call(paula, "PUT", "/users/user-bob/role", { role: "Supervisor" }),
        403,
        "authorization",
      );
    });
  });

  describe("everyone else", () => {
    it("is refused with 403 naming the roles needed, before the body is looked at", async () => {
      const alice = await server.tokenFor("alice");
      const grace = await server.tokenFor("grace");
      for (const token of [alice, grace]) {
        const problem = await refused(call(token, "GET", "/org-units"), 403, "authorization");
        assert.match(problem.detail, /Tenant Admin, Partner Admin or OU Admin/);
        await refused(call(token, "GET", "/users"), 403, "authorization");
        await refused(call(token, "POST", "/org-units", { bad: true }), 403, "authorization");
        await refused(call(token, "DELETE", "/services/service-support"), 403, "authorization");
      }
    });
  });

  it("lets a new user act by their new role at once: an OU Admin of a new unit", async () => {
    const returns = await created<UnitView>(
      admin("POST", "/org-units", { name: "Returns", parentId: "ou-root" }),
    );
    const rita = await newUser(server.adminToken, {
      upn: demo("rita"),
      displayName: "Rita Rossi",
      orgUnitId: returns.id,
      role: "OuAdmin",
    });
    const token = await server.tokenFor("rita");
    assert.deepEqual(await unitIds(token), [returns.id]);
    const shelf = await created<UnitView>(
      call(token, "POST", "/org-units", { name: "Shelf", parentId: returns.id }),
    );
    const clerk = await newUser(token, { upn: demo("clerk"), orgUnitId: shelf.id });
    await refused(
      call(token, "POST", "/users", { upn: demo("c2"), displayName: "C", orgUnitId: "ou-support" }),
      404,
      "orgUnitId",
    );
    const users = await call<{ users: UserView[] }>(token, "GET", "/users");
    assert.deepEqual(users.body.users.map((user) => user.id).sort(), [clerk.id, rita.id].sort());
    await audited(rita.id, "user.create", clerk.id);
  });

  it("keeps an OU Admin from changing the roles of someone they may not manage", async () => {
    const ted = await newUser(server.adminToken, {
      upn: demo("ted"),
      orgUnitId: "ou-support",
      role: "TenantAdmin",
    });
    const grant = { role: "Supervisor", orgUnitId: "ou-support" };
    await refused(call(oscar, "POST", `/users/${ted.id}/role-assignments`, grant), 403, "role");
    await created(admin("POST", `/users/${ted.id}/role-assignments`, grant));
    await refused(call(oscar, "DELETE", `/users/${ted.id}/role-assignments`, grant), 403, "role");
  });

  it("leaves the virtual user assistant to tenant-wide administrators, and names the field", async () => {
    await refused(
      call(oscar, "PATCH", "/services/service-support", { virtualAssistant: true }),
      403,
      "virtualAssistant",
    );
    const on = await call<{ virtualAssistant: boolean }>(
      paula,
      "PATCH",
      "/services/service-support",
      { virtualAssistant: true },
    );
    assert.equal(on.status, 200);
    assert.equal(on.body.virtualAssistant, true);
    await admin("PATCH", "/services/service-support", { virtualAssistant: false });
    await refused(admin("PUT", "/users/user-alice/role", { role: "PartnerAdmin" }), 422, "role");
  });
});
