/** The `cirrus` command line against a real data directory and a real server process. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { ApiClient } from "../support/api-client.ts";
import { endedCall } from "../support/ended-call.ts";
import { type ServerProcess, startServer } from "../support/server-process.ts";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url);

async function cirrus(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 30_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("cirrus CLI", () => {
  let dir: string;
  let env: Record<string, string>;
  let server: ServerProcess;
  const admin = "cirrus_cli_test_admin_token";

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cirrus-cli-"));
    env = { CIRRUS_DATA: join(dir, "data"), CIRRUS_BOOTSTRAP_TOKEN: admin };
    server = await startServer(["--demo"], env);
  });
  after(async () => {
    await server.kill("SIGTERM");
    await rm(dir, { recursive: true, force: true });
  });

  it("prints the bootstrap admin token when it seeds the demo tenant", () => {
    assert.match(server.output(), new RegExp(`tenant demo: admin token ${admin}`));
  });

  it("creates a user token that the running server accepts", async () => {
    const created = await cirrus(["token", "create", "--upn", "alice@demo.cirrus.test"], env);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^cirrus_[A-Za-z0-9_-]{20,}$/);
    const api = new ApiClient(server.url, 1);
    try {
      const presence = await api.request("PUT", "/api/agent/presence", token, { status: "Away" });
      assert.equal(presence.status, 200);
    } finally {
      await api.close();
    }
  });

  it("refuses a token for an unknown user with a message and exit code 1", async () => {
    const result = await cirrus(["token", "create", "--upn", "ghost@demo.cirrus.test"], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no user ghost@demo\.cirrus\.test/);
  });

  it("tails the event log as JSON lines", async () => {
    const api = new ApiClient(server.url, 1);
    let taskId: string;
    try {
      taskId = await endedCall(api, admin, "helpdesk@demo.cirrus.test");
    } finally {
      await api.close();
    }
    const tail = await cirrus(["events", "tail"], env);
    assert.equal(tail.code, 0, tail.stderr);
    const lines = tail.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const ofTask = lines.filter((e) => e.taskId === taskId).map((e) => e.type);
    // Nobody serves the helpdesk yet: the call waits in the built-in queue until the caller
    // hangs up.
    assert.deepEqual(ofTask, [
      "WorkflowStarted",
      "SystemAccepted",
      "InQueue",
      "QueueLeft",
      "Terminated",
    ]);
    const all = await cirrus(["events", "tail", "--all", "--after", "0"], env);
    assert.match(all.stdout, /"type":"PresenceChanged"/, "--all includes routing events");
    const bad = await cirrus(["events", "tail", "--after", "-3"], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--after/);
  });

  it("exports the connector definition and its properties", async () => {
    const out = join(dir, "connector");
    const result = await cirrus(
      ["connector", "export", out, "--host", "cirrus.example.com", "--scheme", "https"],
      env,
    );
    assert.equal(result.code, 0, result.stderr);
    const definition = JSON.parse(await readFile(join(out, "apiDefinition.swagger.json"), "utf8"));
    assert.equal(definition.host, "cirrus.example.com");
    assert.deepEqual(definition.schemes, ["https"]);
    assert.equal(definition.paths["/v1/triggers/tasks"].post.operationId, "RegisterTaskWebHook");
    const properties = JSON.parse(await readFile(join(out, "apiProperties.json"), "utf8"));
    assert.ok(properties.properties.connectionParameters.endpoint, "asks for the endpoint URL");
    const bad = await cirrus(["connector", "export", out, "--scheme", "gopher"], env);
    assert.equal(bad.code, 1);
    assert.ok((await readFile(join(out, "icon.png"))).length > 100, "writes the icon");
    const oidc = {
      ...env,
      CIRRUS_OIDC_ISSUER: "https://login.microsoftonline.com/contoso.example/v2.0",
      CIRRUS_OIDC_AUDIENCE: "api://cirrus.example.com",
      CIRRUS_OIDC_JWKS_URL: "https://login.microsoftonline.com/contoso.example/discovery/keys",
    };
    const withOidc = await cirrus(
      ["connector", "export", join(dir, "connector-oauth"), "--client-id", "app-1"],
      oidc,
    );
    assert.equal(withOidc.code, 0, withOidc.stderr);
    const oauth = JSON.parse(
      await readFile(join(dir, "connector-oauth", "oauth", "apiProperties.json"), "utf8"),
    );
    const settings = oauth.properties.connectionParameters.token.oAuthSettings;
    assert.deepEqual(
      [settings.identityProvider, settings.clientId, settings.customParameters.tenantId.value],
      ["aad", "app-1", "contoso.example"],
    );
    const fromEnv = await cirrus(["connector", "export", join(dir, "connector-env")], {
      ...oidc,
      CIRRUS_OIDC_CLIENT_ID: "app-2",
    });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    const envProperties = JSON.parse(
      await readFile(join(dir, "connector-env", "oauth", "apiProperties.json"), "utf8"),
    );
    assert.equal(
      envProperties.properties.connectionParameters.token.oAuthSettings.clientId,
      "app-2",
    );
    const unnamed = await cirrus(["connector", "export", join(dir, "connector-unnamed")], oidc);
    assert.equal(unnamed.code, 0, unnamed.stderr);
    assert.match(unnamed.stderr, /--client-id or set CIRRUS_OIDC_CLIENT_ID/);
  });

  it("names the fault in a bad seed file", async () => {
    const file = join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify({ tenant: { id: "x", name: "X" }, orgUnits: [], users: [{}], services: [] }),
    );
    const result = await cirrus(["serve", "--seed", file], {
      ...env,
      CIRRUS_DATA: join(dir, "other"),
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /bad\.json: \/users\/0/);
  });
});
