/**
 * The server's edges over real sockets: a request trickled byte by byte is cut at the request
 * timeout, headers at the headers timeout, and connections beyond the per-address or the
 * global cap are closed as they are accepted. Short limits are configured, not long sleeps.
 */
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { after, before, it } from "node:test";
import { limitsFromEnv } from "../../src/cli/config.ts";
import { defaultLimits } from "../../src/http/limits.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";

let server: TestServer;
let port = 0;
before(async () => {
  server = await startTestServer(undefined, {
    limits: {
      requestTimeoutMs: 600,
      headersTimeoutMs: 400,
      maxConnectionsPerAddress: 3,
      maxConnections: 5,
    },
  });
  port = Number(new URL(server.url).port);
});
after(async () => {
  await server.close();
});

/** A connected socket from `localAddress`, with what it received and when it closed. */
async function socket(localAddress = "127.0.0.1") {
  const s: Socket = connect({ host: "127.0.0.1", port, localAddress });
  let received = "";
  s.on("data", (chunk) => {
    received += chunk.toString();
  });
  s.on("error", () => {});
  const closed = new Promise<number>((resolve) => s.once("close", () => resolve(Date.now())));
  await new Promise<void>((resolve) => s.once("connect", () => resolve()));
  return { s, closed, received: () => received };
}

/** Writes one byte of `text` every `everyMs` until the socket closes. */
function trickle(s: Socket, text: string, everyMs: number) {
  let i = 0;
  const timer = setInterval(() => {
    if (s.destroyed || i >= text.length) return clearInterval(timer);
    s.write(text[i++] ?? "");
  }, everyMs);
  return () => clearInterval(timer);
}

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms).unref(),
    ),
  ]);

it("cuts a request whose body trickles in past the request timeout", async () => {
  const { s, closed, received } = await socket();
  const started = Date.now();
  s.write(
    `POST /api/ingress/calls HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${server.adminToken}\r\n` +
      "content-type: application/json\r\ncontent-length: 1000\r\n\r\n",
  );
  const stop = trickle(s, "x".repeat(1000), 100);
  const at = await within(closed, 3_000, "the socket is still open");
  stop();
  assert.ok(at - started >= 500, `closed after ${at - started} ms`);
  assert.match(received(), /^HTTP\/1\.1 408|^$/);
});

it("cuts a client whose headers trickle in past the headers timeout", async () => {
  const { s, closed } = await socket();
  const started = Date.now();
  const stop = trickle(s, "GET /healthz HTTP/1.1\r\nhost: x\r\nx-slow: yyyyyyyyyyyyyyyy", 50);
  const at = await within(closed, 3_000, "the socket is still open");
  stop();
  assert.ok(at - started >= 300, `closed after ${at - started} ms`);
});

it("closes connections beyond the per-address cap and beyond the global cap", async () => {
  const held = [await socket(), await socket(), await socket()];
  const fourth = await socket();
  await within(fourth.closed, 1_000, "a fourth connection from one address stays open");
  const others = [await socket("127.0.0.2"), await socket("127.0.0.2")];
  const sixth = await socket("127.0.0.3");
  await within(sixth.closed, 1_000, "a sixth connection in all stays open");
  // The held ones still answer.
  held[0]?.s.write("GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n");
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.match(held[0]?.received() ?? "", /^HTTP\/1\.1 200/);
  // Once one closes, another is let in.
  held[1]?.s.destroy();
  await held[1]?.closed;
  await new Promise((resolve) => setTimeout(resolve, 50));
  const again = await socket();
  again.s.write("GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n");
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.match(again.received(), /^HTTP\/1\.1 200/);
  for (const c of [...held, again, ...others]) c.s.destroy();
});

it("reads the limits from the environment and refuses nonsense", () => {
  assert.deepEqual(limitsFromEnv({}), defaultLimits);
  assert.equal(limitsFromEnv({ CIRRUS_MAX_STREAMS_PER_TOKEN: "2" }).maxStreamsPerToken, 2);
  assert.throws(() => limitsFromEnv({ CIRRUS_REQUEST_TIMEOUT_MS: "1e400" }), /positive integer/);
  assert.throws(() => limitsFromEnv({ CIRRUS_MAX_CONNECTIONS: "0" }), /positive integer/);
});
