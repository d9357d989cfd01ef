/** Workflows through the admin API: validated, versioned, assigned per service and modality. */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, it } from "node:test";
import { describeEachStore } from "../support/databases.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";

const example = async (name: string) =>
  JSON.parse(
    await readFile(new URL(`../../examples/workflows/${name}.json`, import.meta.url), "utf8"),
  );

interface Problem {
  status: number;
  field?: string;
  problems?: { severity: string; node: string | null; field: string }[];
}

describeEachStore("workflows API", (kind) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(kind);
  });
  after(async () => {
    await server.close();
  });
  const api = <T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown) =>
    server.api.request<T>(method, `/api/admin${path}`, server.adminToken, body);

  it("creates, versions, assigns and deletes a workflow", async () => {
    const document = await example("support-audio");
    const created = await api<{ id: string; version: number }>("POST", "/workflows", {
      document,
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.version, 1);
    assert.equal(created.headers.location, `/api/admin/workflows/${document.id}`);
    const again = await api<Problem>("POST", "/workflows", { document });
    assert.equal(again.status, 409);

    const updated = await api<{ version: number }>("PUT", `/workflows/${document.id}`, {
      document: { ...document, name: "Support, revised" },
    });
    assert.equal(updated.body.version, 2);
    const read = await api<{ versions: number[]; document: { name: string; version: number } }>(
      "GET",
      `/workflows/${document.id}`,
    );
    assert.deepEqual(read.body.versions, [1, 2]);
    assert.equal(read.body.document.name, "Support, revised");
    assert.equal(read.body.document.version, 2);
    const first = await api<{ document: { name: string } }>(
      "GET",
      `/workflows/${document.id}?version=1`,
    );
    assert.equal(first.body.document.name, document.name);

    const assigned = await api<{ version: number }>(
      "PUT",
      "/services/service-support/workflows/Audio",
      {
        workflowId: document.id,
      },
    );
    assert.equal(assigned.status, 200);
    assert.equal(assigned.body.version, 2);
    const services = await api<{ services: { id: string; workflows: Record<string, string> }[] }>(
      "GET",
      "/services",
    );
    assert.deepEqual(services.body.services.find((s) => s.id === "service-support")?.workflows, {
      Audio: document.id,
    });
    const busy = await api<Problem>("DELETE", `/workflows/${document.id}`);
    assert.equal(busy.status, 409);
    const modalityChange = await api<Problem>("PUT", `/workflows/${document.id}`, {
      document: { ...document, modality: "InstantMessaging" },
    });
    assert.equal(modalityChange.status, 409);

    assert.equal((await api("DELETE", "/services/service-support/workflows/Audio")).status, 204);
    assert.equal((await api("DELETE", `/workflows/${document.id}`)).status, 204);
    assert.equal((await api("GET", `/workflows/${document.id}`)).status, 404);
  });

  it("refuses an invalid workflow with every problem named", async () => {
    const document = await example("support-audio");
    const broken = structuredClone(document);
    broken.nodes.queue.settings.maxQueueSeconds = 1;
    broken.nodes.queue.exits.timeout = "nowhere";
    const refused = await api<Problem>("POST", "/workflows", { document: broken });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.field, "document.nodes.queue.settings.maxQueueSeconds");
    const atQueue = (refused.body.problems ?? [])
      .filter((p) => p.severity === "error" && p.node === "queue")
      .map((p) => p.field);
    assert.deepEqual(atQueue, ["settings.maxQueueSeconds", "exits.timeout"]);
    assert.equal((await api("GET", `/workflows/${document.id}`)).status, 404, "nothing stored");
  });

  it("assigns only a workflow of a modality the service takes", async () => {
    const chat = await example("support-chat");
    await api("POST", "/workflows", { document: chat });
    const wrongModality = await api<Problem>("PUT", "/services/service-support/workflows/Audio", {
      workflowId: chat.id,
    });
    assert.equal(wrongModality.status, 422);
    assert.equal(wrongModality.body.field, "workflowId");
    const notTaken = await api<Problem>("PUT", "/services/service-helpdesk/workflows/Email", {
      workflowId: chat.id,
    });
    assert.equal(notTaken.status, 422);
    assert.equal(notTaken.body.field, "modality");
    const unknown = await api<Problem>(
      "PUT",
      "/services/service-support/workflows/InstantMessaging",
      {
        workflowId: "ghost",
      },
    );
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.field, "workflowId");
    const bob = await server.tokenFor("bob");
    const forbidden = await server.api.request("GET", "/api/admin/workflows", bob);
    assert.equal(forbidden.status, 403);
  });

  /** Start → Accept → SaveToParameter(release = value) → Wait for Parameter `go` → Disconnect. */
  const waiting = (value: string) => ({
    id: "wait-for-go",
    name: "Waits for a flow",
    modality: "Audio",
    version: 1,
    start: "start",
    nodes: {
      start: { activity: "Start", exits: { next: "accept" } },
      accept: { activity: "Accept", exits: { next: "mark" } },
      mark: {
        activity: "SaveToParameter",
        settings: { parameter: "release", value },
        exits: { next: "wait" },
      },
      wait: {
        activity: "WaitForParameter",
        settings: { parameter: "go", timeoutSeconds: 600 },
        exits: { changed: "bye", timeout: "bye" },
      },
      bye: { activity: "Disconnect" },
    },
  });

  it("runs the newest assigned version for new tasks and keeps a workflow that tasks run", async () => {
    const call = async () =>
      (
        await server.api.request<{ taskId: string }>(
          "POST",
          "/api/ingress/calls",
          server.adminToken,
          { to: "sales@demo.cirrus.test", from: "+41790000042" },
        )
      ).body.taskId;
    const released = async (taskId: string) => {
      const view = await server.api.request<{ task: { taskInformation: unknown } }>(
        "GET",
        `/api/tasks/${taskId}`,
        server.adminToken,
      );
      return view.body.task.taskInformation;
    };
    assert.equal((await api("POST", "/workflows", { document: waiting("v1") })).status, 201);
    const assigned = await api("PUT", "/services/service-sales/workflows/Audio", {
      workflowId: "wait-for-go",
    });
    assert.equal(assigned.status, 200);
    const first = await call();
    assert.equal(
      (await api("PUT", "/workflows/wait-for-go", { document: waiting("v2") })).status,
      200,
    );
    const second = await call();
    assert.deepEqual(await released(first), {
      customContextParameters: [{ name: "release", value: "v1" }],
      preferredUsers: [],
    });
    assert.deepEqual(await released(second), {
      customContextParameters: [{ name: "release", value: "v2" }],
      preferredUsers: [],
    });

    const unassigned = await api("DELETE", "/services/service-sales/workflows/Audio");
    assert.equal(unassigned.status, 204);
    const refused = await api<Problem>("DELETE", "/workflows/wait-for-go");
    assert.equal(refused.status, 409, "two live tasks still run it");
    for (const taskId of [first, second]) {
      const go = await server.api.request("PUT", `/v1/tasks/${taskId}`, server.adminToken, {
        customContextParameters: [{ name: "go", value: "now" }],
      });
      assert.equal(go.status, 200);
      const view = await server.api.request<{ status: string }>(
        "GET",
        `/api/tasks/${taskId}`,
        server.adminToken,
      );
      assert.equal(view.body.status, "terminated", "Update task answered the wait");
    }
    assert.equal((await api("DELETE", "/workflows/wait-for-go")).status, 204);
  });

  it("takes customer input as digits or a message, never both or neither", async () => {
    const input = (body: unknown) =>
      server.api.request<Problem>(
        "POST",
        "/api/ingress/tasks/no-such-task/input",
        server.adminToken,
        body,
      );
    const both = await input({ digits: "1", message: "hi" });
    assert.equal(both.status, 400);
    assert.equal(both.body.field, "message");
    const neither = await input({});
    assert.equal(neither.status, 400);
    assert.equal(neither.body.field, "digits");
    const letters = await input({ digits: "12a" });
    assert.equal(letters.status, 400);
    assert.equal(letters.body.field, "digits");
    const unknown = await input({ digits: "12#" });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.field, "taskId");
  });
});
