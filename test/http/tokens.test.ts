/**
 * API tokens over real HTTP on each store: a token that expires stops working at its time,
 * a revoked one at once (the server caches tokens, revocation clears them), the list shows
 * every token of the tenant with its status and never the token itself, and the routes
 * refuse bad input naming the field.
 */
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { hashToken, issueToken, tokenId } from "../../src/http/tokens.ts";
import { describeEachStore } from "../support/databases.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";

interface Issued {
  token: string;
  id: string;
  expiresAt: string | null;
  field?: string;
}
interface Listed {
  tokens: { id: string; status: string; expiresAt: string | null; revokedAt: string | null }[];
}

describeEachStore("API tokens", (kind) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(kind);
  });
  after(async () => {
    await server.close();
  });
  const admin = <T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown) =>
    server.api.request<T>(method, `/api/admin${path}`, server.adminToken, body);
  const presence = (token: string) =>
    server.api.request<{ field?: string; detail?: string }>("PUT", "/api/agent/presence", token, {
      status: "Away",
    });

  it("revokes a token at once, though the server has it cached", async () => {
    const issued = await admin<Issued>("POST", "/tokens", { upn: "alice@demo.cirrus.test" });
    assert.equal(issued.status, 201);
    assert.equal(issued.body.expiresAt, null);
    assert.equal((await presence(issued.body.token)).status, 200, "works, and is now cached");
    assert.equal((await admin("DELETE", `/tokens/${issued.body.id}`)).status, 204);
    const refused = await presence(issued.body.token);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.field, "authorization");
    assert.match(refused.body.detail ?? "", /revoked/);
    const listed = await admin<Listed>("GET", "/tokens");
    const entry = listed.body.tokens.find((t) => t.id === issued.body.id);
    assert.equal(entry?.status, "revoked");
    assert.ok(entry?.revokedAt);
    assert.ok(!JSON.stringify(listed.body).includes(issued.body.token), "never the token");
    assert.equal((await admin("DELETE", "/tokens/0123456789abcdef")).status, 404);
  });

  it("gives a token the expiry asked for, and refuses one whose time has come", async () => {
    const issued = await admin<Issued>("POST", "/tokens", {
      upn: "bob@demo.cirrus.test",
      expiresInSeconds: 60,
    });
    assert.equal(issued.status, 201);
    const expiresAt = Date.parse(issued.body.expiresAt ?? "");
    assert.ok(expiresAt > Date.now() + 55_000 && expiresAt <= Date.now() + 60_000);
    assert.equal((await presence(issued.body.token)).status, 200);
    // The server runs on the system clock: a token stored to expire in 300 ms shows the rest.
    const principal = { kind: "user", tenantId: "demo", userId: "user-bob" } as const;
    const soon = await issueToken(server.store, principal, Date.now(), undefined, Date.now() + 300);
    assert.equal((await presence(soon)).status, 200, "not yet");
    await new Promise((resolve) => setTimeout(resolve, 350));
    const expired = await presence(soon);
    assert.equal(expired.status, 401);
    assert.match(expired.body.detail ?? "", /expired/);
    const listed = await admin<Listed>("GET", "/tokens");
    const statuses = new Map(listed.body.tokens.map((t) => [t.id, t.status]));
    assert.equal(statuses.get(issued.body.id), "active");
    assert.equal(statuses.get(tokenId(hashToken(soon))), "expired");
  });

  it("refuses an expiry too short, an unknown field and a malformed id, naming the field", async () => {
    const short = await admin<Issued>("POST", "/tokens", {
      upn: "bob@demo.cirrus.test",
      expiresInSeconds: 5,
    });
    assert.equal(short.status, 400);
    assert.equal(short.body.field, "expiresInSeconds");
    const malformed = await admin<{ field?: string }>("DELETE", "/tokens/not-an-id");
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.field, "id");
    const bob = await server.tokenFor("bob");
    const forbidden = await server.api.request("GET", "/api/admin/tokens", bob);
    assert.equal(forbidden.status, 403);
  });
});
