/**
 * The demo tenant's workflows end to end against a real server process: the support line's
 * Collect Information asks the server's own demo CRM, the sales line waits for a flow to
 * answer through Update task (and goes on when nobody does), and the support chat takes a
 * topic, reaches the agent and ends with a survey after the agent leaves.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { followsGrammar } from "../../src/domain/eventGrammar.ts";
import type { TaskEventType } from "../../src/domain/events.ts";
import { ApiClient } from "../support/api-client.ts";
import { type ServerProcess, startServer } from "../support/server-process.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

interface EventView {
  type: string;
  data: Record<string, unknown> & { updatedParameterName?: string };
}
interface TaskView {
  status: string;
  workflow?: { id: string | null; node: string | null; waitingFor: string | null };
}

const admin = "cirrus_demo_workflows_admin_token";

/** Polls `probe` until it returns something, or fails after `ms`. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("demo workflows through the HTTP API", () => {
  let dir: string;
  let server: ServerProcess;
  let api: ApiClient;
  let receiver: Receiver;
  const tokens = new Map<string, string>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cirrus-demo-"));
    server = await startServer(["--demo"], {
      CIRRUS_DATA: join(dir, "data"),
      CIRRUS_BOOTSTRAP_TOKEN: admin,
      CIRRUS_ALLOW_PRIVATE_WEBHOOKS: "true",
    });
    api = new ApiClient(server.url, 8);
    receiver = await startReceiver();
    for (const name of ["alice", "dave", "erin"]) {
      const created = await api.request<{ token: string }>("POST", "/api/admin/tokens", admin, {
        upn: `${name}@demo.cirrus.test`,
      });
      assert.equal(created.status, 201);
      tokens.set(name, created.body.token);
    }
  });
  after(async () => {
    await api.close();
    await receiver.close();
    await server.kill("SIGTERM");
    await rm(dir, { recursive: true, force: true });
  });

  const token = (name: string) => tokens.get(name) ?? "";
  const task = (taskId: string) => api.request<TaskView>("GET", `/api/tasks/${taskId}`, admin);
  const events = async (taskId: string, include = "trigger") =>
    (
      await api.request<{ events: EventView[] }>(
        "GET",
        `/api/events?taskId=${taskId}&include=${include}&limit=1000`,
        admin,
      )
    ).body.events;
  const types = async (taskId: string) =>
    (await events(taskId)).map((e) => e.type) as TaskEventType[];
  const parameters = async (taskId: string) =>
    (await events(taskId))
      .filter((e) => e.type === "ParameterUpdated")
      .map((e) => [e.data.updatedParameterName, e.data.updatedParameterValue]);
  const atNode = (taskId: string, node: string) =>
    eventually(`task ${taskId} at ${node}`, async () => {
      const view = await task(taskId);
      return view.body.workflow?.node === node ? view.body : undefined;
    });
  const available = (name: string) =>
    api.request("PUT", "/api/agent/presence", token(name), { status: "Available" });
  /** Waits for the user's offer and accepts it; resolves with the task id. */
  async function accept(name: string): Promise<string> {
    const offer = await eventually(`an offer for ${name}`, async () => {
      const offers = await api.request<{ offers: { id: string; taskId: string }[] }>(
        "GET",
        "/api/agent/offers?waitMs=1000",
        token(name),
      );
      return offers.body.offers[0];
    });
    const accepted = await api.request("POST", `/api/agent/offers/${offer.id}/accept`, token(name));
    assert.equal(accepted.status, 200);
    return offer.taskId;
  }
  const input = (taskId: string, body: Record<string, string>) =>
    api.request("POST", `/api/ingress/tasks/${taskId}/input`, admin, body);

  it("knows the caller from the address book, looks the number up in the server's own CRM and connects a gold customer", async () => {
    await available("alice");
    const call = await api.request<{ taskId: string }>("POST", "/api/ingress/calls", admin, {
      to: "support@demo.cirrus.test",
      from: "+41791234567",
    });
    const { taskId } = call.body;
    const early = await input(taskId, { digits: "1" });
    assert.equal(early.status, 409, "the greeting plays before the number is asked");
    await atNode(taskId, "askNumber");
    assert.equal((await input(taskId, { digits: "12347#" })).status, 202);
    assert.equal(await accept("alice"), taskId);
    await api.request("POST", `/api/ingress/tasks/${taskId}/hangup`, admin);
    // The caller's number is in the demo address book: the customer is known at once.
    assert.deepEqual(await parameters(taskId), [
      ["customer", "Chiara Rossi"],
      ["customerNumber", "12347"],
      ["customerTier", "gold"],
      ["customerName", "Chiara Rossi"],
    ]);
    const seen = await types(taskId);
    assert.deepEqual(seen, [
      "WorkflowStarted",
      "SystemAccepted",
      "ParameterUpdated",
      "ParameterUpdated",
      "ParameterUpdated",
      "ParameterUpdated",
      "InQueue",
      "ConnectedToUser",
      "Terminated",
    ]);
    assert.ok(followsGrammar(seen));
  });

  it("resumes the sales line's Wait for Parameter on a flow's Update task, and times out without one", async () => {
    await available("dave");
    await available("erin");
    const subscribed = await api.request("POST", "/v1/triggers/tasks", admin, {
      config: {
        url: receiver.url,
        services: ["sales@demo.cirrus.test"],
        taskEvents: ["ParameterUpdated"],
      },
    });
    assert.equal(subscribed.status, 201);
    const call = (from: string) =>
      api.request<{ taskId: string }>("POST", "/api/ingress/calls", admin, {
        to: "sales@demo.cirrus.test",
        from,
      });
    const unanswered = (await call("+41790000001")).body.taskId;
    const answered = (await call("+41790000002")).body.taskId;
    // The flow: told that the lead is new, it qualifies the second caller only.
    await receiver.until((received) =>
      received.some((r) => r.json.taskId === answered && r.json.updatedParameterValue === "new"),
    );
    const update = await api.request("PUT", `/v1/tasks/${answered}`, admin, {
      customContextParameters: [{ name: "leadStatus", value: "qualified" }],
    });
    assert.equal(update.status, 200);
    const queued = await atNode(answered, "priorityQueue");
    assert.ok(["queued", "connected"].includes(queued.status));
    assert.equal((await task(unanswered)).body.workflow?.node, "awaitQualification");

    // Nobody answers for the first caller: after ten seconds it queues at normal priority.
    const waited = await atNode(unanswered, "queue");
    assert.ok(["queued", "connected"].includes(waited.status));
    assert.deepEqual(await parameters(unanswered), [["leadStatus", "new"]]);
    const ended = (await events(unanswered, "all")).filter((e) => e.type === "WaitEnded");
    assert.deepEqual(
      ended.map((e) => e.data.exit),
      ["timeout"],
    );
    for (const taskId of [answered, unanswered]) {
      await api.request("POST", `/api/ingress/tasks/${taskId}/hangup`, admin);
      assert.ok(followsGrammar(await types(taskId)));
    }
  });

  it("takes a chat's topic, passes the customer's messages to the agent and ends with a survey", async () => {
    const chat = await api.request<{ taskId: string }>("POST", "/api/ingress/chats", admin, {
      to: "support@demo.cirrus.test",
      from: "jane@example.com",
      message: "Hello",
    });
    const { taskId } = chat.body;
    await atNode(taskId, "askTopic");
    const prompts = await api.request<{ prompts: { node: string; text: string }[] }>(
      "GET",
      `/api/ingress/tasks/${taskId}/prompts`,
      admin,
    );
    assert.deepEqual(
      prompts.body.prompts.map((p) => p.text),
      ["Hi, thanks for contacting Customer Support.", "What can we help you with?"],
    );
    assert.equal((await input(taskId, { message: "billing" })).status, 202);
    assert.equal(await accept("alice"), taskId);
    assert.equal((await input(taskId, { message: "Are you there?" })).status, 202);
    const messages = await api.request<{ messages: { text: string }[] }>(
      "GET",
      `/api/agent/tasks/${taskId}/messages`,
      token("alice"),
    );
    assert.deepEqual(
      messages.body.messages.map((m) => m.text),
      ["Are you there?"],
    );
    const ended = await api.request<{ status: string }>(
      "POST",
      `/api/agent/tasks/${taskId}/end`,
      token("alice"),
    );
    assert.equal(ended.body.status, "inWorkflow", "the survey follows the conversation");
    await atNode(taskId, "survey");
    assert.equal((await input(taskId, { message: "5" })).status, 202);
    await eventually("the chat to end", async () =>
      (await task(taskId)).body.status === "terminated" ? true : undefined,
    );
    assert.deepEqual(await parameters(taskId), [
      ["topic", "billing"],
      ["availableUsers", "1"],
      ["rating", "5"],
      ["surveyAnswered", "yes"],
    ]);
    const seen = await types(taskId);
    assert.equal(seen.filter((t) => t === "WorkflowStarted").length, 1);
    assert.ok(followsGrammar(seen), seen.join(" "));
  });
});
