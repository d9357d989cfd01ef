/**
 * An open event stream lasts only as long as the access it was opened with: revoking its
 * token, the token's expiry, a change of the user's role or the user's removal ends it, and
 * a token holds a bounded number of streams. Over real HTTP streams.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ManualClock } from "../../src/engine/manual-clock.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { type OidcIssuer, startOidcIssuer } from "../support/oidc-issuer.ts";

interface Stream {
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** Everything received so far. */
  text(): string;
  cancel(): Promise<void>;
}

async function open(server: TestServer, path: string, token: string): Promise<Stream> {
  const response = await fetch(`${server.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200) assert.fail(`${path}: ${response.status} ${await response.text()}`);
  const reader = response.body?.getReader();
  assert.ok(reader);
  let received = "";
  const decoder = new TextDecoder();
  let opened: () => void = () => {};
  const first = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const ended = (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) return;
      received += decoder.decode(chunk.value);
      opened();
    }
  })();
  await first;
  return { ended, text: () => received, cancel: () => reader.cancel().catch(() => {}) };
}

/** Fails unless the stream ends within a second. */
const endsSoon = (stream: Stream, what: string) =>
  Promise.race([
    stream.ended,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: the stream is still open`)), 1_000).unref(),
    ),
  ]);

/** Resolves false if the stream is still open after a short while. */
const stillOpen = async (stream: Stream) =>
  Promise.race([
    stream.ended.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 200)),
  ]);

describeStreams();

describe("a stream opened with an OpenID Connect access token", () => {
  const clock = new ManualClock(Date.now());
  let oidc: OidcIssuer;
  let server: TestServer;
  before(async () => {
    oidc = await startOidcIssuer();
    const { issuer, audience, jwksUrl } = oidc;
    server = await startTestServer(undefined, { clock, oidc: { issuer, audience, jwksUrl } });
  });
  after(async () => {
    await server.close();
    await oidc.close();
  });

  it("ends at the token's expiry", async () => {
    const token = await oidc.sign({ upn: "alice@demo.cirrus.test" }, { expiresIn: "10m" });
    const state = await open(server, "/api/agent/stream", token);
    clock.advance(9 * 60_000);
    assert.equal(await stillOpen(state), true);
    clock.advance(3 * 60_000);
    await endsSoon(state, "agent stream at the access token's expiry");
  });
});

function describeStreams() {
  let server: TestServer;
  const clock = new ManualClock(Date.now());
  before(async () => {
    server = await startTestServer(undefined, { clock, limits: { maxStreamsPerToken: 3 } });
  });
  after(async () => {
    await server.close();
  });

  const issue = async (upn: string, expiresInSeconds?: number) => {
    const response = await server.api.request<{ token: string; id: string }>(
      "POST",
      "/api/admin/tokens",
      server.adminToken,
      { upn: `${upn}@demo.cirrus.test`, ...(expiresInSeconds ? { expiresInSeconds } : {}) },
    );
    assert.equal(response.status, 201);
    return response.body;
  };

  it("ends both streams of a revoked token and no other", async () => {
    const admin = await issue("admin");
    const other = await issue("admin");
    const events = await open(server, "/api/events/stream", admin.token);
    const state = await open(server, "/api/agent/stream", admin.token);
    const untouched = await open(server, "/api/events/stream", other.token);
    const revoked = await server.api.request(
      "DELETE",
      `/api/admin/tokens/${admin.id}`,
      server.adminToken,
    );
    assert.equal(revoked.status, 204);
    await endsSoon(events, "event stream");
    await endsSoon(state, "agent stream");
    assert.equal(await stillOpen(untouched), true);
    await untouched.cancel();
  });

  it("ends a stream when its token expires", async () => {
    const alice = await issue("alice", 60);
    const state = await open(server, "/api/agent/stream", alice.token);
    clock.advance(59_000);
    assert.equal(await stillOpen(state), true);
    clock.advance(1_000);
    await endsSoon(state, "agent stream at expiry");
  });

  it("ends a user's streams when their role changes, not another's", async () => {
    const frank = await issue("frank");
    const bob = await issue("bob");
    const events = await open(server, "/api/events/stream", frank.token);
    const state = await open(server, "/api/agent/stream", frank.token);
    const bobs = await open(server, "/api/agent/stream", bob.token);
    const changed = await server.api.request(
      "PUT",
      "/api/admin/users/user-frank/role",
      server.adminToken,
      { role: "User" },
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    await endsSoon(events, "event stream after a role change");
    await endsSoon(state, "agent stream after a role change");
    assert.equal(await stillOpen(bobs), true);
    await bobs.cancel();
  });

  it("ends a deleted user's streams", async () => {
    const dave = await issue("dave");
    const state = await open(server, "/api/agent/stream", dave.token);
    const deleted = await server.api.request(
      "DELETE",
      "/api/admin/users/user-dave",
      server.adminToken,
    );
    assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
    await endsSoon(state, "agent stream of a deleted user");
  });

  it("answers 429 to a token beyond its maximum of streams, and again once one closes", async () => {
    const erin = await issue("erin");
    const streams = [
      await open(server, "/api/agent/stream", erin.token),
      await open(server, "/api/agent/stream", erin.token),
      await open(server, "/api/agent/stream", erin.token),
    ];
    const refused = await fetch(`${server.url}/api/agent/stream`, {
      headers: { authorization: `Bearer ${erin.token}` },
    });
    assert.equal(refused.status, 429);
    assert.match(refused.headers.get("content-type") ?? "", /^application\/problem\+json/);
    const body = (await refused.json()) as { field?: string; code?: string };
    assert.equal(body.field, "authorization");
    await streams[0]?.cancel();
    await streams[0]?.ended;
    // The server sees the close a moment later.
    let again = 0;
    for (let attempt = 0; attempt < 50 && again !== 200; attempt++) {
      const response = await fetch(`${server.url}/api/agent/stream`, {
        headers: { authorization: `Bearer ${erin.token}` },
      });
      again = response.status;
      await response.body?.cancel();
      if (again !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(again, 200);
    for (const stream of streams) await stream.cancel();
  });
}
