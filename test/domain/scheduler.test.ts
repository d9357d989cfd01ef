/**
 * Scheduler entries and external tasks in the pure domain, in virtual time: each attempt is
 * an outbound task (Created, In Queue, Connected to User, Destination Reached or not,
 * Terminated); a failed attempt schedules the entry again after its retry delay until its
 * attempts are used up; an entry in progress can be neither changed nor removed. External
 * tasks walk the service's workflow with the customer, parameters, priority and preferred
 * users they came with.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { indexDirectory } from "../../src/domain/directoryIndex.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { followsEntryGrammar, followsGrammar } from "../../src/domain/eventGrammar.ts";
import type { SchedulerEntryEventType } from "../../src/domain/events.ts";
import { schedulerEntryEventTypes } from "../../src/domain/events.ts";
import type { EntryWrite } from "../../src/domain/scheduler.ts";
import type {
  SchedulerEntryDetail,
  SchedulerEntryEventData,
} from "../../src/domain/schedulerEntry.ts";
import { snapshotOf } from "../../src/domain/snapshot.ts";
import { emptyState, evolve, replaceDirectory } from "../../src/domain/state.ts";
import { pendingTimers } from "../../src/domain/timers.ts";
import { snapshotThreshold } from "../../src/engine/engine.ts";
import { DomainHarness } from "../support/domain-harness.ts";

const entryTypes: ReadonlySet<string> = new Set(schedulerEntryEventTypes);

function harness() {
  const h = new DomainHarness(demoDirectory());
  const write = (changes: Partial<EntryWrite> = {}): EntryWrite => ({
    serviceId: "service-support",
    destination: "+41791230000",
    priority: "Normal",
    dueAt: h.now + 60_000,
    maxAttempts: 3,
    attemptTimeoutSeconds: 600,
    maxQueueSeconds: 120,
    ronaSeconds: 20,
    parameters: [{ name: "campaign", value: "renewals" }],
    retryDelaySeconds: 300,
    createdBy: "user-admin",
    ...changes,
  });
  const create = (changes: Partial<EntryWrite> = {}): string => {
    const { reply } = h.run({ kind: "CreateSchedulerEntry", entry: write(changes) });
    assert.ok("entryId" in reply);
    return reply.entryId;
  };
  /** The entry's events so far. */
  const entryEvents = (entryId: string) =>
    h.log.filter(
      (e): e is typeof e & { data: SchedulerEntryEventData; detail: SchedulerEntryDetail } =>
        entryTypes.has(e.type) && (e.detail as SchedulerEntryDetail).entryId === entryId,
    );
  const types = (entryId: string) =>
    entryEvents(entryId).map((e) => e.type as SchedulerEntryEventType);
  /** Moves time to the entry's due date and fires its timer; answers the attempt's task. */
  const due = (entryId: string): string => {
    const entry = h.state.entries.get(entryId);
    assert.ok(entry, `entry ${entryId} is live`);
    h.now = entry.spec.dueAt;
    h.run({ kind: "FireTimer", timer: { kind: "due", entryId } });
    const taskId = h.state.entries.get(entryId)?.taskId;
    assert.ok(taskId, "an attempt started");
    return taskId;
  };
  /** A free support member takes the attempt's call. */
  const take = (userId: string) => {
    h.available(userId);
    h.run({ kind: "AcceptOffer", userId, offerId: h.offerOf(userId) });
  };
  const report = (taskId: string, outcome: "Answered" | "Busy" | "NoAnswer" | "Failed") =>
    h.run({ kind: "ReportDestination", taskId, outcome });
  return { h, create, types, entryEvents, due, take, report };
}

function fault(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error;
  }
  assert.fail("expected a refusal");
}

describe("scheduler entries", () => {
  it("walks Scheduled DueDateReached Scheduled DueDateReached Handled when the second attempt answers", () => {
    const { h, create, types, entryEvents, due, take, report } = harness();
    const entryId = create();
    assert.deepEqual(types(entryId), ["Scheduled"]);

    const first = due(entryId);
    assert.deepEqual(h.taskEvents(first), ["Created", "InQueue"]);
    take("user-alice");
    report(first, "Busy");
    assert.deepEqual(h.taskEvents(first), ["Created", "InQueue", "ConnectedToUser", "Terminated"]);
    const rescheduled = h.state.entries.get(entryId);
    assert.equal(rescheduled?.spec.dueAt, h.now + 300_000, "again after the retry delay");

    // Alice is free again and the longest idle: the second attempt is hers.
    const second = due(entryId);
    take("user-alice");
    report(second, "Answered");
    h.now += 90_000;
    h.run({ kind: "EndTask", userId: "user-alice", taskId: second });

    assert.deepEqual(types(entryId), [
      "Scheduled",
      "DueDateReached",
      "Scheduled",
      "DueDateReached",
      "Handled",
    ]);
    assert.ok(followsEntryGrammar(types(entryId), true));
    for (const taskId of [first, second]) assert.ok(followsGrammar(h.taskEvents(taskId)), taskId);
    assert.deepEqual(h.taskEvents(second), [
      "Created",
      "InQueue",
      "ConnectedToUser",
      "DestinationReached",
      "Terminated",
    ]);
    const handled = entryEvents(entryId).at(-1);
    assert.equal(handled?.data.completionReason, "DestinationReached");
    assert.equal(handled?.data.unifiedConversationId, second);
    assert.deepEqual(
      handled?.detail.attempts.map((a) => [a.taskId, a.outcome]),
      [
        [first, "Busy"],
        [second, "DestinationReached"],
      ],
    );
    assert.equal(h.state.entries.has(entryId), false, "a handled entry leaves the state");
  });

  it("carries the entry's fields into the payload and the outbound task", () => {
    const { h, create, entryEvents, due } = harness();
    const entryId = create({
      referenceId: "crm-42",
      priority: "Urgent",
      customer: { firstName: "Ada", lastName: "Lovelace" },
    });
    const scheduled = entryEvents(entryId)[0]?.data;
    assert.equal(scheduled?.serviceUpn, "support@demo.cirrus.test");
    assert.equal(scheduled?.ReferenceId, "crm-42");
    assert.equal(scheduled?.distributionPriority, "Urgent");
    assert.equal(scheduled?.dueDateTimeUtc, new Date(h.now + 60_000).toISOString());
    assert.equal(scheduled?.direction, "Outbound");
    const taskId = due(entryId);
    const task = h.state.tasks.get(taskId);
    assert.equal(task?.data.direction, "Outbound");
    assert.equal(task?.data.destinationTelNumber, "+41791230000");
    assert.equal(task?.data.referenceId, "crm-42");
    assert.equal(task?.data.outboundAttempt, 1);
    assert.equal(task?.data.taskInformation.customer?.firstName, "Ada");
    assert.equal(task?.priority, 4, "Urgent");
    assert.equal(task?.ronaMs, 20_000);
  });

  it("reaches its limit when every attempt fails, keeping each outcome", () => {
    const { create, types, entryEvents, due, take, report } = harness();
    const entryId = create({ maxAttempts: 2 });
    const first = due(entryId);
    take("user-alice");
    report(first, "NoAnswer");
    const second = due(entryId);
    take("user-alice");
    report(second, "Failed");
    assert.deepEqual(types(entryId), [
      "Scheduled",
      "DueDateReached",
      "Scheduled",
      "DueDateReached",
      "LimitReached",
    ]);
    const last = entryEvents(entryId).at(-1);
    assert.equal(last?.data.completionReason, "DialFailed");
    assert.deepEqual(
      last?.detail.attempts.map((a) => a.outcome),
      ["NoAnswer", "DialFailed"],
    );
  });

  it("waits its queue time for a user even when nobody is there, then tries again", () => {
    const { h, create, types, due } = harness();
    const entryId = create({ maxQueueSeconds: 30 });
    const taskId = due(entryId);
    assert.equal(h.state.tasks.get(taskId)?.status, "queued", "no noUsers exit for a call out");
    h.now += 30_000;
    h.run({ kind: "FireTimer", timer: { kind: "queue", taskId } });
    assert.deepEqual(h.taskEvents(taskId), ["Created", "InQueue", "QueueLeft", "Terminated"]);
    assert.deepEqual(types(entryId), ["Scheduled", "DueDateReached", "Scheduled"]);
    assert.deepEqual(
      h.state.entries.get(entryId)?.attempts.map((a) => a.outcome),
      ["MaxQueueTime"],
    );
  });

  it("stops an attempt whose destination was not reached in time", () => {
    const { h, create, types, due, take } = harness();
    const entryId = create({ attemptTimeoutSeconds: 60, maxAttempts: 1 });
    const taskId = due(entryId);
    take("user-alice");
    h.now += 59_999;
    h.run({ kind: "FireTimer", timer: { kind: "attempt", entryId, taskId } });
    assert.equal(h.state.tasks.get(taskId)?.status, "connected", "not a millisecond early");
    h.now += 1;
    h.run({ kind: "FireTimer", timer: { kind: "attempt", entryId, taskId } });
    assert.equal(h.state.tasks.has(taskId), false);
    assert.deepEqual(types(entryId), ["Scheduled", "DueDateReached", "LimitReached"]);
  });

  it("is changed or removed only while it waits; in progress it answers a conflict", () => {
    const { h, create, types, due } = harness();
    const entryId = create();
    const { reply } = h.run({
      kind: "UpdateSchedulerEntry",
      entryId,
      entry: {
        ...(h.state.entries.get(entryId)?.spec as EntryWrite),
        dueAt: h.now + 120_000,
        destination: "+41791239999",
      },
    });
    assert.deepEqual(reply, {});
    assert.equal(h.state.entries.get(entryId)?.spec.destination, "+41791239999");
    assert.equal(h.state.entries.get(entryId)?.spec.createdBy, "user-admin");
    due(entryId);
    const spec = h.state.entries.get(entryId)?.spec as EntryWrite;
    const change = fault(() => h.run({ kind: "UpdateSchedulerEntry", entryId, entry: spec }));
    assert.equal(change.code, "conflict");
    const removal = fault(() => h.run({ kind: "RemoveSchedulerEntry", entryId }));
    assert.equal(removal.code, "conflict");
    assert.match(removal.message, /in progress/);

    const other = create();
    h.run({ kind: "RemoveSchedulerEntry", entryId: other });
    assert.deepEqual(types(other), ["Scheduled", "Removed"]);
    assert.ok(followsEntryGrammar(types(other), true));
    const gone = fault(() => h.run({ kind: "RemoveSchedulerEntry", entryId: other }));
    assert.equal(gone.code, "not_found");
    assert.deepEqual(types(entryId), ["Scheduled", "Scheduled", "DueDateReached"]);
    assert.ok(followsEntryGrammar(types(entryId), false));
  });

  it("refuses fewer attempts than were made already, and takes more", () => {
    const { h, create, due, take, report } = harness();
    const entryId = create({ maxAttempts: 3 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const taskId = due(entryId);
      take("user-alice");
      report(taskId, "Busy");
    }
    const spec = h.state.entries.get(entryId)?.spec as EntryWrite;
    const fewer = fault(() =>
      h.run({ kind: "UpdateSchedulerEntry", entryId, entry: { ...spec, maxAttempts: 2 } }),
    );
    assert.equal(fewer.field, "maxAttempts");
    h.run({ kind: "UpdateSchedulerEntry", entryId, entry: { ...spec, maxAttempts: 4 } });
    assert.equal(h.state.entries.get(entryId)?.spec.maxAttempts, 4);
    assert.equal(h.state.entries.get(entryId)?.attempts.length, 2, "its attempts are kept");
  });

  it("ignores a due timer that fires early, and fails an entry whose service is gone", () => {
    const { h, create, types } = harness();
    const entryId = create();
    h.now += 59_999;
    h.run({ kind: "FireTimer", timer: { kind: "due", entryId } });
    assert.deepEqual(types(entryId), ["Scheduled"]);
    // By the due date the service no longer makes calls.
    const directory = demoDirectory();
    const services = directory.services.map((s) =>
      s.id === "service-support" ? { ...s, modalities: ["Email" as const] } : s,
    );
    replaceDirectory(h.state, indexDirectory({ ...directory, services }));
    h.now += 1;
    h.run({ kind: "FireTimer", timer: { kind: "due", entryId } });
    assert.deepEqual(types(entryId), ["Scheduled", "Failed"]);
    assert.ok(followsEntryGrammar(types(entryId), true));
  });

  it("takes the destination's outcome only for an outbound call its user holds", () => {
    const { h, create, due, report } = harness();
    const inbound = h.busy("user-alice", "support@demo.cirrus.test");
    assert.match(fault(() => report(inbound, "Answered")).message, /no outbound call/);
    const entryId = create();
    const queued = due(entryId);
    assert.match(fault(() => report(queued, "Answered")).message, /no user has taken/);
  });

  it("rebuilds entries and their timers from the log alone, and keeps them in snapshots", () => {
    const { h, create, due, take, report } = harness();
    const waiting = create();
    const retried = create({ dueAt: h.now + 10_000 });
    const attempt = due(retried);
    take("user-bob");
    report(attempt, "Busy");
    const running = create({ dueAt: h.now + 1_000 });
    due(running);
    const replayed = emptyState(h.state.tenantId, h.state.directory);
    for (const event of h.log) evolve(replayed, event);
    assert.deepEqual(snapshotOf(replayed).entries, snapshotOf(h.state).entries);
    const timers = pendingTimers(replayed).filter(
      (t) => t.ref.kind === "due" || t.ref.kind === "attempt",
    );
    assert.deepEqual(
      timers.map((t) => [t.id, t.at]).sort(),
      [
        [`due:${waiting}`, h.state.entries.get(waiting)?.spec.dueAt],
        [`due:${retried}`, h.state.entries.get(retried)?.spec.dueAt],
        [`attempt:${running}`, h.state.entries.get(running)?.attemptUntil],
      ].sort(),
    );
  });
});

describe("external tasks", () => {
  it("walk the service's workflow with what they came with, at their priority", () => {
    const h = new DomainHarness(demoDirectory());
    const { reply } = h.run({
      kind: "AddExternalTask",
      serviceId: "service-sales",
      customerIdentifier: "ticket-7",
      customer: { displayName: "Grace Hopper" },
      parameters: [{ name: "ticket", value: "7" }],
      priority: "Urgent",
      preferredUsers: [{ upn: "erin@demo.cirrus.test", priority: 1 }],
    });
    assert.ok("taskId" in reply);
    const started = h.log.find((e) => e.type === "WorkflowStarted" && e.taskId === reply.taskId);
    const task = started?.type === "WorkflowStarted" ? started : undefined;
    assert.equal(task?.data.modality, "ExternalTask");
    assert.equal(task?.data.customerIdentifier, "ticket-7");
    assert.equal(task?.data.isAnonymous, false);
    assert.deepEqual(task?.data.taskInformation.customContextParameters, [
      { name: "ticket", value: "7" },
    ]);
    assert.equal(task?.data.taskInformation.preferredUsers[0]?.upn, "erin@demo.cirrus.test");
    // Nobody is available: it waits in the built-in workflow's queue for someone.
    assert.deepEqual(h.taskEvents(reply.taskId), ["WorkflowStarted", "SystemAccepted", "InQueue"]);
    const queued = h.log.find((e) => e.type === "InQueue" && e.taskId === reply.taskId);
    assert.equal(queued?.type === "InQueue" ? queued.detail.priority : 0, 4, "Urgent");
  });

  it("are removed by the system that added them, from the queue or from their user", () => {
    const h = new DomainHarness(demoDirectory());
    h.available("user-dave");
    h.busy("user-dave", "sales@demo.cirrus.test");
    h.available("user-erin");
    h.busy("user-erin", "sales@demo.cirrus.test");
    h.available("user-frank");
    h.busy("user-frank", "sales@demo.cirrus.test");
    // Everyone holds a call: the external task waits.
    const add = () => {
      const { reply } = h.run({ kind: "AddExternalTask", serviceId: "service-sales" });
      assert.ok("taskId" in reply);
      return reply.taskId;
    };
    const waiting = add();
    assert.equal(h.state.tasks.get(waiting)?.status, "queued");
    assert.equal(h.state.tasks.get(waiting)?.data.isAnonymous, true);
    h.run({ kind: "RemoveExternalTask", taskId: waiting });
    assert.deepEqual(h.taskEvents(waiting), [
      "WorkflowStarted",
      "SystemAccepted",
      "InQueue",
      "QueueLeft",
      "Terminated",
    ]);
    const call = h.log.find((e) => e.type === "Terminated" && e.taskId === waiting);
    assert.equal(call?.type === "Terminated" ? call.detail.reason : "", "Removed");
    const inbound = h.call("sales@demo.cirrus.test");
    assert.equal(
      fault(() => h.run({ kind: "RemoveExternalTask", taskId: inbound })).field,
      "externalTaskId",
    );
    assert.equal(
      fault(() => h.run({ kind: "AddExternalTask", serviceId: "service-support" })).field,
      "serviceUpn",
      "support takes no external tasks",
    );
  });
});

describe("snapshots of a state with many entries", () => {
  it("wait for ten events per task, entry and user, and at least the configured number", () => {
    const h = new DomainHarness(demoDirectory());
    assert.equal(snapshotThreshold(h.state, 10_000, 10), 10_000);
    for (let n = 0; n < 1_500; n++) {
      h.run({
        kind: "CreateSchedulerEntry",
        entry: {
          serviceId: "service-support",
          destination: "+41791230000",
          priority: "Normal",
          dueAt: h.now + 3_600_000,
          maxAttempts: 1,
          attemptTimeoutSeconds: 600,
          maxQueueSeconds: 300,
          ronaSeconds: 20,
          parameters: [],
          retryDelaySeconds: 300,
          createdBy: "user-admin",
        },
      });
    }
    assert.equal(snapshotThreshold(h.state, 10_000, 10), 15_000);
    assert.equal(snapshotThreshold(h.state, 4, 0), 4);
  });
});
