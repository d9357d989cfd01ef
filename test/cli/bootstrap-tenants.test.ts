/**
 * `CIRRUS_BOOTSTRAP_TOKEN` with two seeded tenants: the token is the first tenant's
 * administrator's; the second tenant gets a token of its own, printed once, that speaks for
 * its own administrator. A restart keeps both and names neither token again wrongly.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { ApiClient } from "../support/api-client.ts";
import { startServer } from "../support/server-process.ts";

let dir: string;
let seedFile: string;
let env: Record<string, string>;
const bootstrap = "cirrus_bootstrap_two_tenants_token";

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cirrus-bootstrap-"));
  const acme = JSON.parse(
    JSON.stringify(demoDirectory())
      .replaceAll('"tenantId":"demo"', '"tenantId":"acme"')
      .replaceAll("demo.cirrus.test", "acme.cirrus.test"),
  );
  acme.tenant = { id: "acme", name: "Acme" };
  seedFile = join(dir, "acme.json");
  await writeFile(seedFile, JSON.stringify(acme));
  env = { CIRRUS_DATA: join(dir, "data"), CIRRUS_BOOTSTRAP_TOKEN: bootstrap };
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tenantOf = async (url: string, token: string) => {
  const api = new ApiClient(url, 1);
  try {
    const response = await api.request<{ tenantId?: string; upn?: string }>(
      "GET",
      "/api/agent/state",
      token,
    );
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const tokens = await api.request<{ tokens: { principal: { tenantId: string } }[] }>(
      "GET",
      "/api/admin/tokens",
      token,
    );
    assert.equal(tokens.status, 200);
    return tokens.body.tokens[0]?.principal.tenantId;
  } finally {
    await api.close();
  }
};

it("gives the bootstrap token to the first tenant and its own token to the second", async () => {
  const server = await startServer(["--demo", "--seed", seedFile], env);
  try {
    const printed = [...server.output().matchAll(/tenant (\S+): admin token (\S+)/g)].map(
      (m) => [m[1], m[2]] as const,
    );
    assert.deepEqual(
      printed.map(([tenant]) => tenant),
      ["demo", "acme"],
    );
    const tokens = new Map(printed);
    assert.equal(tokens.get("demo"), bootstrap);
    const acmeToken = tokens.get("acme") ?? "";
    assert.notEqual(acmeToken, bootstrap);
    assert.match(acmeToken, /^cirrus_/);
    assert.equal(await tenantOf(server.url, bootstrap), "demo");
    assert.equal(await tenantOf(server.url, acmeToken), "acme");
  } finally {
    await server.kill("SIGTERM");
  }
  // Started again with the seed file first, the bootstrap token is still the demo tenant's:
  // the output does not claim it for acme.
  const again = await startServer(["--seed", seedFile], env);
  try {
    assert.doesNotMatch(again.output(), new RegExp(`tenant acme: admin token ${bootstrap}`));
    assert.match(again.output(), /CIRRUS_BOOTSTRAP_TOKEN belongs to tenant demo, not acme/);
  } finally {
    await again.kill("SIGTERM");
  }
});
