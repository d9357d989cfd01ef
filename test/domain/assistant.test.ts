/**
 * The virtual user assistant in the pure domain: with it switched on for a service, what is
 * said in its calls and chats is kept with the task and, when the conversation ends, Voice
 * Transcription Ready carries the session and service while the log keeps the transcript.
 * Without it nothing is kept and the gateway's lines are refused.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { DomainError } from "../../src/domain/errors.ts";
import type { AssistantEvent } from "../../src/domain/events.ts";
import { emptyState, evolve, transcriptLimits } from "../../src/domain/state.ts";
import { DomainHarness } from "../support/domain-harness.ts";
import { WorkflowHarness, workflow } from "../support/workflow-harness.ts";

function withAssistant(): DomainHarness {
  const directory = demoDirectory();
  return new DomainHarness({
    ...directory,
    // On for support, off for sales.
    services: directory.services.map((s) => ({
      ...s,
      virtualAssistant: s.id === "service-support",
    })),
  });
}

const ready = (h: DomainHarness, taskId: string) =>
  h.log.filter(
    (e): e is AssistantEvent => e.type === "VoiceTranscriptionReady" && e.taskId === taskId,
  );

describe("the virtual user assistant", () => {
  it("keeps a chat's transcript and raises Voice Transcription Ready when it ends", () => {
    const h = withAssistant();
    h.available("user-alice");
    const { reply } = h.run({
      kind: "ReceiveInbound",
      modality: "InstantMessaging",
      to: "support@demo.cirrus.test",
      from: "jane@example.com",
      message: "My invoice is wrong",
    });
    assert.ok("taskId" in reply);
    const taskId = reply.taskId;
    h.now += 5_000;
    h.run({ kind: "CustomerInput", taskId, message: "It is number 42" });
    h.run({ kind: "AcceptOffer", userId: "user-alice", offerId: h.offerOf("user-alice") });
    assert.deepEqual(ready(h, taskId), [], "nothing before the end");

    // Replaying the log so far rebuilds the same transcript.
    const replayed = emptyState(h.state.tenantId, h.state.directory);
    for (const event of h.log) evolve(replayed, event);
    assert.deepEqual(replayed.tasks.get(taskId)?.transcript, h.state.tasks.get(taskId)?.transcript);

    h.now += 60_000;
    h.run({ kind: "EndTask", userId: "user-alice", taskId });
    const [event] = ready(h, taskId);
    assert.ok(event, "raised once the conversation ended");
    assert.deepEqual(event.data, {
      ServiceSessionId: taskId,
      TenantId: "demo",
      ServiceUPN: "support@demo.cirrus.test",
      ServiceId: "service-support",
      ServiceName: "support",
    });
    assert.deepEqual(
      event.detail.transcript.map((line) => [line.speaker, line.text]),
      [
        ["Customer", "My invoice is wrong"],
        ["Customer", "It is number 42"],
      ],
    );
    const types = h.log.filter((e) => e.taskId === taskId).map((e) => e.type);
    assert.equal(types.at(-1), "VoiceTranscriptionReady", "right after Terminated");
    assert.equal(types.at(-2), "Terminated");
  });

  it("keeps the lines the gateway transcribes of a call, in order", () => {
    const h = withAssistant();
    h.available("user-alice"); // the call waits for her rather than leaving the queue
    const taskId = h.call("support@demo.cirrus.test");
    h.run({
      kind: "AddTranscript",
      taskId,
      lines: [
        { speaker: "Customer", text: "Hello, my line is down" },
        { speaker: "Assistant", text: "Which number is it?" },
      ],
    });
    h.run({ kind: "AddTranscript", taskId, lines: [{ speaker: "Customer", text: "044 500" }] });
    h.run({ kind: "Hangup", taskId });
    const [event] = ready(h, taskId);
    assert.deepEqual(
      event?.detail.transcript.map((line) => line.text),
      ["Hello, my line is down", "Which number is it?", "044 500"],
    );
    assert.equal(event?.detail.modality, "Audio");
  });

  it("takes no part where it is off, and keeps a transcript to its limit", () => {
    const h = withAssistant();
    h.available("user-dave");
    h.available("user-alice");
    const sales = h.call("sales@demo.cirrus.test");
    const refused = (() => {
      try {
        h.run({ kind: "AddTranscript", taskId: sales, lines: [{ speaker: "Agent", text: "hi" }] });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    assert.ok(refused instanceof DomainError && refused.code === "conflict");
    h.run({ kind: "Hangup", taskId: sales });
    assert.deepEqual(ready(h, sales), []);

    const support = h.call("support@demo.cirrus.test");
    const line = { speaker: "Customer" as const, text: "…" };
    h.run({
      kind: "AddTranscript",
      taskId: support,
      lines: Array.from({ length: transcriptLimits.lines }, () => line),
    });
    assert.throws(
      () => h.run({ kind: "AddTranscript", taskId: support, lines: [line] }),
      (error: unknown) => error instanceof DomainError && error.field === "segments",
    );

    // Characters are bounded too: a long call of long lines stops at the limit.
    const wordy = h.call("support@demo.cirrus.test");
    const long = { speaker: "Customer" as const, text: "x".repeat(4_000) };
    const fits = transcriptLimits.characters / long.text.length;
    h.run({
      kind: "AddTranscript",
      taskId: wordy,
      lines: Array.from({ length: fits }, () => long),
    });
    assert.throws(
      () => h.run({ kind: "AddTranscript", taskId: wordy, lines: [{ ...long, text: "y" }] }),
      (error: unknown) => error instanceof DomainError && error.field === "segments",
    );
  });

  it("keeps a transcript with the service whose assistant listened, across a transfer", () => {
    // The demo's sales line has the assistant; support has not.
    const h = new WorkflowHarness(demoDirectory());
    h.install(
      [
        workflow("sales-first", {
          start: { activity: "Start", exits: { next: "hello" } },
          hello: {
            activity: "Announcement",
            settings: { message: "Sales here, passing you on" },
            exits: { next: "move" },
          },
          move: {
            activity: "Transfer",
            settings: { target: { service: "support@demo.cirrus.test" } },
            exits: { failure: "bye" },
          },
          bye: { activity: "Disconnect" },
        }),
        workflow("support-bye", {
          start: { activity: "Start", exits: { next: "bye" } },
          bye: { activity: "Disconnect" },
        }),
      ],
      [
        { serviceId: "service-sales", modality: "Audio", workflowId: "sales-first" },
        { serviceId: "service-support", modality: "Audio", workflowId: "support-bye" },
      ],
    );
    const taskId = h.call("sales@demo.cirrus.test");
    h.advance(60_000);
    const [event] = ready(h, taskId);
    assert.ok(event, "the transferred call's transcript is ready when it ends");
    assert.equal(event.data.ServiceUPN, "sales@demo.cirrus.test");
    assert.equal(event.detail.serviceId, "service-sales");
    assert.deepEqual(
      event.detail.transcript.map((line) => [line.speaker, line.text]),
      [["Assistant", "Sales here, passing you on"]],
    );
    // A call that starts at support, which has no assistant, is not transcribed.
    const other = h.call("support@demo.cirrus.test");
    h.advance(60_000);
    assert.deepEqual(ready(h, other), []);
  });
});
