/**
 * Distribution, one rule at a time, on small directories (test/support/routing-directory.ts):
 * each policy's pick, capacity per modality, queue priority, preferred users and their
 * window, RONA, declines, after-call work, responsibility, the queue's exits and the agent
 * states. Times are virtual and checked to the millisecond. An afterEach checks the state's
 * invariants and the event grammar of every task that ended.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { DomainError } from "../../src/domain/errors.ts";
import { followsGrammar } from "../../src/domain/eventGrammar.ts";
import type { DomainEvent } from "../../src/domain/events.ts";
import type { DistributionPriority, Modality } from "../../src/domain/model.ts";
import type { AgentState } from "../../src/domain/state.ts";
import { pendingTimers } from "../../src/domain/timers.ts";
import type { WorkflowDefinition, WorkflowNode } from "../../src/domain/workflow/definition.ts";
import { checkInvariants } from "../support/invariants.ts";
import {
  routingDirectory,
  type ServiceSpec,
  type UserSpec,
  upnOf,
} from "../support/routing-directory.ts";
import { type Assignment, mark, WorkflowHarness, workflow } from "../support/workflow-harness.ts";

const S = upnOf("s");
const made: WorkflowHarness[] = [];

function setup(
  services: readonly ServiceSpec[],
  users: number | Readonly<Record<string, UserSpec>> = 5,
  definitions: readonly WorkflowDefinition[] = [],
  assignments: readonly Assignment[] = [],
): WorkflowHarness {
  const h = new WorkflowHarness(routingDirectory(services, users));
  if (definitions.length > 0) h.install(definitions, assignments);
  made.push(h);
  return h;
}

afterEach(() => {
  for (const h of made.splice(0)) {
    checkInvariants(h.state);
    for (const taskId of h.terminatedTaskIds()) {
      const types = h.taskEvents(taskId);
      assert.ok(followsGrammar(types), `task ${taskId}: ${types.join(" ")}`);
    }
  }
});

/** The users an offer of the task rings for, in the order the offers were made. */
const ringing = (h: WorkflowHarness, taskId: string) =>
  (h.state.tasks.get(taskId)?.offers ?? []).map((id) => h.state.offers.get(id)?.userId);

const accept = (h: WorkflowHarness, userId: string) =>
  h.run({ kind: "AcceptOffer", userId, offerId: h.offerOf(userId) });
const decline = (h: WorkflowHarness, userId: string) =>
  h.run({ kind: "DeclineOffer", userId, offerId: h.offerOf(userId) });
const end = (h: WorkflowHarness, userId: string, taskId: string) =>
  h.run({ kind: "EndTask", userId, taskId });
const away = (h: WorkflowHarness, userId: string) =>
  h.run({ kind: "SetPresence", userId, status: "Away" });
const user = (h: WorkflowHarness, userId: string) => h.state.users.get(userId);

const ofType = <T extends DomainEvent["type"]>(events: readonly DomainEvent[], type: T) =>
  events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);

/** The offer ringing for the user, whole. */
function offerFor(h: WorkflowHarness, userId: string) {
  const offer = h.state.offers.get(h.offerOf(userId));
  assert.ok(offer, `${userId} has an offer`);
  return offer;
}

/** Makes the users available one after the other, 10 ms apart: the first is idle longest. */
function availableInOrder(h: WorkflowHarness, userIds: readonly string[]): void {
  for (const userId of userIds) {
    h.available(userId);
    h.now += 10;
  }
}

describe("policies", () => {
  it("LongestIdle offers the member idle longest, ties to the earlier member", () => {
    const h = setup([
      { name: "s", members: ["u1", "u2", "u3"], routing: { policy: "LongestIdle" } },
    ]);
    availableInOrder(h, ["u2", "u3", "u1"]);
    const a = h.call(S);
    const b = h.call(S);
    const c = h.call(S);
    assert.deepEqual([ringing(h, a), ringing(h, b), ringing(h, c)], [["u2"], ["u3"], ["u1"]]);
    for (const userId of ["u1", "u2", "u3"]) accept(h, userId);
    h.now += 1000;
    end(h, "u3", b);
    h.now += 1000;
    end(h, "u1", c);
    h.now += 1000;
    end(h, "u2", a);
    assert.deepEqual(ringing(h, h.call(S)), ["u3"], "idle since its call ended first");

    const tie = setup([{ name: "s", members: ["u1", "u2", "u3"] }]);
    tie.available("u3");
    tie.available("u2");
    assert.deepEqual(ringing(tie, tie.call(S)), ["u2"], "same idleSince: member order");
  });

  it("RoundRobin offers the next free member after the one offered last, wrapping round", () => {
    const members = ["u1", "u2", "u3", "u4"];
    const h = setup([{ name: "s", members, routing: { policy: "RoundRobin" } }]);
    availableInOrder(h, ["u4", "u3", "u2", "u1"]);
    const a = h.call(S);
    assert.deepEqual(ringing(h, a), ["u1"], "nobody offered yet: the first member");
    accept(h, "u1");
    const b = h.call(S);
    assert.deepEqual(ringing(h, b), ["u2"]);
    accept(h, "u2");
    away(h, "u3");
    const c = h.call(S);
    assert.deepEqual(ringing(h, c), ["u4"], "u3 is away: skipped");
    accept(h, "u4");
    end(h, "u1", a);
    const d = h.call(S);
    assert.deepEqual(ringing(h, d), ["u1"], "after the last member, round to the first");
    accept(h, "u1");
    end(h, "u2", b);
    end(h, "u4", c);
    assert.deepEqual(ringing(h, h.call(S)), ["u2"], "after u1 comes u2, though u4 idles longer");
  });

  it("Serial always offers the first free member in member order", () => {
    const h = setup([{ name: "s", members: ["u1", "u2", "u3"], routing: { policy: "Serial" } }]);
    availableInOrder(h, ["u3", "u2", "u1"]);
    const a = h.call(S);
    assert.deepEqual(ringing(h, a), ["u1"]);
    accept(h, "u1");
    const b = h.call(S);
    assert.deepEqual(ringing(h, b), ["u2"]);
    accept(h, "u2");
    end(h, "u1", a);
    const c = h.call(S);
    assert.deepEqual(ringing(h, c), ["u1"], "u1 again, not u3");
    decline(h, "u1");
    assert.deepEqual(ringing(h, c), ["u3"], "u2 is busy");
  });

  it("Broadcast rings every free member; the first to accept takes it, the rest are withdrawn", () => {
    const h = setup([
      { name: "s", members: ["u1", "u2", "u3"], routing: { policy: "Broadcast" } },
      { name: "o", members: ["u4"] },
    ]);
    availableInOrder(h, ["u3", "u1", "u2", "u4"]);
    const { events } = h.run({ kind: "ReceiveInbound", modality: "Audio", to: S, from: "+41" });
    const created = ofType(events, "OfferCreated");
    assert.deepEqual(
      created.map((e) => [e.data.userId, e.data.broadcast]),
      [
        ["u1", true],
        ["u2", true],
        ["u3", true],
      ],
    );
    const taskId = created[0]?.taskId as string;
    const accepted = accept(h, "u2").events;
    assert.deepEqual(
      accepted.map((e) => e.type),
      ["OfferWithdrawn", "OfferWithdrawn", "ConnectedToUser"],
    );
    assert.deepEqual(
      ofType(accepted, "OfferWithdrawn").map((e) => e.data.userId),
      ["u1", "u3"],
    );
    assert.equal(h.state.tasks.get(taskId)?.userId, "u2");
    for (const userId of ["u1", "u3"]) {
      assert.equal(user(h, userId)?.offerId, null);
      assert.equal(user(h, userId)?.state, "Idle");
    }
  });

  it("Broadcast: an offer left to ring is no RONA; the task rings again", () => {
    const h = setup([
      { name: "s", members: ["u1", "u2"], routing: { policy: "Broadcast", ronaSeconds: 10 } },
    ]);
    availableInOrder(h, ["u1", "u2"]);
    const taskId = h.call(S);
    const expiresAt = offerFor(h, "u1").expiresAt;
    assert.equal(expiresAt, h.now + 10_000);
    h.runUntil(expiresAt);
    const expired = ofType(h.log, "OfferExpired");
    assert.deepEqual(
      expired.map((e) => [e.data.userId, e.at]),
      [
        ["u1", expiresAt],
        ["u2", expiresAt],
      ],
    );
    for (const userId of ["u1", "u2"]) {
      assert.equal(user(h, userId)?.notReady, false);
      assert.equal(user(h, userId)?.state, "Offered");
      assert.equal(offerFor(h, userId).createdAt, expiresAt);
    }
    assert.deepEqual(h.state.tasks.get(taskId)?.declinedBy, []);
    assert.deepEqual(ringing(h, taskId), ["u1", "u2"]);
  });
});

describe("capacity", () => {
  it("takes three chats at once by default; a fourth waits until one ends", () => {
    const h = setup([{ name: "s", members: ["u1"] }]);
    h.available("u1");
    const chats: string[] = [];
    for (let i = 0; i < 3; i++) {
      chats.push(h.chat(S));
      accept(h, "u1");
    }
    const fourth = h.chat(S);
    assert.equal(user(h, "u1")?.tasks.length, 3);
    assert.equal(h.state.tasks.get(fourth)?.status, "queued");
    assert.deepEqual(ringing(h, fourth), []);
    end(h, "u1", chats[0] as string);
    assert.deepEqual(ringing(h, fourth), ["u1"]);
  });

  it("LongestIdle gives a chat to the member holding fewer tasks before the one idle longer", () => {
    const h = setup([{ name: "s", members: ["u1", "u2"] }]);
    availableInOrder(h, ["u1", "u2"]);
    h.chat(S);
    accept(h, "u1");
    const second = h.chat(S);
    assert.deepEqual(ringing(h, second), ["u2"], "u1 holds a chat; u2 holds none");
    accept(h, "u2");
    const third = h.chat(S);
    assert.deepEqual(ringing(h, third), ["u1"], "both hold one: u1 has been idle longer");
  });

  it("offers a call only to a user holding nothing, and nothing to a user on a call", () => {
    const h = setup([{ name: "s", members: ["u1"] }]);
    h.available("u1");
    const chat = h.chat(S);
    accept(h, "u1");
    const call = h.call(S);
    assert.deepEqual(ringing(h, call), [], "u1 holds a chat");
    end(h, "u1", chat);
    assert.deepEqual(ringing(h, call), ["u1"]);
    accept(h, "u1");
    const next = h.chat(S);
    assert.deepEqual(ringing(h, next), [], "u1 is on a call");
    end(h, "u1", call);
    assert.deepEqual(ringing(h, next), ["u1"]);
  });

  it("counts each modality on its own: three chats leave room for an external task", () => {
    const h = setup([{ name: "s", members: ["u1"] }]);
    h.available("u1");
    for (let i = 0; i < 3; i++) {
      h.chat(S);
      accept(h, "u1");
    }
    assert.deepEqual(ringing(h, h.inbound("ExternalTask", S)), ["u1"]);
  });

  it("follows the user's own capacity where the directory sets one", () => {
    const users = { u1: { capacity: { InstantMessaging: 1 } }, u2: { capacity: { Audio: 0 } } };
    const h = setup([{ name: "s", members: ["u1", "u2"] }], users);
    h.available("u1");
    h.chat(S);
    accept(h, "u1");
    const second = h.chat(S);
    assert.deepEqual(ringing(h, second), [], "u1 takes one chat at a time");

    const g = setup([{ name: "s", members: ["u1", "u2"] }], users);
    g.available("u2");
    const call = g.call(S);
    assert.equal(g.state.tasks.get(call)?.status, "queued", "u2 is available: no noUsers");
    assert.deepEqual(ringing(g, call), [], "u2 takes no calls");
    assert.deepEqual(ringing(g, g.chat(S)), ["u2"], "the chat behind it goes to u2");
  });

  it("offers a chat waiting behind an accepted one to its user at once (room left)", () => {
    const h = setup([{ name: "s", members: ["u1"] }]);
    h.available("u1");
    h.chat(S);
    const second = h.chat(S);
    assert.deepEqual(ringing(h, second), [], "u1's offer of the first still rings");
    accept(h, "u1");
    // u1 now holds one chat of three, Available, nothing ringing: the waiting chat is theirs.
    assert.deepEqual(ringing(h, second), ["u1"]);
  });
});

/** Start → Urgent/High/Low by the caller's words, Normal otherwise → Queue → Disconnect. */
function priorityWorkflow(): WorkflowDefinition {
  const check = (word: string, match: string, noMatch: string): WorkflowNode => ({
    activity: "CheckParameter",
    settings: { parameter: "customerIdentifier", operator: "contains", value: word },
    exits: { match, noMatch },
  });
  const queue = (priority: DistributionPriority): WorkflowNode => ({
    activity: "Queue",
    settings: { priority },
    exits: { timeout: "bye", noUsers: "bye" },
  });
  return workflow("priorities", {
    start: { activity: "Start", exits: { next: "is-urgent" } },
    "is-urgent": check("urgent", "q-urgent", "is-high"),
    "is-high": check("high", "q-high", "is-low"),
    "is-low": check("low", "q-low", "q-normal"),
    "q-urgent": queue("Urgent"),
    "q-high": queue("High"),
    "q-normal": queue("Normal"),
    "q-low": queue("Low"),
    bye: { activity: "Disconnect" },
  });
}

describe("queue order", () => {
  it("serves Urgent before High before Normal before Low, first come first served within", () => {
    const h = setup(
      [{ name: "s", members: ["u1"] }],
      2,
      [priorityWorkflow()],
      [{ serviceId: "s", modality: "Audio", workflowId: "priorities" }],
    );
    const talking = h.busy("u1", S);
    const callers = ["low-1", "normal-1", "urgent-1", "high-1", "low-2", "urgent-2", "normal-2"];
    const caller = new Map<string, string>();
    for (const from of callers) {
      h.now += 1;
      caller.set(h.call(S, from), from);
    }
    const expected = ["urgent-1", "urgent-2", "high-1", "normal-1", "normal-2", "low-1", "low-2"];
    const queue = h.state.queues.get("s") ?? [];
    assert.deepEqual(
      queue.map((id) => caller.get(id)),
      expected,
    );
    assert.deepEqual(
      queue.map((id) => h.state.tasks.get(id)?.priority),
      [4, 4, 3, 2, 2, 1, 1],
    );
    end(h, "u1", talking);
    const served: (string | undefined)[] = [];
    for (let i = 0; i < expected.length; i++) {
      const offer = offerFor(h, "u1");
      served.push(caller.get(offer.taskId));
      accept(h, "u1");
      end(h, "u1", offer.taskId);
    }
    assert.deepEqual(served, expected);
  });
});

/** Start → Wait for Parameter `ready` (the flow names preferred users meanwhile) → Queue. */
const preferredWorkflow = workflow("preferred", {
  start: { activity: "Start", exits: { next: "wait" } },
  wait: {
    activity: "WaitForParameter",
    settings: { parameter: "ready", timeoutSeconds: 60 },
    exits: { changed: "queue", timeout: "queue" },
  },
  queue: { activity: "Queue", exits: { timeout: "bye", noUsers: "bye" } },
  bye: { activity: "Disconnect" },
});

const preferred = (...ranked: readonly [string, number][]) =>
  ranked.map(([userId, priority]) => ({ upn: upnOf(userId), priority }));

describe("preferred users", () => {
  const services = (policy: "LongestIdle" | "Broadcast" = "LongestIdle"): ServiceSpec[] => [
    { name: "s", members: ["u1", "u2", "u3"], routing: { policy, preferredUserSeconds: 20 } },
    { name: "o", members: ["u4"] },
  ];
  const withWorkflow = (policy?: "LongestIdle" | "Broadcast") =>
    setup(
      services(policy),
      4,
      [preferredWorkflow],
      [{ serviceId: "s", modality: "Audio", workflowId: "preferred" }],
    );

  it("offers only preferred members during the window, best first; anyone from its end", () => {
    const h = withWorkflow();
    availableInOrder(h, ["u1", "u2", "u3", "u4"]);
    const taskId = h.call(S);
    assert.equal(h.waitOf(taskId)?.node, "wait");
    h.run({
      kind: "UpdateTask",
      taskId,
      preferredUsers: preferred(["u4", 1], ["u3", 20], ["u2", 10]),
      parameters: [{ name: "ready", value: "yes" }],
    });
    const inQueue = h.triggers(taskId).find((e) => e.type === "InQueue");
    const until = inQueue?.type === "InQueue" ? inQueue.detail.preferredUntil : undefined;
    assert.equal(until, h.now + 20_000);
    if (typeof until !== "number") return;
    assert.deepEqual(ringing(h, taskId), ["u2"], "u4 is no member; u2 (10) before u3 (20)");
    decline(h, "u2");
    assert.deepEqual(ringing(h, taskId), ["u3"]);
    decline(h, "u3");
    assert.deepEqual(ringing(h, taskId), [], "u1 is free but not preferred");
    h.runUntil(until - 1);
    assert.deepEqual(ringing(h, taskId), [], "1 ms before the window ends");
    h.runUntil(until);
    assert.deepEqual(ringing(h, taskId), ["u1"], "the policy takes over");
    assert.equal(offerFor(h, "u1").createdAt, until);
  });

  it("opens a new window when preferred users are set on a queued task", () => {
    const h = setup(services());
    h.busy("u1", S);
    h.now += 1000;
    const taskId = h.call(S);
    h.now += 5000;
    const { events } = h.run({ kind: "UpdateTask", taskId, preferredUsers: preferred(["u2", 1]) });
    const until = h.now + 20_000;
    assert.equal(ofType(events, "TaskInformationUpdated")[0]?.data.preferredUntil, until);
    assert.equal(h.state.tasks.get(taskId)?.preferredUntil, until);
    assert.ok(
      pendingTimers(h.state).some((t) => t.ref.kind === "preferred" && t.at === until),
      "a preferred timer at the window's end",
    );
    h.available("u3");
    assert.deepEqual(ringing(h, taskId), [], "u3 is not preferred");
    h.now += 1000;
    h.available("u2");
    assert.deepEqual(ringing(h, taskId), ["u2"]);
    decline(h, "u2");
    h.runUntil(until - 1);
    assert.deepEqual(ringing(h, taskId), []);
    h.runUntil(until);
    assert.deepEqual(ringing(h, taskId), ["u3"]);
  });

  it("leaves no timer due once the window of a task still queued has ended", () => {
    const h = setup(services());
    h.busy("u1", S);
    const taskId = h.call(S);
    h.run({ kind: "UpdateTask", taskId, preferredUsers: preferred(["u2", 1]) });
    const until = h.now + 20_000;
    h.runUntil(until);
    assert.equal(h.state.tasks.get(taskId)?.status, "queued", "nobody free to take it");
    assert.equal(h.state.tasks.get(taskId)?.preferredUntil, null, "the window is over");
    // Else WorkflowHarness.runUntil fires the timer again and again; and
    // checkWorkflowInvariants requires it.
    assert.deepEqual(
      pendingTimers(h.state)
        .filter((t) => t.at <= h.now)
        .map((t) => t.id),
      [],
    );
    h.advance(60_000);
    assert.equal(h.state.tasks.get(taskId)?.status, "queued");
  });

  it("opens no window for preferred users of whom none serves the service", () => {
    const h = setup(services());
    h.busy("u1", S);
    const taskId = h.call(S);
    h.available("u3");
    accept(h, "u3");
    const next = h.call(S);
    const { events } = h.run({
      kind: "UpdateTask",
      taskId: next,
      preferredUsers: preferred(["u4", 1]),
    });
    assert.equal(ofType(events, "TaskInformationUpdated")[0]?.data.preferredUntil, null);
    end(h, "u3", taskId);
    assert.deepEqual(ringing(h, next), ["u3"], "u4 is no member: no window, the policy picks");
  });

  it("offers a queued task at once to a free member newly named preferred", () => {
    const h = setup(services());
    h.busy("u1", S);
    const taskId = h.call(S);
    h.run({ kind: "UpdateTask", taskId, preferredUsers: preferred(["u2", 1]) });
    h.available("u3");
    assert.deepEqual(ringing(h, taskId), [], "within u2's window");
    h.now += 1000;
    h.run({ kind: "UpdateTask", taskId, preferredUsers: preferred(["u3", 1]) });
    assert.deepEqual(ringing(h, taskId), ["u3"], "u3 is preferred now, Available and idle");
  });

  it("ends the window at once when a queued task's preferred users are cleared", () => {
    const h = setup(services());
    h.busy("u1", S);
    const taskId = h.call(S);
    h.run({ kind: "UpdateTask", taskId, preferredUsers: preferred(["u2", 1]) });
    h.available("u3");
    h.now += 1000;
    h.run({ kind: "UpdateTask", taskId, preferredUsers: [] });
    assert.equal(h.state.tasks.get(taskId)?.preferredUntil, null, "no window any more");
    assert.deepEqual(ringing(h, taskId), ["u3"], "anyone may take it now");
  });

  it("Broadcast: who rings in a window depends neither on when the preferred became free nor on unrelated events", () => {
    const ready = (h: WorkflowHarness, taskId: string) =>
      h.run({
        kind: "UpdateTask",
        taskId,
        preferredUsers: preferred(["u2", 1], ["u3", 2]),
        parameters: [{ name: "ready", value: "yes" }],
      });
    const together = withWorkflow("Broadcast");
    availableInOrder(together, ["u2", "u3"]);
    const first = together.call(S);
    ready(together, first);
    const apart = withWorkflow("Broadcast");
    apart.available("u2");
    const second = apart.call(S);
    ready(apart, second);
    apart.now += 1000;
    apart.available("u3");
    assert.deepEqual(ringing(apart, second), ringing(together, first), "u3 free later");
    const before = ringing(together, first);
    together.now += 1000;
    together.available("u1");
    assert.deepEqual(ringing(together, first), before, "u1, not preferred, became available");
  });
});

describe("RONA and declines", () => {
  it("withdraws an unanswered offer at exactly expiresAt, sets NotReady and tries the next", () => {
    const h = setup([{ name: "s", members: ["u1", "u2"], routing: { ronaSeconds: 10 } }]);
    availableInOrder(h, ["u1", "u2"]);
    const taskId = h.call(S);
    const { id: offerId, expiresAt } = offerFor(h, "u1");
    assert.equal(expiresAt, h.now + 10_000);
    h.runUntil(expiresAt - 1);
    const early = h.run({ kind: "FireTimer", timer: { kind: "offer", offerId } });
    assert.deepEqual(early.events, [], "1 ms early the timer changes nothing");
    assert.deepEqual(ringing(h, taskId), ["u1"]);
    h.runUntil(expiresAt);
    assert.deepEqual(
      ofType(h.log, "OfferExpired").map((e) => [e.data.userId, e.at]),
      [["u1", expiresAt]],
    );
    assert.equal(user(h, "u1")?.notReady, true);
    assert.equal(user(h, "u1")?.state, "NotReady");
    assert.equal(user(h, "u1")?.stateSince, expiresAt);
    assert.deepEqual(ringing(h, taskId), ["u2"]);
    assert.equal(offerFor(h, "u2").createdAt, expiresAt);
    h.now += 1000;
    h.available("u1");
    assert.equal(user(h, "u1")?.notReady, false, "the user clears NotReady");
    assert.equal(user(h, "u1")?.state, "Idle");
    assert.deepEqual(h.state.tasks.get(taskId)?.declinedBy, ["u1"]);
    assert.equal(user(h, "u1")?.offerId, null, "the task it let ring stays away");
  });

  it("keeps a task waiting when RONA sets its last available member not ready", () => {
    const h = setup([{ name: "s", members: ["u1", "u2"] }]);
    h.available("u1");
    const taskId = h.call(S);
    h.runUntil(offerFor(h, "u1").expiresAt);
    assert.equal(h.state.tasks.get(taskId)?.status, "queued", "the built-in queue waits");
    assert.deepEqual(h.taskEvents(taskId), ["WorkflowStarted", "SystemAccepted", "InQueue"]);
    h.now += 1000;
    h.available("u2");
    assert.deepEqual(ringing(h, taskId), ["u2"], "offered to the next member available");
  });

  it("does not offer a task again to users who declined it; a new task it does", () => {
    const h = setup([{ name: "s", members: ["u1", "u2", "u3"] }]);
    availableInOrder(h, ["u1", "u2", "u3"]);
    const taskId = h.call(S);
    for (const userId of ["u1", "u2", "u3"]) {
      assert.deepEqual(ringing(h, taskId), [userId]);
      decline(h, userId);
    }
    assert.deepEqual(ringing(h, taskId), []);
    assert.equal(h.state.tasks.get(taskId)?.status, "queued");
    assert.deepEqual(h.state.tasks.get(taskId)?.declinedBy, ["u1", "u2", "u3"]);
    assert.equal(user(h, "u1")?.state, "Idle", "declining is not RONA");
    assert.deepEqual(ringing(h, h.call(S)), ["u1"]);
  });
});

/** Start → Queue, whose `connected` exit says goodbye for 5 s → Disconnect. */
const goodbyeWorkflow = (modality: Modality) =>
  workflow(
    `goodbye-${modality}`,
    {
      start: { activity: "Start", exits: { next: "queue" } },
      queue: {
        activity: "Queue",
        exits: { timeout: "bye", noUsers: "bye", connected: "goodbye" },
      },
      goodbye: {
        activity: "Announcement",
        settings: { message: "Goodbye", durationSeconds: 5 },
        exits: { next: "bye" },
      },
      bye: { activity: "Disconnect" },
    },
    modality,
  );

describe("after-call work", () => {
  const acwSetup = () =>
    setup(
      [{ name: "s", members: ["u1", "u2"], routing: { afterCallWorkSeconds: 30 } }],
      2,
      [goodbyeWorkflow("InstantMessaging")],
      [{ serviceId: "s", modality: "InstantMessaging", workflowId: "goodbye-InstantMessaging" }],
    );

  it("starts when a connected task ends, offers nothing, and ends at exactly acwUntil", () => {
    const h = acwSetup();
    h.available("u1");
    const first = h.call(S);
    accept(h, "u1");
    h.now += 1000;
    const { events } = h.run({ kind: "Hangup", taskId: first });
    assert.deepEqual(events.map((e) => e.type).slice(-2), ["Terminated", "AfterCallWorkStarted"]);
    const until = h.now + 30_000;
    assert.equal(ofType(events, "AfterCallWorkStarted")[0]?.data.until, until);
    assert.equal(user(h, "u1")?.state, "AfterCallWork");
    assert.ok(
      pendingTimers(h.state).some(
        (t) => t.at === until && t.ref.kind === "acw" && t.ref.userId === "u1",
      ),
    );
    const next = h.call(S);
    assert.equal(h.state.tasks.get(next)?.status, "queued", "u1 is still available");
    assert.deepEqual(ringing(h, next), []);
    h.runUntil(until - 1);
    assert.equal(user(h, "u1")?.state, "AfterCallWork");
    assert.deepEqual(ringing(h, next), []);
    h.runUntil(until);
    assert.deepEqual(
      ofType(h.log, "AfterCallWorkEnded").map((e) => e.at),
      [until],
    );
    assert.deepEqual(ringing(h, next), ["u1"]);
    assert.equal(offerFor(h, "u1").createdAt, until);
  });

  it("withdraws an offer ringing for a user whose after-call work starts", () => {
    const h = acwSetup();
    h.available("u1");
    const first = h.chat(S);
    accept(h, "u1");
    const second = h.chat(S);
    assert.deepEqual(ringing(h, second), ["u1"], "room for a second chat");
    end(h, "u1", first);
    assert.equal(user(h, "u1")?.state, "AfterCallWork");
    assert.deepEqual(ringing(h, second), [], "nothing rings during after-call work");
  });

  it("ends early when the user says so, and the next task is offered at once", () => {
    const h = acwSetup();
    h.available("u1");
    const first = h.call(S);
    accept(h, "u1");
    end(h, "u1", first);
    assert.equal(user(h, "u1")?.state, "AfterCallWork");
    const next = h.call(S);
    h.now += 5000;
    const { events } = h.run({ kind: "EndAfterCallWork", userId: "u1" });
    assert.deepEqual(
      ofType(events, "AfterCallWorkEnded").map((e) => e.at),
      [h.now],
    );
    assert.deepEqual(ringing(h, next), ["u1"]);
    assert.deepEqual(h.run({ kind: "EndAfterCallWork", userId: "u2" }).events, []);
  });

  it("starts when the user leaves a task that goes on in its workflow", () => {
    const h = acwSetup();
    h.available("u1");
    const chat = h.chat(S);
    accept(h, "u1");
    const { events } = end(h, "u1", chat);
    assert.deepEqual(events.map((e) => e.type).slice(0, 2), [
      "ConversationEnded",
      "AfterCallWorkStarted",
    ]);
    h.advance(5000);
    assert.equal(h.terminationOf(chat)?.detail.reason, "Disconnected");
    assert.equal(ofType(h.log, "AfterCallWorkStarted").length, 1, "once per conversation");
  });
});

describe("responsibility", () => {
  it("offers nothing for a service switched off; a task waits while nobody responsible remains", () => {
    const h = setup([{ name: "s", members: ["u1", "u2"] }]);
    availableInOrder(h, ["u1", "u2"]);
    h.run({ kind: "SetResponsibility", userId: "u1", serviceId: "s", active: false });
    const first = h.call(S);
    assert.deepEqual(ringing(h, first), ["u2"], "u1 idles longer but is off");
    accept(h, "u2");
    const second = h.call(S);
    assert.equal(h.state.tasks.get(second)?.status, "queued", "u2 is busy but responsible");
    h.run({ kind: "SetResponsibility", userId: "u2", serviceId: "s", active: false });
    assert.equal(h.state.tasks.get(second)?.status, "queued", "the built-in queue waits");
    h.run({ kind: "SetResponsibility", userId: "u1", serviceId: "s", active: true });
    assert.deepEqual(ringing(h, second), ["u1"]);
    const { events } = h.run({
      kind: "SetResponsibility",
      userId: "u1",
      serviceId: "s",
      active: false,
    });
    assert.deepEqual(
      ofType(events, "OfferWithdrawn").map((e) => e.data.userId),
      ["u1"],
    );
    assert.equal(h.state.tasks.get(second)?.status, "queued");
    assert.deepEqual(h.taskEvents(second), ["WorkflowStarted", "SystemAccepted", "InQueue"]);
  });

  it("refuses a responsibility for a service the user is no member of", () => {
    const h = setup([{ name: "s", members: ["u1"] }]);
    const logged = h.log.length;
    assert.throws(
      () => h.run({ kind: "SetResponsibility", userId: "u3", serviceId: "s", active: true }),
      (e: unknown) => e instanceof DomainError && e.code === "invalid" && e.field === "serviceId",
    );
    assert.equal(h.log.length, logged);
  });
});

describe("leaving the queue", () => {
  const exits = workflow("exits", {
    start: { activity: "Start", exits: { next: "queue" } },
    queue: {
      activity: "Queue",
      settings: { maxQueueSeconds: 60 },
      exits: { timeout: "went-timeout", noUsers: "went-noUsers" },
    },
    "went-timeout": mark("timeout", "bye"),
    "went-noUsers": mark("noUsers", "bye"),
    bye: { activity: "Disconnect" },
  });
  const withExits = () =>
    setup(
      [{ name: "s", members: ["u1"] }],
      2,
      [exits],
      [{ serviceId: "s", modality: "Audio", workflowId: "exits" }],
    );

  it("leaves by the timeout exit at exactly the maximum queue time", () => {
    const h = withExits();
    h.busy("u1", S);
    const taskId = h.call(S);
    const deadline = h.now + 60_000;
    h.runUntil(deadline - 1);
    assert.equal(h.state.tasks.get(taskId)?.status, "queued");
    h.runUntil(deadline);
    const left = h.triggers(taskId).find((e) => e.type === "QueueLeft");
    assert.equal(left?.type === "QueueLeft" ? left.detail.reason : undefined, "MaxQueueTime");
    assert.equal(left?.at, deadline);
    assert.equal(h.went(taskId), "timeout");
    assert.equal(h.terminationOf(taskId)?.detail.reason, "Disconnected");
  });

  it("leaves by the noUsers exit when nobody is available", () => {
    const h = withExits();
    const taskId = h.call(S);
    assert.deepEqual(h.taskEvents(taskId), [
      "WorkflowStarted",
      "InQueue",
      "QueueLeft",
      "ParameterUpdated",
      "Terminated",
    ]);
    assert.equal(h.went(taskId), "noUsers");
  });

  it("without a noUsers exit, waits for a member to its maximum queue time", () => {
    const waits = workflow("waits", {
      start: { activity: "Start", exits: { next: "queue" } },
      queue: {
        activity: "Queue",
        settings: { maxQueueSeconds: 60 },
        exits: { timeout: "went-timeout" },
      },
      "went-timeout": mark("timeout", "bye"),
      bye: { activity: "Disconnect" },
    });
    const h = setup(
      [{ name: "s", members: ["u1"] }],
      2,
      [waits],
      [{ serviceId: "s", modality: "Audio", workflowId: "waits" }],
    );
    const answered = h.call(S);
    const unanswered = h.call(S);
    const deadline = h.now + 60_000;
    assert.deepEqual(h.taskEvents(answered), ["WorkflowStarted", "InQueue"], "nobody is signed in");
    h.now += 30_000;
    h.available("u1");
    assert.deepEqual(ringing(h, answered), ["u1"], "offered once a member is available");
    accept(h, "u1");
    h.runUntil(deadline - 1);
    assert.equal(h.state.tasks.get(unanswered)?.status, "queued");
    h.runUntil(deadline);
    const left = h.triggers(unanswered).find((e) => e.type === "QueueLeft");
    assert.equal(left?.type === "QueueLeft" ? left.detail.reason : undefined, "MaxQueueTime");
    assert.equal(left?.at, deadline);
    assert.equal(h.went(unanswered), "timeout");
  });

  it("raises QueueLeft, then Terminated, when the caller hangs up while queued", () => {
    const h = withExits();
    h.available("u1");
    const taskId = h.call(S);
    h.run({ kind: "Hangup", taskId });
    const last = h.triggers(taskId).slice(-2);
    assert.deepEqual(
      last.map((e) => [e.type, e.detail && "reason" in e.detail ? e.detail.reason : null]),
      [
        ["QueueLeft", "CallerLeft"],
        ["Terminated", "CallerLeft"],
      ],
    );
    assert.equal(user(h, "u1")?.offerId, null, "its offer is withdrawn");
  });
});

describe("agent states", () => {
  it("goes Idle → Offered → Connected → AfterCallWork → Idle, NotReady after RONA", () => {
    const h = setup([
      { name: "s", members: ["u1", "u2"], routing: { afterCallWorkSeconds: 10, ronaSeconds: 15 } },
    ]);
    const seen: [AgentState | undefined, number | undefined][] = [];
    const note = () => seen.push([user(h, "u1")?.state, user(h, "u1")?.stateSince]);
    const t0 = h.now;
    h.available("u1");
    note();
    h.now += 1000;
    const first = h.call(S);
    note();
    h.now += 1000;
    accept(h, "u1");
    note();
    h.now += 1000;
    h.run({ kind: "Hangup", taskId: first });
    note();
    h.advance(10_000);
    note();
    h.now += 1000;
    h.call(S);
    h.advance(15_000);
    note();
    h.now += 1000;
    h.available("u1");
    note();
    h.now += 1000;
    away(h, "u1");
    note();
    assert.deepEqual(seen, [
      ["Idle", t0],
      ["Offered", t0 + 1000],
      ["Connected", t0 + 2000],
      ["AfterCallWork", t0 + 3000],
      ["Idle", t0 + 13_000],
      ["NotReady", t0 + 29_000],
      ["Idle", t0 + 30_000],
      ["Unavailable", t0 + 31_000],
    ]);
  });
});
