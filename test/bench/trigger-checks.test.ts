/**
 * The trigger benchmark's delivery checks catch what they are there for: a delivery missing,
 * arriving twice or out of task order, one no task of the round produced, and a task that
 * ended by itself before its caller hung up (a queue leaving by `noUsers`), whether its
 * callbacks arrive early or late. A clean round passes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { taskEvents } from "../../bench/triggers/api.ts";
import { checkDeliveries } from "../../bench/triggers/checks.ts";
import type { TaskTimes } from "../../bench/triggers/load.ts";
import type { Receipt } from "../../bench/triggers/receiver.ts";

const subscription = { k: 7, id: "sub-a", secret: "whsec_unused" };
/** Monotonic ms and the wall clock of the same instant, as the bench stamps them. */
const wallAt = (monotonic: number) => 1_800_000_000_000 + monotonic;

function task(taskId: string, callSent: number): TaskTimes {
  return {
    taskId,
    callSent,
    callAcked: callSent + 2,
    hangupSent: callSent + 3,
    hangupSentWall: wallAt(callSent + 3),
    hangupAcked: callSent + 5,
  };
}

/** The five callbacks of a task the way they should arrive: in order, after their causes. */
function receipts(t: TaskTimes, firstSeq: number): Receipt[] {
  return taskEvents.map((event, i) => {
    const at = (i < 3 ? t.callAcked : t.hangupAcked) + 1 + i;
    return {
      sub: subscription.k,
      id: `msg_${subscription.id}_${firstSeq + i}`,
      taskId: t.taskId,
      event,
      terminated: event === "Terminated" ? wallAt(t.hangupSent + 1) : Number.NaN,
      bytes: 500,
      at,
    };
  });
}

const tasks = new Map([
  ["t1", task("t1", 100)],
  ["t2", task("t2", 200)],
]);
const clean = [
  ...receipts(tasks.get("t1") as TaskTimes, 1),
  ...receipts(tasks.get("t2") as TaskTimes, 6),
];
const check = (arrived: readonly Receipt[]) => checkDeliveries([subscription], tasks, arrived, []);

describe("trigger benchmark checks", () => {
  it("pass a round where every callback arrived once, in order, after its cause", () => {
    const c = check(clean);
    assert.deepEqual(
      [c.expected, c.delivered, c.missing, c.duplicates, c.outOfOrder, c.unexpected, c.leftEarly],
      [10, 10, 0, 0, 0, 0, 0],
    );
    assert.equal(c.badIds, 0);
  });

  it("count a missing, a repeated and a reordered delivery", () => {
    const [a, b, c, d, e] = clean;
    assert.ok(a && b && c && d && e);
    assert.equal(check(clean.slice(1)).missing, 1);
    assert.equal(check([...clean, a]).duplicates, 1);
    assert.equal(check([b, a, ...clean.slice(2)]).outOfOrder, 1);
  });

  it("count deliveries of a task or event the round did not produce, and malformed ids", () => {
    const [first] = clean;
    assert.ok(first);
    const stray = { ...first, id: "msg_sub-a_99", taskId: "t9" };
    assert.equal(check([...clean, stray]).unexpected, 1);
    const badId = { ...first, id: "msg_other_1" };
    assert.equal(check([badId, ...clean.slice(1)]).badIds, 1);
  });

  it("count a task that left the queue before its caller hung up, its callbacks arriving late", () => {
    // As when the queue left by noUsers: QueueLeft and Terminated committed with the call,
    // delivered only after the hang-up was sent, stamped terminated at the call.
    const t1 = tasks.get("t1") as TaskTimes;
    const ended = clean.map((r) =>
      r.taskId === "t1" && r.event === "Terminated" ? { ...r, terminated: wallAt(t1.callSent) } : r,
    );
    assert.equal(check(ended).leftEarly, 1);
  });

  it("count hang-up callbacks that arrive before the hang-up was even sent", () => {
    const t2 = tasks.get("t2") as TaskTimes;
    const early = clean.map((r) =>
      r.taskId === "t2" && (r.event === "QueueLeft" || r.event === "Terminated")
        ? { ...r, at: t2.callAcked + 0.5 }
        : r,
    );
    assert.equal(check(early).leftEarly, 2);
  });
});
