import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isInternalAddress, refuseUrl } from "../../src/delivery/address-guard.ts";
import { nextAttemptAt, parseSchedule } from "../../src/delivery/retry-policy.ts";
import { matchesFilter } from "../../src/delivery/subscription-filter.ts";
import type { StoredEvent } from "../../src/store/port.ts";

const event = (type: string, data: Record<string, unknown>): StoredEvent => ({
  seq: 1,
  tenantId: "t",
  type,
  at: 0,
  taskId: "task",
  data,
  detail: null,
});

describe("retry policy", () => {
  it("reads the default schedule and an override in seconds", () => {
    assert.deepEqual(
      parseSchedule(undefined),
      [0, 5, 300, 1800, 7200, 18000, 36000, 36000].map((s) => s * 1000),
    );
    assert.deepEqual(parseSchedule("0, 0.5,2"), [0, 500, 2000]);
    assert.throws(() => parseSchedule("1,x"), /seconds/);
    assert.throws(() => parseSchedule("-1"), /seconds/);
  });

  it("spreads each delay by up to a tenth and stops after the last", () => {
    const policy = { delaysMs: [0, 5000, 300_000], disableAfterMs: 0, timeoutMs: 1 };
    assert.equal(nextAttemptAt(policy, 1, 1000, 0), 1000 + 4500);
    assert.equal(nextAttemptAt(policy, 1, 1000, 0.5), 1000 + 5000);
    assert.equal(nextAttemptAt(policy, 2, 0, 0.999_999), 330_000);
    assert.equal(nextAttemptAt(policy, 3, 0, 0.5), undefined);
  });
});

describe("address guard", () => {
  it("knows internal addresses", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "0.0.0.0",
    ]) {
      assert.ok(isInternalAddress(address), address);
    }
    for (const address of ["93.184.216.34", "2606:2800:220:1::1", "example.com"]) {
      assert.ok(!isInternalAddress(address), address);
    }
  });

  it("refuses callback URLs it cannot or may not use", () => {
    assert.match(String(refuseUrl("http://127.0.0.1:8080/x", false)), /loopback or private/);
    assert.match(String(refuseUrl("http://localhost/x", false)), /loopback or private/);
    assert.match(String(refuseUrl("http://[::1]/x", false)), /loopback or private/);
    assert.match(String(refuseUrl("http://[::ffff:127.0.0.1]/x", false)), /loopback or private/);
    assert.equal(refuseUrl("http://127.0.0.1:8080/x", true), undefined);
    assert.equal(refuseUrl("https://flows.example.com/hook?sig=1", false), undefined);
    assert.match(String(refuseUrl("ftp://example.com", false)), /http or https/);
    assert.match(String(refuseUrl("https://u:p@example.com", false)), /credentials/);
    assert.match(String(refuseUrl("not a url", false)), /absolute URL/);
  });

  it("judges IPv6 forms that map or translate IPv4 by the address they carry, or refuses them", () => {
    const internal = [
      "::ffff:0:127.0.0.1", // IPv4-translated (::ffff:0:0:0/96)
      "::ffff:0:7f00:1",
      "::ffff:0:a00:1",
      "64:ff9b::7f00:1", // NAT64 well-known prefix
      "64:ff9b::10.0.0.1",
      "64:ff9b::a9fe:a9fe",
      "64:ff9b:1::7f00:1", // local-use NAT64: the embedding depends on the network
      "64:ff9b:1:ffff::808:808",
      "::127.0.0.1", // IPv4-compatible
      "::8.8.8.8",
      "2002:7f00:1::1", // 6to4
      "2002:808:808::1",
      "2001::1", // Teredo
      "2001:0:4136:e378:8000:63bf:3fff:fdd2",
      "2001:db8::1", // documentation
      "100::1", // discard-only
      "::ffff:7f00:1",
      "0:0:0:0:0:ffff:127.0.0.1",
      "::ffff:169.254.169.254",
      "fe80::1%eth0",
    ];
    for (const address of internal) assert.ok(isInternalAddress(address), address);
    for (const address of ["64:ff9b::808:808", "64:ff9b::8.8.8.8", "::ffff:8.8.8.8"]) {
      assert.ok(!isInternalAddress(address), address);
    }
    for (const url of [
      "http://[::ffff:0:127.0.0.1]/x",
      "http://[64:ff9b:1::7f00:1]/x",
      "http://[64:ff9b::127.0.0.1]/x",
      "http://[::ffff:0:10.1.2.3]/x",
      "http://[2002:c0a8:101::1]/x",
      "http://[2001:0:5ef5:79fd::1]/x",
    ]) {
      assert.match(String(refuseUrl(url, false)), /loopback or private/, url);
    }
    assert.equal(refuseUrl("https://[64:ff9b::808:808]/hook", false), undefined);
  });
});

describe("subscription filter", () => {
  const call = event("InQueue", {
    serviceUPN: "Support@X.test",
    modality: "Audio",
    direction: "Inbound",
  });
  it("matches on events, services (any case), modalities and directions; empty lists match all", () => {
    const all = { services: [], events: [], modalities: [], directions: [] };
    assert.ok(matchesFilter(all, call));
    assert.ok(matchesFilter({ ...all, services: ["support@x.test"], events: ["InQueue"] }, call));
    assert.ok(!matchesFilter({ ...all, events: ["Terminated"] }, call));
    assert.ok(!matchesFilter({ ...all, services: ["sales@x.test"] }, call));
    assert.ok(!matchesFilter({ ...all, modalities: ["Email"] }, call));
    assert.ok(!matchesFilter({ ...all, directions: ["Outbound"] }, call));
  });
});

describe("signing", () => {
  it("produces signatures a Standard Webhooks library verifies, and only for the same body", async () => {
    const { Webhook } = await import("standardwebhooks");
    const { Signer, newSigningSecret } = await import("../../src/delivery/signing.ts");
    const secret = newSigningSecret();
    const body = JSON.stringify({ taskId: "t", event: "Terminated", name: "Zoë ✓" });
    const headers = new Signer().headers(secret, "msg_s_1", new Date(), body);
    assert.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
    assert.throws(() => new Webhook(secret).verify(`${body} `, headers));
    assert.throws(() => new Webhook(newSigningSecret()).verify(body, headers));
  });
});
