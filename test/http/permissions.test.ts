/**
 * The permission matrix, generated: every role × every connector operation × a service inside
 * and outside the caller's organisation unit, over real HTTP. An operation the matrix denies
 * a role answers 403 naming `authorization`; one it allows is carried out when aimed at a
 * service, task or address book the caller reaches, and refused naming the field at fault
 * (400 or 404, never `authorization`) when aimed outside. Also: docs/permissions.md is
 * exactly what the matrix renders.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { Role } from "../../src/domain/model.ts";
import { roles } from "../../src/domain/model.ts";
import {
  connectorOperations,
  mayExecute,
  permissionMatrixMarkdown,
} from "../../src/domain/permissions.ts";
import { connectorDefinition } from "../../src/http/connector/definition.ts";
import { demoTenant } from "../support/engine-calls.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

/** The demo user holding each role, and the organisation unit they sit in. */
const holders: Readonly<Record<Role, string>> = {
  PartnerAdmin: "paula@partner.cirrus.test",
  TenantAdmin: "admin",
  OuAdmin: "oscar",
  TeamOwner: "frank",
  TeamOwnerLimited: "tina",
  Supervisor: "grace",
  User: "alice",
};

/**
 * Two scopes, each with a service, a member, a live task and an address book: sales (frank's
 * and tina's services, unit ou-sales) and support (oscar's unit as OU Admin).
 */
const scopes = {
  sales: {
    service: "sales@demo.cirrus.test",
    member: "user-dave",
    unit: "ou-sales",
  },
  support: {
    service: "support@demo.cirrus.test",
    member: "user-grace",
    unit: "ou-support",
  },
} as const;
type ScopeName = keyof typeof scopes;

/** The scope a role reaches: OU Admins their unit's, team owners the services they own. */
const insideOf = (role: Role): ScopeName => (role === "OuAdmin" ? "support" : "sales");
const other = (scope: ScopeName): ScopeName => (scope === "sales" ? "support" : "sales");

/** Roles that reach every service and book; the others only their scope's. */
const reachesAll: readonly Role[] = ["TenantAdmin"];
/** Operations aimed at one service, task or book, so that scope decides. */
const scopeBound = new Set([
  "RegisterTaskWebHook",
  "RegisterSchedulerEntryTrigger",
  "UpdateTask",
  "CreateSchedulerEntry",
  "GetSchedulerEntries",
  "GetContacts",
  "AddContact",
  "UpdateContact",
  "RemoveContacts",
  "ClearContacts",
]);

interface Route {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly path: string;
}

/** Method and path of each operation, from the connector definition Cirrus serves. */
function routesByOperation(): Map<string, Route> {
  const definition = connectorDefinition({ host: "localhost", scheme: "http" }) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  const routes = new Map<string, Route>();
  for (const [path, methods] of Object.entries(definition.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!operation.operationId) continue;
      routes.set(operation.operationId, {
        method: method.toUpperCase() as Route["method"],
        path,
      });
    }
  }
  return routes;
}

describe("the permission matrix", () => {
  let server: TestServer;
  let receiver: Receiver;
  const tokens = new Map<Role, string>();
  const liveTask = new Map<ScopeName, string>();
  const books = new Map<ScopeName, string>();
  const routes = routesByOperation();

  before(async () => {
    server = await startTestServer();
    receiver = await startReceiver();
    for (const role of roles) {
      const name = holders[role];
      tokens.set(role, role === "TenantAdmin" ? server.adminToken : await server.tokenFor(name));
    }
    // An address book in each scope.
    for (const scope of ["sales", "support"] as const) {
      const book = await server.api.request<{ id: string }>(
        "POST",
        "/api/admin/address-books",
        server.adminToken,
        { name: `${scope} book`, orgUnitId: scopes[scope].unit },
      );
      assert.equal(book.status, 201);
      books.set(scope, book.body.id);
    }
    // A task waiting in each service: its member is busy on a call of its own.
    for (const scope of ["sales", "support"] as const) {
      const { service, member } = scopes[scope];
      const engine = server.engine;
      await engine.execute(demoTenant, {
        kind: "SetPresence",
        userId: member,
        status: "Available",
      });
      const call = { kind: "ReceiveInbound", modality: "Audio", to: service, from: "" } as const;
      await engine.execute(demoTenant, call);
      const offerId = engine.state(demoTenant)?.users.get(member)?.offerId ?? "";
      await engine.execute(demoTenant, { kind: "AcceptOffer", userId: member, offerId });
      const waiting = await engine.execute(demoTenant, call);
      assert.ok("taskId" in waiting);
      liveTask.set(scope, waiting.taskId);
    }
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  /** A request of the operation that passes validation, aimed at the scope's service or book. */
  function requestOf(
    operationId: string,
    scope: ScopeName,
    role: Role,
  ): { path: string; body?: unknown } {
    const route = routes.get(operationId);
    assert.ok(route, `the definition has ${operationId}`);
    const service = scopes[scope].service;
    const contact = `contact-${role}-${scope}`;
    const path = route.path
      .replace("{taskId}", liveTask.get(scope) ?? "none")
      .replace("{AddressBook}", books.get(scope) ?? "none")
      .replace(/\{[^}]+\}/g, "no-such-id");
    switch (operationId) {
      case "RegisterTaskWebHook":
        return {
          path,
          body: { config: { url: receiver.url, services: [service], taskEvents: ["Terminated"] } },
        };
      case "RegisterSchedulerEntryTrigger":
        return {
          path,
          body: {
            config: { url: receiver.url, services: [service], schedulerEntryEvents: ["Handled"] },
          },
        };
      case "UpdateTask":
        return { path, body: { customContextParameters: [{ name: "checked", value: "yes" }] } };
      case "CreateSchedulerEntry":
        return {
          path,
          body: {
            serviceUpn: service,
            destination: "+41790000001",
            dueDateTimeUtc: new Date(Date.now() + 3_600_000).toISOString(),
          },
        };
      case "GetSchedulerEntries":
        return { path: `${path}?serviceUpn=${encodeURIComponent(service)}` };
      case "AddContact":
      case "UpdateContact":
        return { path, body: { externalId: contact, displayName: `${role} in ${scope}` } };
      case "RemoveContacts":
        return { path, body: [contact] };
      default:
        return route.method === "GET" || route.method === "DELETE" ? { path } : { path, body: {} };
    }
  }

  it("covers every operation of the connector definition, and nothing else", () => {
    assert.deepEqual(
      connectorOperations.map((o) => o.operationId).sort(),
      [...routes.keys()].sort(),
    );
  });

  for (const role of roles) {
    it(`answers ${role} as the matrix says, inside and outside their reach`, async () => {
      const token = tokens.get(role) ?? "";
      const inside = insideOf(role);
      const wrong: string[] = [];
      for (const { operationId } of connectorOperations) {
        const route = routes.get(operationId);
        if (!route) continue;
        for (const scope of [inside, other(inside)]) {
          const { path, body } = requestOf(operationId, scope, role);
          const response = await server.api.request<{ field?: string }>(
            route.method,
            path,
            token,
            body,
          );
          const allowed = mayExecute(role, operationId);
          const reaches = reachesAll.includes(role) || scope === inside;
          const bound = scopeBound.has(operationId);
          const status = response.status;
          let ok: boolean;
          if (!allowed) {
            ok = status === 403 && response.body.field === "authorization";
          } else if (bound && !reaches) {
            ok = [400, 403, 404].includes(status) && response.body.field !== "authorization";
          } else if (bound) {
            // Aimed at something the caller reaches, with a valid request: carried out.
            ok = status >= 200 && status < 300;
          } else {
            ok = status !== 403 && status < 500;
          }
          const where = scope === inside ? "inside" : "outside";
          if (!ok)
            wrong.push(`${operationId} ${where}: ${status} ${JSON.stringify(response.body)}`);
        }
        // A role that may not execute it learns so before its body is looked at.
        if (!mayExecute(role, operationId) && (route.method === "POST" || route.method === "PUT")) {
          const { path } = requestOf(operationId, inside, role);
          const invalid = await server.api.request<{ field?: string }>(route.method, path, token, {
            bogus: true,
          });
          if (invalid.status !== 403 || invalid.body.field !== "authorization") {
            wrong.push(`${operationId} with an invalid body: ${invalid.status}`);
          }
        }
      }
      assert.deepEqual(wrong, []);
    });
  }

  it("lists only reachable services to a team owner", async () => {
    const services = await server.api.request<string[]>(
      "GET",
      "/v1/tasks/service-contacts",
      tokens.get("TeamOwner") ?? "",
    );
    assert.deepEqual(services.body, ["sales@demo.cirrus.test"]);
  });

  it("refuses actions on a task of a service whose licence has no flows, saying which", async () => {
    const engine = server.engine;
    const bob = "user-bob";
    await engine.execute(demoTenant, { kind: "SetPresence", userId: bob, status: "Available" });
    const call = {
      kind: "ReceiveInbound",
      modality: "Audio",
      to: "helpdesk@demo.cirrus.test",
      from: "",
    } as const;
    const reply = await engine.execute(demoTenant, call);
    assert.ok("taskId" in reply);
    const update = await server.api.request<{ field?: string; detail?: string }>(
      "PUT",
      `/v1/tasks/${reply.taskId}`,
      tokens.get("TenantAdmin") ?? "",
      { customContextParameters: [{ name: "checked", value: "yes" }] },
    );
    assert.equal(update.status, 403);
    assert.equal(update.body.field, "taskId");
    assert.match(update.body.detail ?? "", /BasicRouting.*Enterprise Routing or Contact Center/);
  });

  it("keeps docs/permissions.md equal to what the matrix renders", async () => {
    const docs = await readFile(new URL("../../docs/permissions.md", import.meta.url), "utf8");
    assert.equal(docs, permissionMatrixMarkdown());
  });
});
