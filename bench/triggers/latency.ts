/** Latency samples and their summary; the join of arrivals with the requests that caused them. */
import { percentile } from "../stats.ts";
import { callEvents } from "./api.ts";
import type { TaskTimes } from "./load.ts";
import type { Receipt } from "./receiver.ts";

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? 0,
  };
}

/** Arrivals of the tasks whose call was sent in [from, to), and their bounds. */
export interface DeliveryLatency {
  /** Acknowledgement of the request that produced the event → arrival: ≤ the true latency. */
  readonly fromAck: LatencySummary;
  /** Sending of that request → arrival: ≥ the true latency. */
  readonly fromSend: LatencySummary;
  /** The acknowledgement times, one per arrival: the offered load for the baseline replay. */
  readonly ackTimes: readonly number[];
}

const fromCall: ReadonlySet<string> = new Set(callEvents);

export function deliveryLatency(
  receipts: readonly Receipt[],
  subscriptionKs: ReadonlySet<number>,
  tasks: ReadonlyMap<string, TaskTimes>,
  from: number,
  to: number,
): DeliveryLatency {
  const fromAck: number[] = [];
  const fromSend: number[] = [];
  const ackTimes: number[] = [];
  for (const r of receipts) {
    const task = tasks.get(r.taskId);
    if (!task || !subscriptionKs.has(r.sub) || task.callSent < from || task.callSent >= to) {
      continue;
    }
    const call = fromCall.has(r.event);
    const acked = call ? task.callAcked : task.hangupAcked;
    const sent = call ? task.callSent : task.hangupSent;
    if (Number.isNaN(acked)) continue;
    fromAck.push(r.at - acked);
    fromSend.push(r.at - sent);
    ackTimes.push(acked);
  }
  ackTimes.sort((a, b) => a - b);
  return { fromAck: summarize(fromAck), fromSend: summarize(fromSend), ackTimes };
}
