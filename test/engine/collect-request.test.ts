/**
 * Collect Information's HTTP runner against a real server on 127.0.0.1: responses of every
 * status, what the server receives, time limits, body limits and the internal-address guard.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  type CollectOutcome,
  type CollectRequest,
  type CollectRequester,
  collectRequester,
} from "../../src/engine/collect-request.ts";

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

const received: Received[] = [];
const pending = new Set<NodeJS.Timeout>();

function route(path: string, res: ServerResponse): void {
  switch (path) {
    case "/json":
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ tier: "gold", name: "Ada" }));
      return;
    case "/echo":
      res.writeHead(201, { "content-type": "text/plain" });
      res.end("created");
      return;
    case "/fail":
      res.writeHead(500);
      res.end("broken");
      return;
    case "/redirect":
      res.writeHead(302, { location: "/json" });
      res.end("moved");
      return;
    case "/slow": {
      const timer = setTimeout(() => {
        pending.delete(timer);
        res.end("late");
      }, 1_000);
      pending.add(timer);
      return;
    }
    case "/big":
      res.writeHead(200, { "content-length": "5000" });
      res.end("x".repeat(5_000));
      return;
    case "/big-chunked":
      // No content-length: the limit must hold while reading.
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write("y".repeat(500));
      res.end();
      return;
    case "/exact":
      res.writeHead(200);
      res.end("z".repeat(1_024));
      return;
    default:
      res.writeHead(404);
      res.end();
  }
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    route(new URL(req.url ?? "/", "http://test.invalid").pathname, res);
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

const get = (url: string, timeoutMs = 2_000): CollectRequest => ({
  method: "GET",
  url,
  headers: {},
  timeoutMs,
});

function assertFailure(outcome: CollectOutcome, pattern: RegExp): void {
  assert.equal(outcome.kind, "failure", JSON.stringify(outcome));
  if (outcome.kind === "failure") assert.match(outcome.reason, pattern);
}

describe("collect request", () => {
  const server = createServer(handle);
  let origin = "";
  let requester: CollectRequester;
  let guarded: CollectRequester;

  before(async () => {
    origin = `http://127.0.0.1:${await listen(server)}`;
    requester = collectRequester({
      allowPrivate: false,
      trustedOrigins: [origin],
      maxBodyBytes: 1_024,
    });
    guarded = collectRequester({ allowPrivate: false, trustedOrigins: [] });
  });

  after(async () => {
    for (const timer of pending) clearTimeout(timer);
    await Promise.all([requester.close(), guarded.close()]);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("returns a GET's status and JSON body", async () => {
    const outcome = await requester.run(get(`${origin}/json`));
    assert.deepEqual(outcome, {
      kind: "response",
      status: 200,
      body: JSON.stringify({ tier: "gold", name: "Ada" }),
    });
  });

  it("sends a POST's headers and body", async () => {
    received.length = 0;
    const outcome = await requester.run({
      method: "POST",
      url: `${origin}/echo?x=1`,
      headers: { "content-type": "application/json", "x-cirrus-task": "t-1" },
      body: '{"caller":"+41 44 000 00 00"}',
      timeoutMs: 2_000,
    });
    assert.deepEqual(outcome, { kind: "response", status: 201, body: "created" });
    const [request] = received;
    assert.equal(request?.method, "POST");
    assert.equal(request?.url, "/echo?x=1");
    assert.equal(request?.headers["content-type"], "application/json");
    assert.equal(request?.headers["x-cirrus-task"], "t-1");
    assert.equal(request?.body, '{"caller":"+41 44 000 00 00"}');
  });

  it("returns a 500 as a response", async () => {
    const outcome = await requester.run(get(`${origin}/fail`));
    assert.deepEqual(outcome, { kind: "response", status: 500, body: "broken" });
  });

  it("does not follow redirects", async () => {
    const outcome = await requester.run(get(`${origin}/redirect`));
    assert.deepEqual(outcome, { kind: "response", status: 302, body: "moved" });
  });

  it("fails when the server answers later than the time limit", async () => {
    const started = performance.now();
    const outcome = await requester.run(get(`${origin}/slow`, 150));
    assert.deepEqual(outcome, { kind: "failure", reason: "timed out" });
    assert.ok(performance.now() - started < 900, "gave up before the server answered");
  });

  it("fails when the body is larger than the limit", async () => {
    for (const path of ["/big", "/big-chunked"]) {
      const outcome = await requester.run(get(`${origin}${path}`));
      assert.deepEqual(
        outcome,
        { kind: "failure", reason: "response body larger than 1024 bytes" },
        path,
      );
    }
    const exact = await requester.run(get(`${origin}/exact`));
    assert.equal(exact.kind === "response" && exact.body.length, 1_024);
  });

  it("refuses internal addresses that are not trusted", async () => {
    received.length = 0;
    assertFailure(await guarded.run(get(`${origin}/json`)), /internal address/);
    const port = new URL(origin).port;
    // A name is checked after DNS, when connecting.
    assertFailure(await guarded.run(get(`http://localhost:${port}/json`)), /internal address/);
    assertFailure(await guarded.run(get(`http://[::1]:${port}/json`)), /internal address/);
    assert.equal(received.length, 0, "nothing reached the server");
  });

  it("lets a trusted origin through, and everything when private addresses are allowed", async () => {
    const trusted = await requester.run(get(`${origin}/json`));
    assert.equal(trusted.kind === "response" && trusted.status, 200);
    const open = collectRequester({ allowPrivate: true, trustedOrigins: [] });
    try {
      const outcome = await open.run(get(`${origin}/json`));
      assert.equal(outcome.kind === "response" && outcome.status, 200);
    } finally {
      await open.close();
    }
  });

  it("fails for URLs that are not http or https", async () => {
    assertFailure(await requester.run(get("ftp://127.0.0.1/file")), /only http and https/);
    assertFailure(await requester.run(get("file:///etc/passwd")), /only http and https/);
    assertFailure(await requester.run(get("not a url")), /invalid URL/);
  });

  it("fails when the connection is refused", async () => {
    const spare = createServer();
    const port = await listen(spare);
    await new Promise((resolve) => spare.close(resolve));
    const open = collectRequester({ allowPrivate: true, trustedOrigins: [] });
    try {
      assertFailure(await open.run(get(`http://127.0.0.1:${port}/`)), /ECONNREFUSED/);
    } finally {
      await open.close();
    }
  });

  it("fails for an unusable time limit", async () => {
    assertFailure(await requester.run(get(`${origin}/json`, 0)), /time limit/);
  });
});
