/**
 * Correctness of what arrived: every expected delivery (subscription × task × event) once,
 * no webhook-id twice, per subscription and task the events in the order they happened, and
 * no task leaving the queue before its caller hung up (nobody is signed in: a task must wait).
 */
import { Webhook } from "standardwebhooks";
import { callEvents, hangupEvents, type Subscription, taskEvents } from "./api.ts";
import type { TaskTimes } from "./load.ts";
import type { Receipt, Sample } from "./receiver.ts";

export interface Correctness {
  readonly expected: number;
  readonly delivered: number;
  readonly missing: number;
  /** Deliveries whose webhook-id had arrived before. */
  readonly duplicates: number;
  /** Deliveries that arrived after a later event of the same task and subscription. */
  readonly outOfOrder: number;
  /** Deliveries of a task, event or subscription this round did not produce. */
  readonly unexpected: number;
  /**
   * QueueLeft or Terminated deliveries that arrived before the hang-up was sent, or a
   * Terminated whose `terminated` time is before it: the task ended by itself (say by leaving
   * the queue by `noUsers`) instead of waiting for its caller.
   */
  readonly leftEarly: number;
  /** webhook-ids that are not `msg_{subscription id}_{seq}`. */
  readonly badIds: number;
  readonly signaturesChecked: number;
  readonly signaturesValid: number;
}

const eventIndex = new Map<string, number>(taskEvents.map((e, i) => [e, i]));
const fromHangup: ReadonlySet<string> = new Set(hangupEvents);

/** The events a task must have produced: the call's if it was acknowledged, and so on. */
export function expectedEvents(task: TaskTimes): readonly string[] {
  return Number.isNaN(task.hangupAcked) ? callEvents : taskEvents;
}

/** Arrival and send share the monotonic clock (time.ts); `terminated` is the server's wall clock. */
function endedEarly(task: TaskTimes, r: Receipt): boolean {
  if (!(r.at >= task.hangupSent)) return true;
  return r.event === "Terminated" && !(r.terminated >= task.hangupSentWall);
}

function seqOf(id: string, subscriptionId: string): number | undefined {
  const prefix = `msg_${subscriptionId}_`;
  const seq = id.startsWith(prefix) ? Number(id.slice(prefix.length)) : Number.NaN;
  return Number.isInteger(seq) ? seq : undefined;
}

function verified(subscription: Subscription | undefined, sample: Sample): boolean {
  if (!subscription) return false;
  try {
    new Webhook(subscription.secret).verify(sample.body, sample.headers);
    return true;
  } catch {
    return false;
  }
}

export function checkDeliveries(
  subscriptions: readonly Subscription[],
  tasks: ReadonlyMap<string, TaskTimes>,
  receipts: readonly Receipt[],
  samples: readonly Sample[],
): Correctness {
  const byK = new Map(subscriptions.map((s) => [s.k, s]));
  let expected = 0;
  for (const task of tasks.values()) expected += expectedEvents(task).length * byK.size;
  const ids = new Set<string>();
  const delivered = new Set<string>();
  const last = new Map<string, { seq: number; index: number }>();
  let duplicates = 0;
  let outOfOrder = 0;
  let unexpected = 0;
  let leftEarly = 0;
  let badIds = 0;
  for (const r of receipts) {
    const subscription = byK.get(r.sub);
    const task = tasks.get(r.taskId);
    if (task && fromHangup.has(r.event) && endedEarly(task, r)) leftEarly++;
    if (!subscription || !task || !expectedEvents(task).includes(r.event)) {
      unexpected++;
      continue;
    }
    if (ids.has(r.id)) {
      duplicates++;
      continue;
    }
    ids.add(r.id);
    const seq = seqOf(r.id, subscription.id);
    if (seq === undefined) badIds++;
    delivered.add(`${r.sub} ${r.taskId} ${r.event}`);
    const key = `${r.sub} ${r.taskId}`;
    const previous = last.get(key);
    const now = { seq: seq ?? Number.NaN, index: eventIndex.get(r.event) ?? -1 };
    if (previous && !(now.seq > previous.seq && now.index > previous.index)) outOfOrder++;
    last.set(key, now);
  }
  const checked = samples.filter((s) => byK.has(s.sub));
  return {
    expected,
    delivered: delivered.size,
    missing: expected - delivered.size,
    duplicates,
    outOfOrder,
    unexpected,
    leftEarly,
    badIds,
    signaturesChecked: checked.length,
    signaturesValid: checked.filter((s) => verified(byK.get(s.sub), s)).length,
  };
}
