/**
 * Limits that keep one workflow (or one customer) from hurting the engine: values that
 * double at each step stop growing, queues bounced by noUsers stop being re-entered, chat
 * messages per task are capped, and patterns that backtrack exponentially are refused. Also
 * what the workflow says is recorded for the gateway.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { maxMessagesPerTask } from "../../src/domain/decide.ts";
import { DomainError } from "../../src/domain/errors.ts";
import type { WorkflowDefinition, WorkflowNode } from "../../src/domain/workflow/definition.ts";
import { maxRenderedLength } from "../../src/domain/workflow/templates.ts";
import { validateWorkflow } from "../../src/domain/workflow/validate.ts";
import { baseWorkflow, withNodes } from "../support/workflow-docs.ts";
import { WorkflowHarness, workflow } from "../support/workflow-harness.ts";

const support = "support@demo.cirrus.test";
const start = (next: string): WorkflowNode => ({ activity: "Start", exits: { next } });
const bye: WorkflowNode = { activity: "Disconnect" };

function harness(definition: WorkflowDefinition): WorkflowHarness {
  const h = new WorkflowHarness(demoDirectory());
  h.install(
    [definition],
    [{ serviceId: "service-support", modality: definition.modality, workflowId: definition.id }],
  );
  return h;
}

describe("workflow limits", () => {
  it("caps a value that doubles at every step instead of growing without end", () => {
    const nodes: Record<string, WorkflowNode> = {
      start: start("seed"),
      seed: {
        activity: "SaveToParameter",
        settings: { parameter: "p", value: "x".repeat(1_000) },
        exits: { next: "d0" },
      },
    };
    for (let i = 0; i < 30; i++) {
      nodes[`d${i}`] = {
        activity: "SaveToParameter",
        settings: { parameter: "p", value: "{{p}}{{p}}" },
        exits: { next: i === 29 ? "hold" : `d${i + 1}` },
      };
    }
    nodes.hold = {
      activity: "WaitForParameter",
      settings: { parameter: "never", timeoutSeconds: 60 },
      exits: { changed: "bye", timeout: "bye" },
    };
    nodes.bye = bye;
    const h = harness(workflow("doubling", nodes));
    const taskId = h.call(support);
    assert.equal(h.parameter(taskId, "p")?.length, maxRenderedLength);
    assert.equal(h.waitOf(taskId)?.node, "hold", "the walk went on to the wait");
  });

  it("ends a task bounced between queues nobody serves after a few entries", () => {
    const h = harness(
      workflow("bounce", {
        start: start("q"),
        q: { activity: "Queue", exits: { timeout: "bye", noUsers: "q" } },
        bye,
      }),
    );
    const taskId = h.call(support);
    assert.equal(h.terminationOf(taskId)?.detail.reason, "WorkflowError");
    const entries = h.taskEvents(taskId).filter((type) => type === "InQueue").length;
    assert.equal(entries, 10);
  });

  it("records what the workflow says for the gateway: announcements and prompts", () => {
    const h = harness(
      workflow("talk", {
        start: start("hello"),
        hello: {
          activity: "Announcement",
          settings: { message: "Welcome to {{serviceDisplayName}}.", durationSeconds: 0 },
          exits: { next: "ask" },
        },
        ask: {
          activity: "InputCustomer",
          settings: { parameter: "n", prompt: "Your number?", pattern: "^[0-9]+$", retries: 1 },
          exits: { success: "bye", invalid: "bye", timeout: "bye" },
        },
        bye,
      }),
    );
    const taskId = h.call(support);
    h.run({ kind: "CustomerInput", taskId, digits: "*" });
    const said = h.eventsOf(taskId).flatMap((e) => (e.type === "WorkflowSaid" ? [e.data] : []));
    assert.deepEqual(said, [
      { node: "hello", text: "Welcome to Customer Support." },
      { node: "ask", text: "Your number?" },
      { node: "ask", text: "Your number?" },
    ]);
  });

  it("keeps at most so many chat messages of one task for its agent", () => {
    const h = harness(
      workflow(
        "chat",
        {
          start: start("hold"),
          hold: {
            activity: "WaitForParameter",
            settings: { parameter: "never", timeoutSeconds: 600 },
            exits: { changed: "bye", timeout: "bye" },
          },
          bye,
        },
        "InstantMessaging",
      ),
    );
    const taskId = h.chat(support);
    for (let i = 0; i < maxMessagesPerTask; i++) {
      h.run({ kind: "CustomerInput", taskId, message: `m${i}` });
    }
    assert.throws(
      () => h.run({ kind: "CustomerInput", taskId, message: "one more" }),
      (e: unknown) => e instanceof DomainError && e.code === "conflict" && e.field === "message",
    );
  });

  it("reads a numeric queue priority of a workflow stored before priorities had names", () => {
    const h = new WorkflowHarness(demoDirectory());
    const old = workflow("old", {
      start: start("q"),
      q: {
        activity: "Queue",
        settings: { priority: 9 },
        exits: { timeout: "bye", noUsers: "bye" },
      },
      bye,
    } as unknown as Record<string, WorkflowNode>);
    h.install([old], [{ serviceId: "service-support", modality: "Audio", workflowId: "old" }], {
      validate: false,
    });
    h.available("user-alice");
    const taskId = h.call(support);
    const queued = h.triggers(taskId).find((e) => e.type === "InQueue");
    assert.equal(queued?.type === "InQueue" ? queued.detail.priority : undefined, 4, "Urgent");
  });

  it("refuses patterns that can backtrack exponentially, and header names HTTP does not allow", () => {
    const doc = withNodes({
      check: {
        activity: "CheckParameter",
        settings: { parameter: "callerTelNumber", operator: "matches", value: "^(a+)+$" },
        exits: { match: "lookup", noMatch: "lookup" },
      },
      lookup: {
        activity: "CollectInformation",
        settings: {
          url: "https://crm.example.com/x",
          headers: { "Bad Header": "1", Accept: "*/*" },
        },
        exits: { success: "queue", failure: "queue", timeout: "queue" },
      },
    });
    const problems = validateWorkflow(doc).problems.map((p) => [p.node, p.field]);
    assert.deepEqual(problems, [
      ["check", "settings.value"],
      ["lookup", "settings.headers.Bad Header"],
    ]);
    assert.deepEqual(validateWorkflow(baseWorkflow()).problems, []);
  });
});
