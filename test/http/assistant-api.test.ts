/**
 * The virtual user assistant over real HTTP: a flow registers "When the virtual user
 * assistant has an update" for a service that has it; the gateway posts a call's transcribed
 * lines; when the call ends Voice Transcription Ready is delivered with the session and
 * service, and "Get Data from Virtual User Assistant" returns the transcript to those who
 * reach the service.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

interface Problem {
  field?: string;
  detail?: string;
}

describe("the virtual user assistant over HTTP", () => {
  let server: TestServer;
  let receiver: Receiver;
  let frank: string;
  before(async () => {
    server = await startTestServer();
    receiver = await startReceiver();
    frank = await server.tokenFor("frank"); // Team Owner of sales, whose assistant is on
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });
  const api = <T>(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    body?: unknown,
    token?: string,
  ) => server.api.request<T>(method, path, token ?? server.adminToken, body);

  it("delivers Voice Transcription Ready when a transcribed call ends, and serves its transcript", async () => {
    const trigger = await api<{ id: string }>(
      "POST",
      "/v1/triggers/assistant",
      { config: { url: receiver.url, services: ["sales@demo.cirrus.test"] } },
      frank,
    );
    assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
    const dave = await server.tokenFor("dave");
    await api("PUT", "/api/agent/presence", { status: "Available" }, dave);
    const call = await api<{ taskId: string }>("POST", "/api/ingress/calls", {
      to: "sales@demo.cirrus.test",
      from: "+41790000042",
    });
    const { taskId } = call.body;
    const offers = await api<{ offers: { id: string }[] }>(
      "GET",
      "/api/agent/offers?waitMs=5000",
      undefined,
      dave,
    );
    const offer = offers.body.offers[0];
    assert.ok(offer);
    await api("POST", `/api/agent/offers/${offer.id}/accept`, {}, dave);
    const posted = await api<{ accepted: number }>(
      "POST",
      `/api/ingress/tasks/${taskId}/transcript`,
      {
        segments: [
          { speaker: "Customer", text: "I would like a quote for 40 seats" },
          { speaker: "Agent", text: "Of course, for which product?" },
        ],
      },
    );
    assert.equal(posted.status, 202);
    assert.equal(posted.body.accepted, 2);
    const early = await api<Problem>("GET", `/v1/assistant/sessions/${taskId}`, undefined, frank);
    assert.equal(early.status, 404, "no transcript before the conversation ends");
    assert.match(early.body.detail ?? "", /Voice Transcription Ready/);

    await api("POST", `/api/agent/tasks/${taskId}/end`, {}, dave);
    await receiver.until((r) => r.some((x) => x.json.ServiceSessionId === taskId), 10_000);
    const delivered = receiver.received.find((x) => x.json.ServiceSessionId === taskId)?.json;
    assert.deepEqual(delivered, {
      ServiceSessionId: taskId,
      TenantId: "demo",
      ServiceUPN: "sales@demo.cirrus.test",
      ServiceId: "service-sales",
      ServiceName: "sales",
    });

    const data = await api<{
      ServiceSessionId: string;
      Modality: string;
      Transcript: { Speaker: string; Text: string; Time: string }[];
    }>("GET", `/v1/assistant/sessions/${taskId}`, undefined, frank);
    assert.equal(data.status, 200);
    assert.equal(data.body.Modality, "Audio");
    assert.deepEqual(
      data.body.Transcript.map((line) => [line.Speaker, line.Text]),
      [
        ["Customer", "I would like a quote for 40 seats"],
        ["Agent", "Of course, for which product?"],
      ],
    );
    assert.ok(Date.parse(data.body.Transcript[0]?.Time ?? "") > 0);

    const oscar = await server.tokenFor("oscar");
    const refused = await api<Problem>("GET", `/v1/assistant/sessions/${taskId}`, undefined, oscar);
    assert.equal(refused.status, 403, "an OU Admin's roles may not read transcripts");
    assert.equal(refused.body.field, "authorization");
    const unknown = await api<Problem>("GET", "/v1/assistant/sessions/no-such-session");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.field, "ServiceSessionId");
    await api("PUT", "/api/agent/presence", { status: "Offline" }, dave);
  });

  it("refuses a trigger for a service without the assistant, and lines for a call without it", async () => {
    const trigger = await api<Problem>("POST", "/v1/triggers/assistant", {
      config: { url: receiver.url, services: ["support@demo.cirrus.test"] },
    });
    assert.equal(trigger.status, 400);
    assert.equal(trigger.body.field, "config.services[0]");
    assert.match(trigger.body.detail ?? "", /no virtual user assistant/);
    const frankTries = await api<Problem>(
      "POST",
      "/v1/triggers/assistant",
      { config: { url: receiver.url, services: ["support@demo.cirrus.test"] } },
      frank,
    );
    assert.equal(frankTries.status, 400);
    assert.match(frankTries.body.detail ?? "", /no service .* that you may use/, "nothing leaks");

    const alice = await server.tokenFor("alice");
    await api("PUT", "/api/agent/presence", { status: "Available" }, alice);
    const call = await api<{ taskId: string }>("POST", "/api/ingress/calls", {
      to: "support@demo.cirrus.test",
      from: "+41790000043",
    });
    const lines = await api<Problem>("POST", `/api/ingress/tasks/${call.body.taskId}/transcript`, {
      segments: [{ speaker: "Customer", text: "hello" }],
    });
    assert.equal(lines.status, 409);
    const bad = await api<Problem>("POST", `/api/ingress/tasks/${call.body.taskId}/transcript`, {
      segments: [{ speaker: "Robot", text: "hello" }],
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.field ?? "", /^segments\/0\/speaker|segments\[0\]\.speaker$/);
    await api("POST", `/api/ingress/tasks/${call.body.taskId}/hangup`);
    await api("PUT", "/api/agent/presence", { status: "Offline" }, alice);
  });
});
