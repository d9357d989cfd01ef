/**
 * Flows whose owner lost access, over real HTTP: the subscription is marked with the date and
 * listed among the leftovers by owner; with the tenant setting `keep` (the default, as the
 * product description says) it keeps firing, with `suspend` it stops and its cursor waits;
 * an administrator reassigns it to an owner who may own it, and it delivers what waited.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { endedCall } from "../support/ended-call.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

interface SubscriptionView {
  id: string;
  status: string;
  owner: { id: string; upn: string | null };
  ownerLostAccess: boolean;
  ownerLostAccessAt: string | null;
  field?: string;
}

describe("flows of an owner who lost access", () => {
  let server: TestServer;
  let receiver: Receiver;
  let flowId: string;
  before(async () => {
    server = await startTestServer();
    receiver = await startReceiver();
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });
  const admin = <T>(method: "GET" | "PUT" | "POST", path: string, body?: unknown) =>
    server.api.request<T>(method, path, server.adminToken, body);
  const leftovers = async () =>
    (
      await admin<{ subscriptions: SubscriptionView[] }>(
        "GET",
        "/api/admin/subscriptions?ownerLostAccess=true",
      )
    ).body.subscriptions;
  const salesCall = () =>
    endedCall(server.api, server.adminToken, "sales@demo.cirrus.test", "+41790000088");
  const delivered = (taskId: string) =>
    receiver.received.some((r) => r.json.taskId === taskId && r.json.event === "Terminated");

  it("marks and lists the flow when its owner's role is taken away, and keeps it firing", async () => {
    const frank = await server.tokenFor("frank");
    const created = await server.api.request<{ id: string }>("POST", "/v1/triggers/tasks", frank, {
      config: {
        url: receiver.url,
        services: ["sales@demo.cirrus.test"],
        taskEvents: ["Terminated"],
      },
    });
    assert.equal(created.status, 201);
    flowId = created.body.id;
    assert.deepEqual(await leftovers(), []);
    await admin("PUT", "/api/admin/users/user-frank/role", { role: "User" });
    const [left] = await leftovers();
    assert.equal(left?.id, flowId);
    assert.equal(left?.owner.upn, "frank@demo.cirrus.test");
    assert.equal(left?.ownerLostAccess, true);
    assert.ok(Date.parse(left?.ownerLostAccessAt ?? "") > 0, "with the date");
    assert.equal(left?.status, "active", "kept, the default");
    const taskId = await salesCall();
    await receiver.until(() => delivered(taskId));
  });

  it("suspends it when the tenant says so; the cursor waits", async () => {
    const settings = await admin<{ revokedOwnerFlows: string }>("PUT", "/api/admin/settings", {
      revokedOwnerFlows: "suspend",
    });
    assert.equal(settings.status, 200);
    assert.deepEqual((await admin("GET", "/api/admin/settings")).body, {
      revokedOwnerFlows: "suspend",
    });
    const [left] = await leftovers();
    assert.equal(left?.status, "suspended");
    const taskId = await salesCall();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(delivered(taskId), false, "nothing goes out while suspended");

    const toUser = await admin<SubscriptionView>(
      "PUT",
      `/api/admin/subscriptions/${flowId}/owner`,
      {
        upn: "bob@demo.cirrus.test",
      },
    );
    assert.equal(toUser.status, 422, "bob may not own a flow");
    assert.equal(toUser.body.field, "upn");
    const reassigned = await admin<SubscriptionView>(
      "PUT",
      `/api/admin/subscriptions/${flowId}/owner`,
      { upn: "admin@demo.cirrus.test" },
    );
    assert.equal(reassigned.status, 200);
    assert.equal(reassigned.body.owner.upn, "admin@demo.cirrus.test");
    assert.equal(reassigned.body.ownerLostAccess, false);
    assert.equal(reassigned.body.status, "active");
    assert.deepEqual(await leftovers(), []);
    await receiver.until(() => delivered(taskId));
  });

  it("refuses a setting it does not know, naming the field", async () => {
    const bad = await admin<{ field?: string }>("PUT", "/api/admin/settings", {
      revokedOwnerFlows: "silently",
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, "revokedOwnerFlows");
  });
});
