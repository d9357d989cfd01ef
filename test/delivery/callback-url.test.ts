/**
 * A callback URL is the flow's secret: it is stored and called exactly as given (its
 * percent-encodings, dot segments and quotes untouched) and never shown whole again.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { refuseUrl } from "../../src/delivery/address-guard.ts";
import { endedCall } from "../support/ended-call.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

interface View {
  id: string;
  callback: { url: string; fingerprint: string };
}

describe("callback URLs", () => {
  let server: TestServer;
  let receiver: Receiver;
  before(async () => {
    server = await startTestServer();
    receiver = await startReceiver();
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  const signature = "Zk9%2bQ%3d'x~";
  // What the flow service hands out: a path, and a query whose `sig` is the secret.
  const target =
    "/hook/workflows/5f1c/triggers/manual/paths/%2e%2e/invoke?api-version=2016-06-01" +
    `&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${signature}`;

  const register = (url: string) =>
    server.api.request<{ id: string }>("POST", "/v1/triggers/tasks", server.adminToken, {
      config: { url, services: ["support@demo.cirrus.test"], taskEvents: ["Terminated"] },
    });

  it("is stored and called byte for byte", async () => {
    const origin = new URL(receiver.url).origin;
    const created = await register(`${origin}${target}`);
    assert.equal(created.status, 201);
    const [stored] = await server.store.listSubscriptions("demo");
    assert.equal(stored?.url, `${origin}${target}`);
    const taskId = await endedCall(server.api, server.adminToken, "support@demo.cirrus.test");
    await receiver.until((all) => all.some((r) => r.json.taskId === taskId));
    const delivery = receiver.received.find((r) => r.json.taskId === taskId);
    assert.equal(delivery?.target, target);
  });

  it("is shown to administrators as origin and path with a fingerprint, never its query", async () => {
    const origin = new URL(receiver.url).origin;
    const other = await register(`${origin}${target.replace(signature, "another")}`);
    const listing = await server.api.request<{ subscriptions: View[] }>(
      "GET",
      "/api/admin/subscriptions",
      server.adminToken,
    );
    const text = JSON.stringify(listing.body);
    assert.ok(!text.includes("sig="), "no query");
    assert.ok(!text.includes("Zk9"), "no signature");
    const [first, second] = listing.body.subscriptions;
    assert.equal(
      first?.callback.url,
      `${origin}/hook/workflows/5f1c/triggers/manual/paths/%2e%2e/invoke`,
    );
    assert.match(String(first?.callback.fingerprint), /^sha256:[0-9a-f]{16}$/);
    assert.notEqual(first?.callback.fingerprint, second?.callback.fingerprint);
    const one = await server.api.request<View>(
      "GET",
      `/api/admin/subscriptions/${other.body.id}`,
      server.adminToken,
    );
    assert.ok(!JSON.stringify(one.body).includes("another"));
    assert.equal(one.body.callback.fingerprint, second?.callback.fingerprint);
  });

  it("is refused when it could not be sent as given", () => {
    for (const url of [
      "https://flows.example.com/a b",
      "https://flows.example.com/caf\u00e9",
      "https://flows.example.com\\@evil.example/x",
      "https://flows.example.com/x\ty",
    ]) {
      assert.match(String(refuseUrl(url, false)), /request target/, url);
    }
  });
});
