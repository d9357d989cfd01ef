/**
 * The workflow interpreter, one small workflow per activity: each exit is taken, and the
 * task's trigger events and the way it went (`mark` nodes record it in parameter `went`) are
 * checked. Time is virtual: `advance` fires due timers in order. Every task that ends must
 * follow the event grammar; an afterEach checks every harness a test made.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { followsGrammar } from "../../src/domain/eventGrammar.ts";
import type { DomainEvent } from "../../src/domain/events.ts";
import type { Modality } from "../../src/domain/model.ts";
import type { WorkflowDefinition, WorkflowNode } from "../../src/domain/workflow/definition.ts";
import { type Assignment, mark, WorkflowHarness, workflow } from "../support/workflow-harness.ts";

const support = "support@demo.cirrus.test";
const sales = "sales@demo.cirrus.test";
const helpdesk = "helpdesk@demo.cirrus.test";
const caller = "+41791112233";

const made: WorkflowHarness[] = [];

/** A harness whose support service runs each definition for the definition's modality. */
function setup(
  definitions: readonly WorkflowDefinition[],
  assignments: readonly Assignment[] = definitions.map((d) => ({
    serviceId: "service-support",
    modality: d.modality,
    workflowId: d.id,
  })),
): WorkflowHarness {
  const h = new WorkflowHarness(demoDirectory());
  h.install(definitions, assignments);
  made.push(h);
  return h;
}

afterEach(() => {
  for (const h of made.splice(0)) {
    for (const taskId of h.terminatedTaskIds()) {
      const types = h.taskEvents(taskId);
      assert.ok(followsGrammar(types), `task ${taskId}: ${types.join(" ")}`);
      assert.equal(types.filter((t) => t === "Terminated").length, 1, `task ${taskId}`);
      assert.equal(h.state.tasks.has(taskId), false, `task ${taskId} left the state`);
    }
  }
});

const start = (next: string): WorkflowNode => ({ activity: "Start", exits: { next } });
const accept = (next: string): WorkflowNode => ({ activity: "Accept", exits: { next } });
const bye: WorkflowNode = { activity: "Disconnect" };

/** Start → node `it` (with `exits` to marks named like the exits) → Disconnect. */
function around(
  id: string,
  node: Omit<WorkflowNode, "exits">,
  exits: readonly string[],
  modality: Modality = "Audio",
): WorkflowDefinition {
  const nodes: Record<string, WorkflowNode> = { start: start("it"), bye };
  const wired: Record<string, string> = {};
  for (const name of exits) {
    wired[name] = `went-${name}`;
    nodes[`went-${name}`] = mark(name, "bye");
  }
  nodes.it = { ...node, exits: wired };
  return workflow(id, nodes, modality);
}

const ofType = <T extends DomainEvent["type"]>(events: readonly DomainEvent[], type: T) =>
  events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);

function reasonOf(h: WorkflowHarness, taskId: string): string | undefined {
  return h.terminationOf(taskId)?.detail.reason;
}

describe("Accept", () => {
  it("raises System Accepted right after Workflow Started, and only there", () => {
    const h = setup([
      workflow("accept", {
        start: start("a1"),
        a1: accept("save"),
        save: mark("saved", "a2"),
        a2: accept("bye"),
        bye,
      }),
    ]);
    const taskId = h.call(support);
    assert.deepEqual(h.taskEvents(taskId), [
      "WorkflowStarted",
      "SystemAccepted",
      "ParameterUpdated",
      "Terminated",
    ]);
  });

  it("raises nothing when another trigger event came first", () => {
    const h = setup([
      workflow("late-accept", {
        start: start("save"),
        save: mark("x", "a"),
        a: accept("bye"),
        bye,
      }),
    ]);
    const taskId = h.call(support);
    assert.deepEqual(h.taskEvents(taskId), ["WorkflowStarted", "ParameterUpdated", "Terminated"]);
  });

  it("still accepts after a wait that raised no trigger event", () => {
    const h = setup([
      workflow("pause-accept", {
        start: start("ann"),
        ann: {
          activity: "Announcement",
          settings: { message: "Hi", durationSeconds: 3 },
          exits: { next: "a" },
        },
        a: accept("bye"),
        bye,
      }),
    ]);
    const taskId = h.call(support);
    h.advance(3_000);
    assert.deepEqual(h.taskEvents(taskId), ["WorkflowStarted", "SystemAccepted", "Terminated"]);
  });

  it("does not accept a transferred task again", () => {
    const h = setup(
      [
        workflow("first", {
          start: start("a"),
          a: accept("move"),
          move: {
            activity: "Transfer",
            settings: { target: { service: sales } },
            exits: { failure: "bye" },
          },
          bye,
        }),
        workflow("second", { start: start("a"), a: accept("m"), m: mark("sales", "bye"), bye }),
      ],
      [
        { serviceId: "service-support", modality: "Audio", workflowId: "first" },
        { serviceId: "service-sales", modality: "Audio", workflowId: "second" },
      ],
    );
    const taskId = h.call(support);
    assert.deepEqual(h.taskEvents(taskId), [
      "WorkflowStarted",
      "SystemAccepted",
      "ParameterUpdated",
      "Terminated",
    ]);
    assert.equal(h.went(taskId), "sales");
  });
});

describe("Announcement", () => {
  const announcement = (settings: Record<string, unknown>, modality: Modality = "Audio") =>
    around("announce", { activity: "Announcement", settings }, ["next"], modality);

  it("waits durationSeconds, then leaves by next", () => {
    const h = setup([announcement({ message: "Welcome", durationSeconds: 5 })]);
    const startedAt = h.now;
    const taskId = h.call(support);
    const wait = h.waitOf(taskId);
    assert.deepEqual(wait?.wait, { kind: "pause" });
    assert.equal(wait?.until, startedAt + 5_000);
    assert.equal(wait?.node, "it");
    h.advance(4_999);
    assert.deepEqual(h.taskEvents(taskId), ["WorkflowStarted"]);
    assert.ok(h.waitOf(taskId), "still speaking");
    h.advance(1);
    assert.equal(h.went(taskId), "next");
    assert.equal(reasonOf(h, taskId), "Disconnected");
    assert.deepEqual(
      ofType(h.eventsOf(taskId), "WaitEnded").map((e) => e.data.exit),
      ["next"],
    );
  });

  it("with 0 seconds goes on at once, without waiting", () => {
    const h = setup([announcement({ message: "Welcome", durationSeconds: 0 })]);
    const taskId = h.call(support);
    assert.equal(h.went(taskId), "next");
    assert.equal(ofType(h.log, "WorkflowWaiting").length, 0);
  });

  it("without a duration speaks an Audio message for its length, and a chat one not at all", () => {
    const message = "{{serviceDisplayName}} thanks you for calling"; // 45 characters rendered
    const h = setup([announcement({ message }), announcement({ message }, "InstantMessaging")]);
    const call = h.call(support);
    assert.equal(h.waitOf(call)?.until, h.now + 3_000);
    const chat = h.chat(support);
    assert.equal(h.went(chat), "next");
    h.advance(3_000);
    assert.equal(h.went(call), "next");
  });
});

describe("Collect Information", () => {
  const collectNode = (settings: Record<string, unknown>): WorkflowDefinition => {
    const doc = around("collect", { activity: "CollectInformation", settings }, [
      "success",
      "failure",
      "timeout",
    ]);
    doc.nodes.start = start("note");
    doc.nodes.note = {
      activity: "SaveToParameter",
      settings: { parameter: "note", value: 'say "hi"\nbye & {{callerTelNumber}}' },
      exits: { next: "it" },
    };
    return doc;
  };
  const jsonRequest = {
    method: "POST",
    url: "https://crm.example/customers/{{callerTelNumber}}?note={{note}}",
    headers: { "Content-Type": "application/json", "X-Note": "{{note}}" },
    body: '{"caller":"{{callerTelNumber}}","note":"{{note}}"}',
    timeoutSeconds: 8,
    mappings: [
      { parameter: "tier", path: "customer.tier" },
      { parameter: "accountId", path: "customer.id" },
      { parameter: "firstItem", path: "items[0].name" },
      { parameter: "absent", path: "customer.nothing" },
    ],
  };
  const note = `say "hi"\nbye & ${caller}`;

  function waitingRequest(h: WorkflowHarness, taskId: string) {
    const wait = h.waitOf(taskId);
    assert.equal(wait?.wait.kind, "request");
    if (wait?.wait.kind !== "request") throw new Error("no request");
    return { waitId: wait.waitId, request: wait.wait.request, until: wait.until };
  }

  it("waits with the rendered request: URL-encoded URL, headers, JSON-escaped body", () => {
    const h = setup([collectNode(jsonRequest)]);
    const taskId = h.call(support, caller);
    const { request, until } = waitingRequest(h, taskId);
    assert.deepEqual(request, {
      method: "POST",
      url: `https://crm.example/customers/${encodeURIComponent(caller)}?note=${encodeURIComponent(note)}`,
      headers: { "Content-Type": "application/json", "X-Note": `say "hi" bye & ${caller}` },
      body: `{"caller":"${caller}","note":"say \\"hi\\"\\nbye & ${caller}"}`,
      timeoutMs: 8_000,
    });
    assert.deepEqual(JSON.parse(request.body ?? ""), { caller, note });
    assert.equal(until, h.now + 8_000);
    const waiting = ofType(h.eventsOf(taskId), "WorkflowWaiting");
    assert.deepEqual(waiting.at(-1)?.data.wait, { kind: "request", request });
  });

  it("puts a body for a non-JSON content type in as it is, and defaults to GET", () => {
    const h = setup([
      collectNode({
        url: "https://crm.example/{{note}}",
        headers: { "content-type": "text/plain" },
        body: "note={{note}}",
      }),
    ]);
    const taskId = h.call(support, caller);
    const { request } = waitingRequest(h, taskId);
    assert.equal(request.method, "GET");
    assert.equal(request.body, `note=${note}`);
    assert.equal(request.timeoutMs, 10_000, "the default timeout");
  });

  it("leaves by success, raising Parameter Updated for each mapped value found", () => {
    const h = setup([collectNode(jsonRequest)]);
    const taskId = h.call(support, caller);
    const { waitId } = waitingRequest(h, taskId);
    const body = JSON.stringify({ customer: { tier: "gold", id: 42 }, items: [{ name: "A" }] });
    h.run({
      kind: "CompleteRequest",
      taskId,
      waitId,
      outcome: { kind: "response", status: 200, body },
    });
    const updates = ofType(h.eventsOf(taskId), "ParameterUpdated").map((e) => [
      e.data.updatedParameterName,
      e.data.updatedParameterValue,
    ]);
    assert.deepEqual(updates, [
      ["note", note],
      ["tier", "gold"],
      ["accountId", "42"],
      ["firstItem", "A"],
      ["went", "success"],
    ]);
    assert.equal(h.parameter(taskId, "absent"), undefined);
    assert.deepEqual(h.taskEvents(taskId), [
      "WorkflowStarted",
      "ParameterUpdated",
      "ParameterUpdated",
      "ParameterUpdated",
      "ParameterUpdated",
      "ParameterUpdated",
      "Terminated",
    ]);
  });

  it("takes an empty 2xx body as success with nothing mapped", () => {
    const h = setup([collectNode(jsonRequest)]);
    const taskId = h.call(support);
    const { waitId } = waitingRequest(h, taskId);
    const outcome = { kind: "response", status: 204, body: "" } as const;
    h.run({ kind: "CompleteRequest", taskId, waitId, outcome });
    assert.equal(h.went(taskId), "success");
    assert.equal(h.parameter(taskId, "tier"), undefined);
  });

  for (const [what, outcome] of [
    ["a non-2xx status", { kind: "response", status: 404, body: '{"customer":{"tier":"x"}}' }],
    ["a 3xx status", { kind: "response", status: 302, body: "{}" }],
    ["a body that is not JSON", { kind: "response", status: 200, body: "<html>oops</html>" }],
    ["a request that failed", { kind: "failure", reason: "ECONNREFUSED" }],
  ] as const) {
    it(`leaves by failure on ${what}, mapping nothing`, () => {
      const h = setup([collectNode(jsonRequest)]);
      const taskId = h.call(support);
      const { waitId } = waitingRequest(h, taskId);
      h.run({ kind: "CompleteRequest", taskId, waitId, outcome });
      assert.equal(h.went(taskId), "failure");
      assert.equal(h.parameter(taskId, "tier"), undefined);
    });
  }

  it("leaves by timeout when no answer comes in time, and ignores the late answer", () => {
    const h = setup([collectNode(jsonRequest)]);
    const taskId = h.call(support);
    const { waitId } = waitingRequest(h, taskId);
    h.advance(7_999);
    assert.ok(h.waitOf(taskId));
    h.advance(1);
    assert.equal(h.went(taskId), "timeout");
    const late = h.run({
      kind: "CompleteRequest",
      taskId,
      waitId,
      outcome: { kind: "response", status: 200, body: "{}" },
    });
    assert.deepEqual(late.events, []);
  });

  it("ignores an answer for another wait", () => {
    const h = setup([collectNode(jsonRequest)]);
    const taskId = h.call(support);
    const { waitId } = waitingRequest(h, taskId);
    const ok = { kind: "response", status: 200, body: "{}" } as const;
    const stale = h.run({ kind: "CompleteRequest", taskId, waitId: "id-stale", outcome: ok });
    assert.deepEqual(stale.events, []);
    assert.equal(h.waitOf(taskId)?.waitId, waitId);
    h.run({ kind: "CompleteRequest", taskId, waitId, outcome: ok });
    assert.equal(h.went(taskId), "success");
    const unknown = h.run({ kind: "CompleteRequest", taskId: "gone", waitId, outcome: ok });
    assert.deepEqual(unknown.events, []);
  });
});

describe("Save to Parameter", () => {
  it("renders its template from system fields and parameters, once per change", () => {
    const h = setup([
      workflow("save", {
        start: start("s1"),
        s1: {
          activity: "SaveToParameter",
          settings: {
            parameter: "greeting",
            value: "{{ serviceDisplayName }} for {{callerTelNumber}}",
          },
          exits: { next: "s2" },
        },
        s2: {
          activity: "SaveToParameter",
          settings: { parameter: "echo", value: "<{{greeting}}>" },
          exits: { next: "s3" },
        },
        s3: {
          activity: "SaveToParameter",
          settings: { parameter: "echo", value: "<{{greeting}}>" },
          exits: { next: "bye" },
        },
        bye,
      }),
    ]);
    const taskId = h.call(support, caller);
    assert.equal(h.parameter(taskId, "greeting"), `Customer Support for ${caller}`);
    assert.equal(h.parameter(taskId, "echo"), `<Customer Support for ${caller}>`);
    assert.deepEqual(h.taskEvents(taskId), [
      "WorkflowStarted",
      "ParameterUpdated",
      "ParameterUpdated",
      "Terminated",
    ]);
  });
});

describe("Check Parameter", () => {
  const cases: [operator: string, actual: string, value: string | undefined, exit: string][] = [
    ["equals", "abc", "abc", "match"],
    ["equals", "abc", "abd", "noMatch"],
    ["notEquals", "abc", "abd", "match"],
    ["notEquals", "abc", "abc", "noMatch"],
    ["contains", "xabcx", "abc", "match"],
    ["contains", "ab", "abc", "noMatch"],
    ["matches", "a1c", "^a\\dc$", "match"],
    ["matches", "abc", "^a\\dc$", "noMatch"],
    ["isEmpty", "", undefined, "match"],
    ["isEmpty", "x", undefined, "noMatch"],
    ["isNotEmpty", "x", undefined, "match"],
    ["isNotEmpty", "", undefined, "noMatch"],
  ];
  for (const [operator, actual, value, exit] of cases) {
    it(`${operator} ${JSON.stringify(value ?? "")} on ${JSON.stringify(actual)} leaves by ${exit}`, () => {
      const doc = around(
        "check",
        {
          activity: "CheckParameter",
          settings: { parameter: "p", operator, ...(value === undefined ? {} : { value }) },
        },
        ["match", "noMatch"],
      );
      doc.nodes.start = start("set");
      doc.nodes.set = {
        activity: "SaveToParameter",
        settings: { parameter: "p", value: actual },
        exits: { next: "it" },
      };
      const h = setup([doc]);
      const taskId = h.call(support);
      assert.equal(h.went(taskId), exit);
    });
  }

  it("reads system fields, and a parameter never set as empty", () => {
    const h = setup([
      around(
        "check-caller",
        {
          activity: "CheckParameter",
          settings: { parameter: "callerTelNumber", operator: "equals", value: caller },
        },
        ["match", "noMatch"],
      ),
    ]);
    assert.equal(h.went(h.call(support, caller)), "match");
    assert.equal(h.went(h.call(support, "+41790000000")), "noMatch");
    assert.equal(h.went(h.call(support, "anonymous")), "noMatch");
  });
});

describe("Get Available Users and Get Queue Position", () => {
  it("counts the members who are Available and not set not-ready by RONA", () => {
    const h = setup([
      workflow("count", {
        start: start("count"),
        count: {
          activity: "GetAvailableUsers",
          settings: { parameter: "agents" },
          exits: { next: "bye" },
        },
        bye,
      }),
    ]);
    // Grace lets a chat ring out (support's chats run the built-in workflow): not ready.
    h.available("user-grace");
    const chat = h.chat(support);
    h.advance(15_000);
    assert.equal(h.state.users.get("user-grace")?.notReady, true);
    assert.equal(h.state.tasks.get(chat)?.status, "queued", "the built-in queue keeps the chat");
    h.available("user-alice");
    h.busy("user-bob", helpdesk);
    h.run({ kind: "SetPresence", userId: "user-carol", status: "Busy" });
    h.available("user-dave");
    const taskId = h.call(support);
    assert.equal(h.parameter(taskId, "agents"), "2", "alice, and bob although on a call");
  });

  it("gives the place the task would take at the back of its service's queue", () => {
    const position = workflow(
      "position",
      {
        start: start("pos"),
        pos: {
          activity: "GetQueuePosition",
          settings: { parameter: "position" },
          exits: { next: "bye" },
        },
        bye,
      },
      "InstantMessaging",
    );
    const h = setup(
      [position],
      [
        { serviceId: "service-support", modality: "InstantMessaging", workflowId: "position" },
        { serviceId: "service-helpdesk", modality: "InstantMessaging", workflowId: "position" },
      ],
    );
    h.busy("user-alice", support);
    h.call(support);
    h.call(support);
    assert.equal(h.state.queues.get("service-support")?.length, 2);
    assert.equal(h.parameter(h.chat(support), "position"), "3");
    assert.equal(h.parameter(h.chat(helpdesk), "position"), "1");
  });
});

describe("Input Customer", () => {
  const input = (
    activity: "InputCustomer" | "InputCustomerAdvanced",
    settings: Record<string, unknown>,
    modality: Modality = "Audio",
  ) =>
    around(
      `input-${activity}`,
      { activity, settings },
      ["success", "invalid", "timeout"],
      modality,
    );
  const pin = {
    parameter: "pin",
    prompt: "Your PIN, then #",
    minLength: 4,
    maxLength: 6,
    pattern: "^[0-9]+$",
    retries: 1,
    timeoutSeconds: 20,
  };

  for (const activity of ["InputCustomer", "InputCustomerAdvanced"] as const) {
    it(`${activity}: digits with a trailing # leave by success and set the parameter`, () => {
      const h = setup([input(activity, pin)]);
      const taskId = h.call(support);
      assert.deepEqual(h.waitOf(taskId)?.wait, { kind: "input", attempt: 0 });
      assert.equal(h.waitOf(taskId)?.until, h.now + 20_000);
      h.run({ kind: "CustomerInput", taskId, digits: "1234#" });
      assert.equal(h.parameter(taskId, "pin"), "1234");
      assert.equal(h.went(taskId), "success");
      assert.deepEqual(
        ofType(h.eventsOf(taskId), "WaitEnded").map((e) => e.data.exit),
        ["success"],
      );
    });
  }

  it("waits again after invalid input while retries are left, then leaves by invalid", () => {
    const h = setup([input("InputCustomer", pin)]);
    const taskId = h.call(support);
    const first = h.waitOf(taskId);
    h.advance(5_000);
    h.run({ kind: "CustomerInput", taskId, digits: "12#" });
    const second = h.waitOf(taskId);
    assert.deepEqual(second?.wait, { kind: "input", attempt: 1 });
    assert.notEqual(second?.waitId, first?.waitId);
    assert.equal(second?.node, "it");
    assert.equal(second?.until, h.now + 20_000, "the retry gets the whole timeout again");
    h.run({ kind: "CustomerInput", taskId, digits: "12a4" });
    assert.equal(h.went(taskId), "invalid");
    assert.equal(h.parameter(taskId, "pin"), undefined);
  });

  it("times out from the latest retry, not the first prompt", () => {
    const h = setup([input("InputCustomer", pin)]);
    const taskId = h.call(support);
    h.advance(5_000);
    h.run({ kind: "CustomerInput", taskId, digits: "1234567" });
    const retry = h.waitOf(taskId);
    h.advance(19_999);
    assert.ok(h.waitOf(taskId), "the first prompt's timer is gone");
    const stale = h.run({ kind: "FireTimer", timer: { kind: "wait", taskId, waitId: "id-old" } });
    assert.deepEqual(stale.events, [], "a timer of another wait does nothing");
    assert.equal(h.waitOf(taskId)?.waitId, retry?.waitId);
    h.advance(1);
    assert.equal(h.went(taskId), "timeout");
  });

  it("leaves by invalid at once without retries, by timeout when nothing comes", () => {
    const h = setup([input("InputCustomer", { ...pin, retries: 0 })]);
    const wrong = h.call(support);
    h.run({ kind: "CustomerInput", taskId: wrong, digits: "#" });
    assert.equal(h.went(wrong), "invalid");
    const silent = h.call(support);
    h.advance(19_999);
    assert.equal(h.went(silent), undefined);
    h.advance(1);
    assert.equal(h.went(silent), "timeout");
  });

  it("takes a chat message, trimmed, as the input of an Instant Messaging task", () => {
    const h = setup([
      input(
        "InputCustomer",
        { parameter: "answer", maxLength: 10, timeoutSeconds: 60 },
        "InstantMessaging",
      ),
    ]);
    const taskId = h.chat(support);
    h.run({ kind: "CustomerInput", taskId, message: "  yes please \n" });
    assert.equal(h.parameter(taskId, "answer"), "yes please");
    assert.equal(h.went(taskId), "success");
    const long = h.chat(support);
    h.run({ kind: "CustomerInput", taskId: long, message: "this is far too long" });
    assert.equal(h.went(long), "invalid");
  });

  it("refuses digits when the task waits for no input; passes a chat message to the agent", () => {
    const pause = (modality: Modality) =>
      around(
        `pause-${modality}`,
        { activity: "Announcement", settings: { message: "Wait", durationSeconds: 60 } },
        ["next"],
        modality,
      );
    const h = setup([pause("Audio"), pause("InstantMessaging")]);
    const call = h.call(support);
    const before = h.log.length;
    for (const input of [{ digits: "1#" }, { message: "hello" }]) {
      assert.throws(
        () => h.run({ kind: "CustomerInput", taskId: call, ...input }),
        (e: unknown) => e instanceof DomainError && e.code === "conflict",
      );
    }
    assert.equal(h.log.length, before, "a refused command emits nothing");
    const chat = h.chat(support);
    assert.throws(
      () => h.run({ kind: "CustomerInput", taskId: chat, digits: "1" }),
      (e: unknown) => e instanceof DomainError && e.code === "conflict" && e.field === "digits",
    );
    const { events } = h.run({ kind: "CustomerInput", taskId: chat, message: "anyone there?" });
    assert.deepEqual(
      events.map((e) => [e.type, e.data]),
      [["CustomerMessage", { text: "anyone there?" }]],
    );
    assert.ok(h.waitOf(chat), "the chat still waits at its announcement");
    assert.throws(
      () => h.run({ kind: "CustomerInput", taskId: "gone", digits: "1" }),
      (e: unknown) => e instanceof DomainError && e.code === "not_found",
    );
  });
});

describe("Queue", () => {
  const queue = (
    settings: Record<string, unknown>,
    { connected = true, id = "queue", modality = "Audio" as Modality } = {},
  ): WorkflowDefinition => {
    const doc = workflow(
      id,
      {
        start: start("a"),
        a: accept("q"),
        q: {
          activity: "Queue",
          settings,
          exits: {
            ...(connected ? { connected: "after" } : {}),
            timeout: "went-timeout",
            noUsers: "went-noUsers",
          },
        },
        after: {
          activity: "Announcement",
          settings: { message: "Thank you", durationSeconds: 10 },
          exits: { next: "went-connected" },
        },
        "went-connected": mark("connected", "bye"),
        "went-timeout": mark("timeout", "bye"),
        "went-noUsers": mark("noUsers", "bye"),
        bye,
      },
      modality,
    );
    if (!connected) delete doc.nodes.after;
    if (!connected) delete doc.nodes["went-connected"];
    return doc;
  };
  const settings = { maxQueueSeconds: 30, ronaSeconds: 10 };

  it("connects; when the user ends it, goes on by connected and frees the user", () => {
    const h = setup([queue(settings)]);
    h.available("user-alice");
    const taskId = h.call(support);
    h.run({ kind: "AcceptOffer", userId: "user-alice", offerId: h.offerOf("user-alice") });
    const waiting = h.call(support);
    assert.equal(h.state.tasks.get(waiting)?.status, "queued");
    const { events } = h.run({ kind: "EndTask", userId: "user-alice", taskId });
    assert.deepEqual(
      ofType(events, "ConversationEnded").map((e) => e.data),
      [{ userId: "user-alice" }],
    );
    assert.equal(h.state.tasks.get(taskId)?.status, "workflow");
    assert.equal(h.state.tasks.get(taskId)?.userId, null);
    assert.deepEqual(h.state.users.get("user-alice")?.tasks, []);
    assert.equal(
      h.state.offers.get(h.offerOf("user-alice"))?.taskId,
      waiting,
      "she takes the next",
    );
    h.advance(10_000);
    assert.equal(h.went(taskId), "connected");
    assert.deepEqual(h.taskEvents(taskId), [
      "WorkflowStarted",
      "SystemAccepted",
      "InQueue",
      "ConnectedToUser",
      "ParameterUpdated",
      "Terminated",
    ]);
    assert.equal(reasonOf(h, taskId), "Disconnected");
  });

  it("ends the task when the caller hangs up, connected exit or not", () => {
    const h = setup([queue(settings)]);
    const talking = h.busy("user-alice", support);
    const queued = h.call(support);
    h.run({ kind: "Hangup", taskId: talking });
    assert.equal(reasonOf(h, talking), "CallerLeft");
    assert.equal(h.went(talking), undefined);
    assert.equal(h.state.offers.get(h.offerOf("user-alice"))?.taskId, queued, "alice is free");
    h.run({ kind: "Hangup", taskId: queued });
    assert.deepEqual(h.taskEvents(queued).slice(-2), ["QueueLeft", "Terminated"]);
    assert.equal(h.state.users.get("user-alice")?.offerId, null);
  });

  it("terminates when the user ends it and connected is not wired", () => {
    const h = setup([queue(settings, { connected: false })]);
    const taskId = h.busy("user-alice", support);
    const { events } = h.run({ kind: "EndTask", userId: "user-alice", taskId });
    assert.equal(ofType(events, "ConversationEnded").length, 0);
    assert.equal(reasonOf(h, taskId), "UserLeft");
    assert.deepEqual(h.state.users.get("user-alice")?.tasks, []);
  });

  it("leaves by timeout after maxQueueSeconds and goes on in the workflow", () => {
    const h = setup([queue(settings)]);
    h.busy("user-alice", support);
    const taskId = h.call(support);
    assert.equal(h.state.tasks.get(taskId)?.queueDeadline, h.now + 30_000);
    h.advance(29_999);
    assert.equal(h.state.tasks.get(taskId)?.status, "queued");
    h.advance(1);
    assert.deepEqual(h.taskEvents(taskId), [
      "WorkflowStarted",
      "SystemAccepted",
      "InQueue",
      "QueueLeft",
      "ParameterUpdated",
      "Terminated",
    ]);
    const left = h.triggers(taskId).find((e) => e.type === "QueueLeft");
    assert.deepEqual(left?.detail, { reason: "MaxQueueTime" });
    assert.equal(h.went(taskId), "timeout");
  });

  it("leaves by noUsers at once when no member is available", () => {
    const h = setup([queue(settings)]);
    h.available("user-dave"); // a sales member does not count
    const taskId = h.call(support);
    assert.deepEqual(h.taskEvents(taskId), [
      "WorkflowStarted",
      "SystemAccepted",
      "InQueue",
      "QueueLeft",
      "ParameterUpdated",
      "Terminated",
    ]);
    const left = h.triggers(taskId).find((e) => e.type === "QueueLeft");
    assert.deepEqual(left?.detail, { reason: "NoUsers" });
    assert.equal(h.went(taskId), "noUsers");
  });

  it("leaves by noUsers while waiting when the last available member goes away", () => {
    const h = setup([queue(settings)]);
    const talking = h.busy("user-alice", support);
    const taskId = h.call(support);
    assert.equal(h.state.tasks.get(taskId)?.status, "queued");
    h.run({ kind: "SetPresence", userId: "user-alice", status: "DoNotDisturb" });
    assert.equal(h.went(taskId), "noUsers");
    assert.equal(h.state.tasks.get(talking)?.status, "connected", "her own task goes on");
  });

  it("leaves by noUsers when the only available member lets the offer ring out", () => {
    const h = setup([queue(settings)]);
    h.available("user-alice");
    const taskId = h.call(support);
    h.advance(10_000);
    assert.equal(h.state.users.get("user-alice")?.notReady, true);
    assert.equal(h.went(taskId), "noUsers");
  });

  it("leaves by noUsers where wired when RONA sets the last member not ready; others wait", () => {
    // Bob serves support and helpdesk. A support call rings for him and a helpdesk call waits;
    // when the support offer rings out, nobody is available for either. Support's queue wires
    // noUsers; helpdesk runs the built-in workflow, whose queue waits.
    const h = setup([queue(settings)]);
    h.available("user-bob");
    const supportCall = h.call(support);
    assert.ok(h.state.users.get("user-bob")?.offerId);
    const helpdeskCall = h.call(helpdesk);
    assert.equal(h.state.tasks.get(helpdeskCall)?.status, "queued");
    h.advance(10_000);
    assert.equal(h.went(supportCall), "noUsers");
    const left = h.triggers(supportCall).find((e) => e.type === "QueueLeft");
    assert.deepEqual(left?.detail, { reason: "NoUsers" });
    assert.equal(h.state.tasks.get(helpdeskCall)?.status, "queued", "the built-in queue waits");
    h.available("user-bob");
    assert.equal(h.state.offers.get(h.offerOf("user-bob"))?.taskId, helpdeskCall);
  });

  it("offers higher priority first, and first come first served within a priority", () => {
    const h = setup([
      queue({ ...settings, maxQueueSeconds: 600, priority: "Low" }, { id: "low" }),
      queue(
        { ...settings, maxQueueSeconds: 600, priority: "High" },
        { id: "high", modality: "InstantMessaging" },
      ),
    ]);
    h.busy("user-bob", helpdesk); // available, so the support queue is served, but busy
    const audio1 = h.call(support);
    const audio2 = h.call(support);
    const chat = h.chat(support);
    assert.deepEqual(h.state.queues.get("service-support"), [chat, audio1, audio2]);
    assert.equal(h.triggers(chat).find((e) => e.type === "InQueue")?.detail.priority, 3);
    h.available("user-alice");
    assert.equal(h.state.offers.get(h.offerOf("user-alice"))?.taskId, chat);
    h.available("user-carol");
    assert.equal(h.state.offers.get(h.offerOf("user-carol"))?.taskId, audio1);
  });

  it("rings for ronaSeconds of the queue's settings", () => {
    const h = setup([queue({ maxQueueSeconds: 60, ronaSeconds: 7 })]);
    h.available("user-alice");
    h.now += 1;
    h.available("user-bob");
    const taskId = h.call(support);
    const offerId = h.offerOf("user-alice");
    assert.equal(h.state.offers.get(offerId)?.expiresAt, h.now + 7_000);
    h.advance(6_999);
    assert.equal(h.state.users.get("user-alice")?.offerId, offerId);
    h.advance(1);
    assert.equal(h.state.users.get("user-alice")?.notReady, true);
    assert.equal(h.state.offers.get(h.offerOf("user-bob"))?.taskId, taskId);
  });

  it("takes maxQueueSeconds and ronaSeconds from the service when the queue gives none", () => {
    const h = setup(
      [queue({}, { id: "plain" })],
      [{ serviceId: "service-helpdesk", modality: "Audio", workflowId: "plain" }],
    );
    h.available("user-carol");
    const taskId = h.call(helpdesk);
    const queued = h.triggers(taskId).find((e) => e.type === "InQueue");
    assert.equal(queued?.type, "InQueue");
    if (queued?.type !== "InQueue") return;
    assert.deepEqual(queued.detail, {
      deadline: h.now + 120_000,
      node: "q",
      ronaMs: 20_000,
      priority: 2,
      preferredUntil: null,
    });
  });

  it("ends a task whose noUsers exit loops straight back to the queue", () => {
    const h = setup([
      workflow("bounce", {
        start: start("q"),
        q: {
          activity: "Queue",
          settings: { maxQueueSeconds: 60 },
          exits: { timeout: "bye", noUsers: "q" },
        },
        bye,
      }),
    ]);
    const taskId = h.call(support);
    assert.equal(reasonOf(h, taskId), "WorkflowError");
  });
});

describe("Wait for Parameter", () => {
  const waitFor = (settings: Record<string, unknown>) =>
    around("wait", { activity: "WaitForParameter", settings }, ["changed", "timeout"]);

  it("goes on by changed when an Update task sets the parameter", () => {
    const h = setup([waitFor({ parameter: "approved", timeoutSeconds: 60 })]);
    const taskId = h.call(support);
    assert.deepEqual(h.waitOf(taskId)?.wait, { kind: "parameter" });
    h.run({ kind: "UpdateTask", taskId, parameters: [{ name: "other", value: "1" }] });
    assert.ok(h.waitOf(taskId), "another parameter does not end the wait");
    h.run({ kind: "UpdateTask", taskId, parameters: [{ name: "approved", value: "no" }] });
    assert.equal(h.went(taskId), "changed");
    assert.equal(h.parameter(taskId, "approved"), "no");
    assert.deepEqual(h.taskEvents(taskId), [
      "WorkflowStarted",
      "ParameterUpdated",
      "ParameterUpdated",
      "ParameterUpdated",
      "Terminated",
    ]);
  });

  it("with equals, waits until the parameter takes that value", () => {
    const h = setup([waitFor({ parameter: "approved", equals: "yes", timeoutSeconds: 60 })]);
    const taskId = h.call(support);
    h.run({ kind: "UpdateTask", taskId, parameters: [{ name: "approved", value: "no" }] });
    assert.ok(h.waitOf(taskId));
    h.run({ kind: "SetParameter", taskId, name: "approved", value: "yes" });
    assert.equal(h.went(taskId), "changed");
  });

  it("with equals already true on arrival, goes on at once without waiting", () => {
    const doc = waitFor({ parameter: "approved", equals: "yes", timeoutSeconds: 60 });
    doc.nodes.start = start("set");
    doc.nodes.set = {
      activity: "SaveToParameter",
      settings: { parameter: "approved", value: "yes" },
      exits: { next: "it" },
    };
    const h = setup([doc]);
    const taskId = h.call(support);
    assert.equal(h.went(taskId), "changed");
    assert.equal(ofType(h.log, "WorkflowWaiting").length, 0);
  });

  it("leaves by timeout when nobody sets it", () => {
    const h = setup([waitFor({ parameter: "approved", equals: "yes", timeoutSeconds: 60 })]);
    const taskId = h.call(support);
    h.run({ kind: "UpdateTask", taskId, parameters: [{ name: "approved", value: "no" }] });
    h.advance(59_999);
    assert.ok(h.waitOf(taskId));
    h.advance(1);
    assert.equal(h.went(taskId), "timeout");
  });

  it("goes on when an Update task sets the customer field it waits for", () => {
    const h = setup([waitFor({ parameter: "customer.firstName", timeoutSeconds: 60 })]);
    const taskId = h.call(support);
    assert.ok(h.waitOf(taskId));
    h.run({ kind: "UpdateTask", taskId, customer: { firstName: "Ann" } });
    assert.equal(h.went(taskId), "changed", "the customer's first name was set from outside");
  });
});

describe("Opening Hours", () => {
  const hours = around(
    "hours",
    {
      activity: "OpeningHours",
      settings: {
        timeZone: "Europe/Zurich",
        weekly: [{ days: ["Mon", "Tue", "Wed", "Thu", "Fri"], from: "08:00", to: "18:00" }],
        holidays: ["2026-12-25"],
      },
    },
    ["open", "closed", "holiday"],
  );

  for (const [when, iso, exit] of [
    ["a Monday at 10:00 Zurich", "2026-01-05T09:00:00Z", "open"],
    ["a Monday at 08:00 Zurich", "2026-01-05T07:00:00Z", "open"],
    ["a Monday at 18:00 Zurich", "2026-01-05T17:00:00Z", "closed"],
    ["a Saturday at 10:00 Zurich", "2026-01-10T09:00:00Z", "closed"],
    ["Christmas, a Friday, at 10:00 Zurich", "2026-12-25T09:00:00Z", "holiday"],
    ["a summer Monday at 08:30 Zurich (UTC+2)", "2026-07-06T06:30:00Z", "open"],
    ["Christmas at 00:30 Zurich, still Christmas Eve in UTC", "2026-12-24T23:30:00Z", "holiday"],
  ] as const) {
    it(`leaves by ${exit} on ${when}`, () => {
      const h = setup([hours]);
      h.now = Date.parse(iso);
      assert.equal(h.went(h.call(support)), exit);
    });
  }

  it("decides by the time the task reaches it, after a wait", () => {
    const doc = structuredClone(hours);
    doc.nodes.start = start("ann");
    doc.nodes.ann = {
      activity: "Announcement",
      settings: { message: "Hello", durationSeconds: 60 },
      exits: { next: "it" },
    };
    const h = setup([doc]);
    h.now = Date.parse("2026-01-05T16:59:30Z");
    const taskId = h.call(support);
    h.advance(60_000);
    assert.equal(h.went(taskId), "closed");
  });
});

describe("Transfer", () => {
  const transferTo = (target: Record<string, string>, modality: Modality = "Audio") =>
    workflow(
      `transfer-${modality}`,
      {
        start: start("a"),
        a: accept("keep"),
        keep: {
          activity: "SaveToParameter",
          settings: { parameter: "kept", value: "1" },
          exits: { next: "move" },
        },
        move: { activity: "Transfer", settings: { target }, exits: { failure: "went-failure" } },
        "went-failure": mark("failure", "bye"),
        bye,
      },
      modality,
    );
  const salesFlow = workflow("sales-flow", {
    start: start("a"),
    a: accept("where"),
    where: {
      activity: "SaveToParameter",
      settings: { parameter: "where", value: "{{serviceName}}" },
      exits: { next: "bye" },
    },
    bye,
  });
  const withSales = (source: WorkflowDefinition) =>
    setup(
      [source, salesFlow],
      [
        { serviceId: "service-support", modality: source.modality, workflowId: source.id },
        { serviceId: "service-sales", modality: "Audio", workflowId: "sales-flow" },
      ],
    );

  for (const name of [
    sales,
    "SALES@demo.cirrus.test",
    "service-sales",
    "sales",
    "+41 44 500 20 00",
  ]) {
    it(`moves the task to another service named ${name}, which runs its own workflow`, () => {
      const h = withSales(transferTo({ service: name }));
      const taskId = h.call(support);
      assert.deepEqual(h.taskEvents(taskId), [
        "WorkflowStarted",
        "SystemAccepted",
        "ParameterUpdated",
        "ParameterUpdated",
        "Terminated",
      ]);
      const [started, accepted, , where, terminated] = h.triggers(taskId);
      assert.equal(started?.data.serviceId, "service-support");
      assert.equal(accepted?.data.serviceUPN, support);
      for (const later of [where, terminated]) {
        assert.equal(later?.data.serviceId, "service-sales");
        assert.equal(later?.data.serviceUPN, sales);
        assert.equal(later?.data.serviceName, "sales");
        assert.equal(later?.data.serviceDisplayName, "Sales");
        assert.equal(later?.data.serviceTelNumber, "+41445002000");
      }
      assert.equal(h.parameter(taskId, "where"), "sales");
      assert.equal(h.parameter(taskId, "kept"), "1", "parameters go along");
      assert.equal(h.went(taskId), undefined);
      assert.equal(ofType(h.eventsOf(taskId), "TaskTransferred").length, 1);
    });
  }

  it("runs the built-in workflow of a service without an assignment", () => {
    const h = setup([transferTo({ service: helpdesk })]);
    h.available("user-carol");
    const taskId = h.call(support);
    assert.equal(h.state.tasks.get(taskId)?.serviceId, "service-helpdesk");
    assert.equal(h.state.tasks.get(taskId)?.workflow, null);
    const queued = h.triggers(taskId).at(-1);
    assert.equal(queued?.type, "InQueue");
    if (queued?.type === "InQueue") assert.equal(queued.detail.ronaMs, 20_000);
    assert.equal(h.state.offers.get(h.offerOf("user-carol"))?.taskId, taskId);
    assert.equal(h.taskEvents(taskId).filter((t) => t === "SystemAccepted").length, 1);
  });

  for (const [what, target] of [
    ["an unknown service", { service: "nobody@demo.cirrus.test" }],
    ["its own service", { service: support }],
    ["an unknown user", { user: "nobody@demo.cirrus.test" }],
  ] as const) {
    it(`leaves by failure for ${what}`, () => {
      const h = withSales(transferTo(target));
      const taskId = h.call(support);
      assert.equal(h.went(taskId), "failure");
      assert.equal(h.terminationOf(taskId)?.data.serviceId, "service-support");
      assert.equal(ofType(h.log, "TaskTransferred").length, 0);
    });
  }

  it("leaves by failure for a service that does not take the task's modality", () => {
    const h = setup([transferTo({ service: sales }, "Email")]);
    const { reply } = h.run({
      kind: "ReceiveInbound",
      modality: "Email",
      to: support,
      from: "someone@example.com",
      subject: "Help",
      body: "Please",
    });
    const taskId = "taskId" in reply ? reply.taskId : "";
    assert.equal(h.went(taskId), "failure");
  });

  it("stops a task passed back and forth after ten transfers", () => {
    const ping = (id: string, to: string, end: WorkflowNode) =>
      workflow(id, {
        start: start("move"),
        move: {
          activity: "Transfer",
          settings: { target: { service: to } },
          exits: { failure: "end" },
        },
        end,
      });
    const h = setup(
      [ping("ping", sales, bye), ping("pong", support, { activity: "Voicemail" })],
      [
        { serviceId: "service-support", modality: "Audio", workflowId: "ping" },
        { serviceId: "service-sales", modality: "Audio", workflowId: "pong" },
      ],
    );
    const taskId = h.call(support);
    assert.equal(ofType(h.eventsOf(taskId), "TaskTransferred").length, 10);
    assert.equal(reasonOf(h, taskId), "Disconnected", "back at support after ten");
    assert.deepEqual(h.taskEvents(taskId), ["WorkflowStarted", "Terminated"]);
  });

  it("ends the task as transferred to a number or to a user", () => {
    const h = setup([transferTo({ number: "+41790000001" })]);
    const toNumber = h.call(support);
    assert.equal(reasonOf(h, toNumber), "Transferred");
    assert.equal(h.terminationOf(toNumber)?.data.destinationTelNumber, "+41790000001");
    for (const user of ["bob@demo.cirrus.test", "Bob@Demo.Cirrus.Test", "user-bob"]) {
      h.install(
        [transferTo({ user })],
        [{ serviceId: "service-support", modality: "Audio", workflowId: "transfer-Audio" }],
      );
      const toUser = h.call(support);
      assert.equal(reasonOf(h, toUser), "Transferred", user);
      assert.equal(h.terminationOf(toUser)?.data.destinationUPN, "bob@demo.cirrus.test");
    }
  });
});

describe("Voicemail, Disconnect and loops", () => {
  it("ends the task by Voicemail or Disconnect", () => {
    for (const [activity, reason] of [
      ["Voicemail", "Voicemail"],
      ["Disconnect", "Disconnected"],
    ] as const) {
      const h = setup([
        workflow(activity, {
          start: start("a"),
          a: accept("end"),
          end: activity === "Voicemail" ? { activity, settings: { maxSeconds: 60 } } : { activity },
        }),
      ]);
      const taskId = h.call(support);
      assert.deepEqual(h.taskEvents(taskId), ["WorkflowStarted", "SystemAccepted", "Terminated"]);
      assert.equal(reasonOf(h, taskId), reason);
    }
  });

  it("ends a task whose loop of 0-second announcements never waits", () => {
    const h = setup([
      workflow("spin", {
        start: start("ann"),
        ann: {
          activity: "Announcement",
          settings: { message: "Still there?", durationSeconds: 0 },
          exits: { next: "count" },
        },
        count: {
          activity: "SaveToParameter",
          settings: { parameter: "seen", value: "yes" },
          exits: { next: "check" },
        },
        check: {
          activity: "CheckParameter",
          settings: { parameter: "callerTelNumber", operator: "equals", value: "never" },
          exits: { match: "bye", noMatch: "ann" },
        },
        bye,
      }),
    ]);
    const taskId = h.call(support);
    assert.equal(reasonOf(h, taskId), "WorkflowError");
    assert.deepEqual(h.taskEvents(taskId), ["WorkflowStarted", "ParameterUpdated", "Terminated"]);
    assert.equal(h.state.tasks.size, 0);
  });
});

describe("Workflow versions", () => {
  const version = (n: number, seconds: number) =>
    workflow(
      "versioned",
      {
        start: start("ann"),
        ann: {
          activity: "Announcement",
          settings: { message: "Hello", durationSeconds: seconds },
          exits: { next: "m" },
        },
        m: mark(`v${n}`, "bye"),
        bye,
      },
      "Audio",
      n,
    );
  const assigned: Assignment[] = [
    { serviceId: "service-support", modality: "Audio", workflowId: "versioned" },
  ];

  it("keeps a running task on the version it started with; new tasks run the newest", () => {
    const h = setup([version(1, 10)], assigned);
    const old = h.call(support);
    assert.equal(h.state.tasks.get(old)?.workflow, "versioned@1");
    h.install([version(1, 10), version(2, 5)], assigned);
    const fresh = h.call(support);
    assert.equal(h.state.tasks.get(fresh)?.workflow, "versioned@2");
    h.advance(10_000);
    assert.equal(h.went(old), "v1");
    assert.equal(h.went(fresh), "v2");
  });

  it("ends a task whose version left the catalogue when it resumes", () => {
    const h = setup([version(1, 10)], assigned);
    const taskId = h.call(support);
    h.install([version(2, 5)], assigned);
    h.advance(10_000);
    assert.equal(reasonOf(h, taskId), "WorkflowError");
  });

  it("runs the built-in workflow for a modality without an assignment", () => {
    const h = setup([version(1, 10)], assigned);
    h.available("user-alice");
    const chat = h.chat(support);
    assert.equal(h.state.tasks.get(chat)?.workflow, null);
    assert.deepEqual(h.taskEvents(chat), ["WorkflowStarted", "SystemAccepted", "InQueue"]);
    assert.equal(h.state.offers.get(h.offerOf("user-alice"))?.taskId, chat);
  });
});
