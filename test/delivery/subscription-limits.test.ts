/** Caps on trigger subscriptions per owner, per tenant and per callback. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { subscriptionLimitsFromEnv } from "../../src/cli/config.ts";
import { defaultSubscriptionLimits } from "../../src/delivery/subscription-limits.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";

interface Answer {
  id: string;
  field?: string;
  detail?: string;
}

describe("subscription limits", () => {
  let server: TestServer;
  let frank: string;
  before(async () => {
    server = await startTestServer(undefined, {
      subscriptionLimits: { perOwner: 2, perTenant: 3, perCallback: 2 },
    });
    frank = await server.tokenFor("frank");
  });
  after(() => server.close());

  const register = (token: string, url: string, service = "support@demo.cirrus.test") =>
    server.api.request<Answer>("POST", "/v1/triggers/tasks", token, {
      config: { url, services: [service], taskEvents: ["Terminated"] },
    });

  it("refuses with 409 naming the limit once a callback, an owner or the tenant is full", async () => {
    const admin = server.adminToken;
    assert.equal((await register(admin, "https://a.example/hook?sig=1")).status, 201);
    assert.equal((await register(admin, "https://a.example/hook?sig=2")).status, 201);
    // Another query to the same origin and path is the same callback.
    const fanOut = await register(frank, "https://a.example/hook?sig=3", "sales@demo.cirrus.test");
    assert.equal(fanOut.status, 409);
    assert.equal(fanOut.body.field, "config.url");
    assert.match(String(fanOut.body.detail), /CIRRUS_MAX_SUBSCRIPTIONS_PER_CALLBACK=2/);
    const owner = await register(admin, "https://b.example/hook");
    assert.equal(owner.status, 409);
    assert.equal(owner.body.field, "config");
    assert.match(String(owner.body.detail), /CIRRUS_MAX_SUBSCRIPTIONS_PER_OWNER=2/);
    // Registering the same URL again replaces a subscription: no new one is counted.
    const again = await register(admin, "https://a.example/hook?sig=1");
    assert.equal(again.status, 201);
    const franks = await register(frank, "https://c.example/hook", "sales@demo.cirrus.test");
    assert.equal(franks.status, 201);
    const tenant = await register(frank, "https://d.example/hook", "sales@demo.cirrus.test");
    assert.equal(tenant.status, 409);
    assert.match(String(tenant.body.detail), /CIRRUS_MAX_SUBSCRIPTIONS_PER_TENANT=3/);
    assert.equal((await server.store.listSubscriptions("demo")).length, 3);
    const removed = await server.api.request(
      "DELETE",
      `/v1/triggers/tasks/${franks.body.id}`,
      frank,
    );
    assert.equal(removed.status, 204);
    const room = await register(frank, "https://d.example/hook", "sales@demo.cirrus.test");
    assert.equal(room.status, 201);
  });

  it("reads the limits from the environment, with defaults", () => {
    assert.deepEqual(subscriptionLimitsFromEnv({}), defaultSubscriptionLimits);
    assert.deepEqual(
      subscriptionLimitsFromEnv({
        CIRRUS_MAX_SUBSCRIPTIONS_PER_OWNER: "5",
        CIRRUS_MAX_SUBSCRIPTIONS_PER_TENANT: "50",
        CIRRUS_MAX_SUBSCRIPTIONS_PER_CALLBACK: "2",
      }),
      { perOwner: 5, perTenant: 50, perCallback: 2 },
    );
    assert.throws(
      () => subscriptionLimitsFromEnv({ CIRRUS_MAX_SUBSCRIPTIONS_PER_OWNER: "0" }),
      /CIRRUS_MAX_SUBSCRIPTIONS_PER_OWNER/,
    );
  });
});
