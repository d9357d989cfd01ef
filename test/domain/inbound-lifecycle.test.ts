import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { followsGrammar } from "../../src/domain/eventGrammar.ts";
import { DomainHarness } from "../support/domain-harness.ts";
import { WorkflowHarness } from "../support/workflow-harness.ts";

const support = "support@demo.cirrus.test";

describe("inbound call through the built-in workflow", () => {
  it("queues, offers, connects and terminates with the catalogue's events", () => {
    const h = new DomainHarness(demoDirectory());
    h.available("user-alice");
    const taskId = h.call(support, "+41791234567");
    assert.deepEqual(h.taskEvents(taskId), ["WorkflowStarted", "SystemAccepted", "InQueue"]);
    const offerId = h.offerOf("user-alice");
    h.run({ kind: "AcceptOffer", userId: "user-alice", offerId });
    h.run({ kind: "Hangup", taskId });
    const types = h.taskEvents(taskId);
    assert.deepEqual(types, [
      "WorkflowStarted",
      "SystemAccepted",
      "InQueue",
      "ConnectedToUser",
      "Terminated",
    ]);
    assert.ok(followsGrammar(types));
    const terminated = h.log.at(-1);
    assert.equal(terminated?.type, "Terminated");
    if (terminated?.type !== "Terminated") return;
    assert.equal(terminated.data.event, "Terminated");
    assert.equal(terminated.data.LastConnectedUserUPN, "alice@demo.cirrus.test");
    assert.equal(terminated.data.callerTelNumber, "+41791234567");
    assert.equal(terminated.data.serviceUPN, support);
    assert.equal(terminated.data.direction, "Inbound");
    assert.equal(terminated.data.modality, "Audio");
    assert.equal(typeof terminated.data.terminated, "string");
    assert.equal(h.state.tasks.size, 0, "a terminated task leaves the live state");
    assert.deepEqual(h.state.users.get("user-alice")?.tasks, []);
  });

  it("finds the service by telephone number however it is written", () => {
    const h = new DomainHarness(demoDirectory());
    h.available("user-alice");
    const taskId = h.call("+41 44 500-10-00");
    assert.equal(h.state.tasks.get(taskId)?.serviceId, "service-support");
  });

  it("rejects an unknown address or a modality the service lacks, emitting nothing", () => {
    const h = new DomainHarness(demoDirectory());
    assert.throws(
      () => h.call("nobody@demo.cirrus.test"),
      (e: unknown) => e instanceof DomainError && e.field === "to" && e.status === 422,
    );
    assert.throws(
      () =>
        h.run({
          kind: "ReceiveInbound",
          modality: "Email",
          to: "sales@demo.cirrus.test",
          from: "x@y.z",
          subject: "s",
          body: "b",
        }),
      (e: unknown) => e instanceof DomainError && /does not take Email/.test(e.message),
    );
    assert.equal(h.log.length, 0);
    assert.equal(h.state.tasks.size, 0);
  });

  it("offers to the member idle longest", () => {
    const h = new DomainHarness(demoDirectory());
    h.available("user-bob");
    h.now += 1000;
    h.available("user-alice");
    h.call(support);
    assert.ok(h.state.users.get("user-bob")?.offerId, "bob has waited longer");
    assert.equal(h.state.users.get("user-alice")?.offerId, null);
  });

  it("redirects an unanswered offer (RONA) and sets the user not ready", () => {
    const h = new DomainHarness(demoDirectory());
    h.available("user-alice");
    h.now += 10;
    h.available("user-bob");
    const taskId = h.call(support);
    const first = h.offerOf("user-alice");
    h.now += 14_999;
    h.run({ kind: "FireTimer", timer: { kind: "offer", offerId: first } });
    assert.equal(h.state.users.get("user-alice")?.offerId, first, "not yet expired");
    h.now += 1;
    h.run({ kind: "FireTimer", timer: { kind: "offer", offerId: first } });
    assert.equal(h.state.users.get("user-alice")?.notReady, true);
    assert.equal(h.state.offers.get(h.offerOf("user-bob"))?.taskId, taskId);
    h.available("user-alice");
    assert.equal(h.state.users.get("user-alice")?.notReady, false, "presence clears not ready");
    assert.equal(h.state.users.get("user-alice")?.offerId, null, "the expired task stays away");
  });

  it("does not offer a declined task to the same user again", () => {
    const h = new DomainHarness(demoDirectory());
    h.available("user-alice");
    const taskId = h.call(support);
    h.run({ kind: "DeclineOffer", userId: "user-alice", offerId: h.offerOf("user-alice") });
    assert.equal(h.state.users.get("user-alice")?.offerId, null);
    h.available("user-bob");
    assert.equal(h.state.offers.get(h.offerOf("user-bob"))?.taskId, taskId);
  });

  it("leaves the queue after the maximum queue time and frees the ringing user", () => {
    const h = new DomainHarness(demoDirectory());
    h.busy("user-bob", support);
    const first = h.call(support);
    h.now += 1;
    const second = h.call(support);
    h.available("user-alice");
    const offer = h.offerOf("user-alice");
    assert.equal(h.state.offers.get(offer)?.taskId, first, "first come, first offered");
    h.now += 300_000 - 1;
    h.run({ kind: "FireTimer", timer: { kind: "queue", taskId: first } });
    assert.deepEqual(h.taskEvents(first).slice(-2), ["QueueLeft", "Terminated"]);
    assert.ok(followsGrammar(h.taskEvents(first)));
    const next = h.state.offers.get(h.offerOf("user-alice"));
    assert.equal(next?.taskId, second, "the freed user gets the next task");
  });

  it("lets a caller leave the queue, and a user end a connected task", () => {
    const h = new DomainHarness(demoDirectory());
    const talking = h.busy("user-alice", support);
    const waiting = h.call(support);
    h.run({ kind: "Hangup", taskId: waiting });
    assert.deepEqual(h.taskEvents(waiting).slice(-2), ["QueueLeft", "Terminated"]);
    const queued = h.call(support);
    assert.throws(
      () => h.run({ kind: "EndTask", userId: "user-bob", taskId: talking }),
      (e: unknown) => e instanceof DomainError && e.code === "conflict",
    );
    h.run({ kind: "EndTask", userId: "user-alice", taskId: talking });
    assert.equal(h.taskEvents(talking).at(-1), "Terminated");
    assert.equal(h.state.offers.get(h.offerOf("user-alice"))?.taskId, queued);
    assert.throws(
      () => h.run({ kind: "Hangup", taskId: talking }),
      (e: unknown) => e instanceof DomainError && e.code === "not_found",
    );
  });

  it("keeps a call nobody can take waiting to the maximum queue time, not dropped", () => {
    const h = new WorkflowHarness(demoDirectory());
    const service = [...h.state.directory.servicesById.values()].find((s) => s.upn === support);
    assert.ok(service);
    const first = h.call(support);
    assert.deepEqual(h.taskEvents(first), ["WorkflowStarted", "SystemAccepted", "InQueue"]);
    h.now += 5_000;
    h.available("user-alice");
    h.run({ kind: "AcceptOffer", userId: "user-alice", offerId: h.offerOf("user-alice") });
    assert.equal(h.state.tasks.get(first)?.status, "connected", "taken once alice signs in");
    const waiting = h.call(support);
    const deadline = h.now + service.routing.maxQueueSeconds * 1000;
    assert.equal(h.state.tasks.get(waiting)?.status, "queued", "alice is busy but available");
    h.run({ kind: "SetPresence", userId: "user-alice", status: "Away" });
    h.runUntil(deadline - 1);
    assert.equal(h.state.tasks.get(waiting)?.status, "queued", "waits with nobody available");
    h.runUntil(deadline);
    assert.deepEqual(h.taskEvents(waiting).slice(-2), ["QueueLeft", "Terminated"]);
    const left = h.log.find((e) => e.type === "QueueLeft" && e.taskId === waiting);
    assert.equal(left?.type === "QueueLeft" ? left.detail.reason : undefined, "MaxQueueTime");
    assert.equal(left?.at, deadline);
    assert.equal(h.state.tasks.get(first)?.status, "connected", "her own call goes on");
  });

  it("ignores a timer that is no longer due", () => {
    const h = new DomainHarness(demoDirectory());
    h.available("user-alice");
    h.call(support);
    const offerId = h.offerOf("user-alice");
    h.run({ kind: "AcceptOffer", userId: "user-alice", offerId });
    h.now += 60_000;
    const { events } = h.run({ kind: "FireTimer", timer: { kind: "offer", offerId } });
    assert.equal(events.length, 0);
  });
});

describe("custom parameters", () => {
  it("raises Parameter Updated with the name and value, once per change", () => {
    const h = new DomainHarness(demoDirectory());
    h.available("user-alice");
    const taskId = h.call(support);
    h.run({ kind: "SetParameter", taskId, name: "Reason", value: "Billing" });
    h.run({ kind: "SetParameter", taskId, name: "Reason", value: "Billing" });
    h.run({ kind: "SetParameter", taskId, name: "Account", value: "42" });
    h.run({ kind: "SetParameter", taskId, name: "Reason", value: "Refund" });
    const updates = h.log.filter((e) => e.type === "ParameterUpdated");
    assert.deepEqual(
      updates.map((e) => [e.data.updatedParameterName, e.data.updatedParameterValue]),
      [
        ["Reason", "Billing"],
        ["Account", "42"],
        ["Reason", "Refund"],
      ],
    );
    assert.deepEqual(h.state.tasks.get(taskId)?.data.taskInformation.customContextParameters, [
      { name: "Reason", value: "Refund" },
      { name: "Account", value: "42" },
    ]);
    h.run({ kind: "Hangup", taskId });
    const terminated = h.log.at(-1);
    assert.equal(terminated?.type, "Terminated");
    if (terminated?.type !== "Terminated") return;
    assert.equal(terminated.data.updatedParameterName, undefined, "only on its own event");
    assert.equal(terminated.data.taskInformation.customContextParameters.length, 2);
    assert.ok(followsGrammar(h.taskEvents(taskId)));
    assert.throws(
      () => h.run({ kind: "SetParameter", taskId: "gone", name: "x", value: "y" }),
      (e: unknown) => e instanceof DomainError && e.field === "taskId",
    );
  });
});

describe("presence and offers", () => {
  it("offers a ringing task to the next member when the user goes away", () => {
    const h = new DomainHarness(demoDirectory());
    h.available("user-alice");
    h.now += 1;
    h.available("user-bob");
    const taskId = h.call(support);
    h.run({ kind: "SetPresence", userId: "user-alice", status: "Away" });
    assert.equal(h.state.users.get("user-alice")?.offerId, null);
    assert.equal(h.state.offers.get(h.offerOf("user-bob"))?.taskId, taskId);
    assert.ok(h.log.some((e) => e.type === "OfferWithdrawn"));
  });

  it("keeps a connected task when its user goes offline, and offers nothing new", () => {
    const h = new DomainHarness(demoDirectory());
    h.available("user-alice");
    const taskId = h.call(support);
    h.run({ kind: "AcceptOffer", userId: "user-alice", offerId: h.offerOf("user-alice") });
    h.run({ kind: "SetPresence", userId: "user-alice", status: "Offline" });
    assert.equal(h.state.tasks.get(taskId)?.status, "connected");
    h.run({ kind: "EndTask", userId: "user-alice", taskId });
    h.call(support);
    assert.equal(h.state.users.get("user-alice")?.offerId, null, "offline users get no offers");
  });

  it("lets only the user an offer rings for accept or decline it", () => {
    const h = new DomainHarness(demoDirectory());
    h.available("user-alice");
    h.call(support);
    const offerId = h.offerOf("user-alice");
    for (const kind of ["AcceptOffer", "DeclineOffer"] as const) {
      assert.throws(
        () => h.run({ kind, userId: "user-bob", offerId }),
        (e: unknown) => e instanceof DomainError && e.code === "not_found" && e.field === "offerId",
      );
    }
    assert.equal(h.state.offers.get(offerId)?.userId, "user-alice");
  });
});
