/** A tenant's timers behind one clock timer: order, replacement, clearing. */
import assert from "node:assert/strict";
import { it } from "node:test";
import type { Timer } from "../../src/domain/timers.ts";
import { ManualClock } from "../../src/engine/manual-clock.ts";
import { TimerQueue } from "../../src/engine/timer-queue.ts";

const timer = (taskId: string, at: number): Timer => ({
  id: `queue:${taskId}`,
  at,
  ref: { kind: "queue", taskId },
});

function queueWithLog(clock: ManualClock): { queue: TimerQueue; fired: string[] } {
  const fired: string[] = [];
  const queue = new TimerQueue(clock, (t) => fired.push(t.id));
  return { queue, fired };
}

it("fires timers in order of due time, those due together in the order they were set", () => {
  const clock = new ManualClock(0);
  const { queue, fired } = queueWithLog(clock);
  const times = [50, 10, 30, 10, 70, 30, 20, 60, 40, 10];
  times.forEach((at, i) => {
    queue.set(timer(`t${i}`, at));
  });
  assert.equal(clock.pendingCount, 1, "one clock timer for them all");
  clock.set(35);
  assert.deepEqual(fired, ["queue:t1", "queue:t3", "queue:t9", "queue:t6", "queue:t2", "queue:t5"]);
  assert.equal(queue.size, 4);
  clock.set(100);
  assert.deepEqual(fired.slice(6), ["queue:t8", "queue:t0", "queue:t7", "queue:t4"]);
  assert.equal(queue.size, 0);
  assert.equal(clock.pendingCount, 0);
});

it("a cleared timer never fires, and a timer set again keeps only its new time", () => {
  const clock = new ManualClock(0);
  const { queue, fired } = queueWithLog(clock);
  for (let i = 0; i < 20; i++) queue.set(timer(`t${i}`, 100 - i));
  for (let i = 0; i < 20; i += 2) queue.clear(`queue:t${i}`);
  queue.set(timer("t1", 500));
  queue.clear("queue:unknown");
  clock.set(200);
  assert.deepEqual(
    fired,
    [19, 17, 15, 13, 11, 9, 7, 5, 3].map((i) => `queue:t${i}`),
  );
  clock.set(500);
  assert.deepEqual(fired.at(-1), "queue:t1");
  assert.equal(queue.size, 0);
});

it("re-arms its clock timer when an earlier timer comes or the earliest goes", () => {
  const clock = new ManualClock(0);
  const { queue, fired } = queueWithLog(clock);
  queue.set(timer("late", 100));
  queue.set(timer("early", 10));
  assert.equal(clock.pendingCount, 1);
  queue.clear("queue:early");
  clock.set(50);
  assert.deepEqual(fired, []);
  clock.set(100);
  assert.deepEqual(fired, ["queue:late"]);
});

it("a time that is no number is due at once; stop clears everything", () => {
  const clock = new ManualClock(1_000);
  const { queue, fired } = queueWithLog(clock);
  queue.set(timer("later", 2_000));
  queue.set(timer("corrupt", Number.NaN));
  clock.set(1_000);
  assert.deepEqual(fired, ["queue:corrupt"]);
  queue.stop();
  assert.equal(queue.size, 0);
  assert.equal(clock.pendingCount, 0);
  clock.set(5_000);
  assert.deepEqual(fired, ["queue:corrupt"]);
});
