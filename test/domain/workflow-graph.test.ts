/** The workflow validator on the graph: start, exits, reachability, loops and parameters. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateWorkflow } from "../../src/domain/workflow/validate.ts";
import { baseWorkflow, error, warning, withNodes } from "../support/workflow-docs.ts";

const problemsOf = (doc: unknown) => validateWorkflow(doc).problems;
const save = (parameter: string, value: string, next = "queue") => ({
  activity: "SaveToParameter",
  settings: { parameter, value },
  exits: { next },
});
const announce = (message: string, next = "queue") => ({
  activity: "Announcement",
  settings: { message },
  exits: { next },
});

describe("workflow graph and parameters", () => {
  it("reports a start node that does not exist", () => {
    assert.deepEqual(problemsOf({ ...baseWorkflow(), start: "begin" }), [
      error(null, "start", 'names node "begin", which does not exist'),
    ]);
  });

  it("reports a start node that is not a Start activity", () => {
    assert.deepEqual(problemsOf({ ...baseWorkflow(), start: "accept" }), [
      error(null, "start", 'names node "accept" (Accept), which is not a Start activity'),
      error("start", "", "is not reachable from the start node"),
    ]);
  });

  it("wants exactly one Start activity", () => {
    const two = baseWorkflow();
    two.nodes.again = { activity: "Start", exits: { next: "accept" } };
    assert.deepEqual(problemsOf(two), [
      error("again", "activity", "is one of 2 Start activities; a workflow has exactly one"),
      error("again", "", "is not reachable from the start node"),
    ]);
    const none = { ...baseWorkflow(), start: "accept" };
    delete none.nodes.start;
    assert.deepEqual(problemsOf(none), [
      error(null, "start", 'names node "accept" (Accept), which is not a Start activity'),
      error(null, "nodes", "has no Start activity"),
    ]);
  });

  it("reports a missing required exit, but not a missing optional one", () => {
    const doc = baseWorkflow();
    doc.nodes.queue = { activity: "Queue", exits: { noUsers: "bye" } };
    assert.deepEqual(problemsOf(doc), [
      error("queue", "exits.timeout", "is required: Queue leaves by timeout"),
    ]);
    doc.nodes.queue = { activity: "Queue", exits: { timeout: "bye" } };
    assert.deepEqual(problemsOf(doc), [], "noUsers is optional: the queue waits");
  });

  it("reports an exit the activity does not have", () => {
    const doc = baseWorkflow();
    doc.nodes.queue = {
      activity: "Queue",
      exits: { timeout: "bye", noUsers: "bye", connectd: "bye" },
    };
    doc.nodes.bye = { activity: "Disconnect", exits: { next: "queue" } };
    assert.deepEqual(problemsOf(doc), [
      error(
        "queue",
        "exits.connectd",
        "is not an exit of Queue: its exits are timeout, noUsers, connected",
      ),
      error("bye", "exits.next", "is not an exit of Disconnect: it has no exits"),
    ]);
  });

  it("reports a dangling exit", () => {
    const doc = baseWorkflow();
    doc.nodes.queue = { activity: "Queue", exits: { timeout: "byebye", noUsers: "bye" } };
    assert.deepEqual(problemsOf(doc), [
      error("queue", "exits.timeout", 'goes to node "byebye", which does not exist'),
    ]);
  });

  it("reports an unreachable node", () => {
    const doc = baseWorkflow();
    doc.nodes.island = { activity: "Disconnect" };
    assert.deepEqual(problemsOf(doc), [
      error("island", "", "is not reachable from the start node"),
    ]);
  });

  it("reports a loop of SaveToParameter and CheckParameter once, naming its nodes", () => {
    const doc = withNodes({
      count: save("n", "x"),
      check: {
        activity: "CheckParameter",
        settings: { parameter: "n", operator: "equals", value: "xxx" },
        exits: { match: "queue", noMatch: "count" },
      },
    });
    doc.nodes.count = save("n", "{{n}}x", "check");
    assert.deepEqual(problemsOf(doc), [
      error("count", "exits", "is in a loop with no waiting activity: count → check → count"),
      warning(
        "count",
        "settings.value",
        "{{n}} may be read before it is set: some path from the start does not set it",
      ),
    ]);
    const self = withNodes({ spin: save("n", "x", "spin") });
    assert.deepEqual(problemsOf(self), [
      error("queue", "", "is not reachable from the start node"),
      error("bye", "", "is not reachable from the start node"),
      error("spin", "exits", "is in a loop with no waiting activity: spin → spin"),
    ]);
  });

  it("accepts a loop that goes through a waiting activity", () => {
    const doc = withNodes({
      count: save("n", "x", "hold"),
      hold: announce("Please hold", "count"),
    });
    doc.nodes.count = {
      activity: "SaveToParameter",
      settings: { parameter: "n", value: "x" },
      exits: { next: "check" },
    };
    doc.nodes.check = {
      activity: "CheckParameter",
      settings: { parameter: "n", operator: "isNotEmpty" },
      exits: { match: "queue", noMatch: "hold" },
    };
    assert.deepEqual(problemsOf(doc), []);
  });

  it("reports a placeholder or read parameter that nothing sets", () => {
    const doc = withNodes({
      hello: announce("Hi {{nickname}}, you called {{serviceDisplayName}}", "check"),
      check: {
        activity: "CheckParameter",
        settings: { parameter: "vip", operator: "isEmpty" },
        exits: { match: "queue", noMatch: "queue" },
      },
    });
    assert.deepEqual(problemsOf(doc), [
      error(
        "hello",
        "settings.message",
        "{{nickname}} is neither a system field nor a parameter any activity sets",
      ),
      error(
        "check",
        "settings.parameter",
        'parameter "vip" is neither a system field nor a parameter any activity sets',
      ),
    ]);
  });

  it("warns when a parameter may be read before it is set, and still returns the workflow", () => {
    const doc = withNodes({
      ask: {
        activity: "InputCustomer",
        settings: { parameter: "pin" },
        exits: { success: "lookup", invalid: "hello", timeout: "hello" },
      },
      lookup: {
        activity: "CollectInformation",
        settings: {
          url: "https://crm.example/{{pin}}",
          mappings: [{ parameter: "name", path: "name" }],
        },
        exits: { success: "hello", failure: "hello", timeout: "queue" },
      },
      hello: announce("Hello {{name}}, your PIN is {{pin}}"),
    });
    const result = validateWorkflow(doc);
    assert.deepEqual(result.problems, [
      warning(
        "hello",
        "settings.message",
        "{{name}} may be read before it is set: some path from the start does not set it",
      ),
      warning(
        "hello",
        "settings.message",
        "{{pin}} may be read before it is set: some path from the start does not set it",
      ),
    ]);
    assert.equal(result.workflow, doc);
  });
  it("takes what Wait for Parameter waits for as set from outside, once it changed", () => {
    const check = (next: string) => ({
      activity: "CheckParameter",
      settings: { parameter: "approval", operator: "equals", value: "yes" },
      exits: { match: next, noMatch: next },
    });
    const doc = withNodes({
      wait: {
        activity: "WaitForParameter",
        settings: { parameter: "approval", timeoutSeconds: 60 },
        exits: { changed: "approved", timeout: "late" },
      },
      approved: check("queue"),
      late: check("queue"),
    });
    assert.deepEqual(problemsOf(doc), [
      warning(
        "late",
        "settings.parameter",
        'parameter "approval" may be read before it is set: some path from the start does not set it',
      ),
    ]);
  });
});
