/**
 * A callback URL's query is the flow's secret (`sig=`): the server in its own process, logging
 * at debug with every request logged, registers callbacks that fail in each way a delivery
 * can (a refusing receiver, a closed port) and neither its output nor the admin views ever
 * show the secret.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { ApiClient } from "../support/api-client.ts";
import { endedCall } from "../support/ended-call.ts";
import { type ServerProcess, startServer } from "../support/server-process.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

const token = "cirrus_callback_secrets_admin_token";
const secret = "s3cr3tSIGNATUREvalue";
let dir: string;
let server: ServerProcess;
let receiver: Receiver;
let api: ApiClient;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cirrus-callback-secrets-"));
  receiver = await startReceiver();
  receiver.respond = (_headers, attempt) => (attempt === 1 ? 500 : 401);
  server = await startServer(["--demo"], {
    CIRRUS_DATA: join(dir, "data"),
    CIRRUS_BOOTSTRAP_TOKEN: token,
    CIRRUS_LOG_LEVEL: "debug",
    CIRRUS_LOG_REQUESTS: "true",
    CIRRUS_ALLOW_PRIVATE_WEBHOOKS: "true",
  });
  api = new ApiClient(server.url, 4);
});
after(async () => {
  await api?.close();
  await server?.kill("SIGTERM");
  await receiver?.close();
  await rm(dir, { recursive: true, force: true });
});

it("never shows a callback's query in the log, the listing or the attempts", async () => {
  const query = `?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${secret}`;
  const urls = [
    `${receiver.url}/workflows/refusing/invoke${query}`,
    `http://127.0.0.1:${await closedPort()}/workflows/closed/invoke${query}`,
  ];
  const ids: string[] = [];
  for (const url of urls) {
    const registered = await api.request<{ id: string }>("POST", "/v1/triggers/tasks", token, {
      config: { url, services: ["support@demo.cirrus.test"], taskEvents: ["WorkflowStarted"] },
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    assert.ok(!JSON.stringify(registered.body).includes(secret), "the answer holds the secret");
    ids.push(registered.body.id);
  }
  await endedCall(api, token, "support@demo.cirrus.test");
  // Both fail: the refusing receiver twice (500, then 401), the closed port at least once.
  await receiver.until((all) => all.length >= 2, 15_000);
  assert.equal(receiver.received[0]?.target.endsWith(`sig=${secret}`), true, "called as given");
  for (const id of ids) {
    for (let tries = 0; ; tries++) {
      const attempts = await api.request<{ attempts: { error: string | null }[] }>(
        "GET",
        `/api/admin/subscriptions/${id}/attempts`,
        token,
      );
      assert.equal(attempts.status, 200);
      if (attempts.body.attempts.some((attempt) => attempt.error !== null)) break;
      assert.ok(tries < 100, `subscription ${id} made no failed attempt`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const views = [
    await api.request("GET", "/api/admin/subscriptions", token),
    ...(await Promise.all(
      ids.map((id) => api.request("GET", `/api/admin/subscriptions/${id}`, token)),
    )),
    ...(await Promise.all(
      ids.map((id) => api.request("GET", `/api/admin/subscriptions/${id}/attempts`, token)),
    )),
  ];
  for (const view of views) {
    assert.equal(view.status, 200);
    assert.ok(!JSON.stringify(view.body).includes(secret), JSON.stringify(view.body));
  }
  const output = server.output();
  assert.match(output, /"level":(20|30)/, "the server logged at debug and info");
  assert.ok(!output.includes(secret), `the log holds the secret:\n${output}`);
});
