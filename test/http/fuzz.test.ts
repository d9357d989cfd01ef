/**
 * No input may make the API answer 500: seeded random bodies, query strings and path
 * parameters against every route, each answered with a 2xx or a problem+json 4xx that
 * names the field at fault, on both stores.
 */
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { describeEachStore } from "../support/databases.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { seededRandom } from "../support/seeded-random.ts";

const fields = [
  "to",
  "from",
  "message",
  "subject",
  "body",
  "status",
  "upn",
  "gateway",
  "kind",
  "modality",
  "userId",
  "taskId",
  "x",
];
const strings = [
  "",
  " ",
  "support@demo.cirrus.test",
  "+41445001000",
  "Available",
  "alice@demo.cirrus.test",
  "💥".repeat(50),
  "a".repeat(5000),
  "\u0000",
  "a\ud800b",
  "SetPresence",
  "Email",
  "../../etc/passwd",
  "'; drop table events; --",
];

function value(next: () => number, depth = 0): unknown {
  const roll = next();
  if (roll < 0.35) return strings[Math.floor(next() * strings.length)];
  if (roll < 0.45) return Math.floor(next() * 2 ** 53) * (next() < 0.5 ? -1 : 1);
  if (roll < 0.5) return next() < 0.5;
  if (roll < 0.55) return null;
  if (depth > 2) return 1.5;
  if (roll < 0.7)
    return Array.from({ length: Math.floor(next() * 3) }, () => value(next, depth + 1));
  return Object.fromEntries(
    Array.from({ length: Math.floor(next() * 5) }, () => [
      fields[Math.floor(next() * fields.length)] ?? "x",
      value(next, depth + 1),
    ]),
  );
}

/** URLs cannot carry unpaired surrogates at all; those go in bodies. */
const encode = (v: unknown) => encodeURIComponent(String(v).replace(/[\uD800-\uDFFF]/gu, "?"));

const routes: ["GET" | "POST" | "PUT", string][] = [
  ["POST", "/api/ingress/calls"],
  ["POST", "/api/ingress/chats"],
  ["POST", "/api/ingress/emails"],
  ["POST", "/api/ingress/tasks/{id}/hangup"],
  ["POST", "/api/ingress/tasks/{id}/input"],
  ["GET", "/api/ingress/tasks/{id}/prompts"],
  ["GET", "/api/agent/tasks/{id}/messages"],
  ["PUT", "/api/agent/presence"],
  ["GET", "/api/agent/offers"],
  ["POST", "/api/agent/offers/{id}/accept"],
  ["POST", "/api/agent/offers/{id}/decline"],
  ["POST", "/api/agent/tasks/{id}/end"],
  ["POST", "/api/admin/tokens"],
  ["GET", "/api/admin/services"],
  ["GET", "/api/events"],
  ["GET", "/api/tasks/{id}"],
];

describeEachStore("HTTP API under random input", (kind) => {
  let server: TestServer;
  const tokens: string[] = [];
  before(async () => {
    server = await startTestServer(kind);
    tokens.push(server.adminToken, await server.tokenFor("alice"), "", "cirrus_unknown");
  });
  after(async () => {
    await server.close();
  });

  it("answers every request with a 2xx or a problem+json 4xx", async () => {
    const next = seededRandom(20261126);
    const failures: string[] = [];
    for (let round = 0; round < 25; round++) {
      for (const [method, template] of routes) {
        const id = encode(value(next));
        const raw = value(next);
        const params = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? raw : {};
        const query = Object.entries(params)
          .map(([k, v]) => `${encode(k)}=${encode(v)}`)
          .concat(next() < 0.5 ? [`after=${Math.floor(next() * 100) - 50}`, "waitMs=1"] : [])
          .join("&");
        const path = `${template.replace("{id}", id || "x")}${query ? `?${query}` : ""}`;
        const body = method === "GET" ? undefined : value(next);
        const token = tokens[Math.floor(next() * tokens.length)] ?? "";
        const response = await server.api.request<{ field?: unknown }>(method, path, token, body);
        const ok =
          (response.status >= 200 && response.status < 300) ||
          (response.status >= 400 &&
            response.status < 500 &&
            response.contentType.startsWith("application/problem+json") &&
            typeof response.body.field === "string");
        if (!ok) {
          const request = `${method} ${path} ${JSON.stringify(body)}`.slice(0, 300);
          failures.push(`${request} → ${response.status} ${response.contentType}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});
