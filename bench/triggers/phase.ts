/**
 * One load phase against N subscriptions: drive tasks for a warm-up and a measured window,
 * wait for every expected delivery (or give up when arrivals stall), then join what arrived
 * with the requests that produced it.
 */
import type { ApiClient } from "../../test/support/api-client.ts";
import { type Subscription, taskEvents } from "./api.ts";
import { type Correctness, checkDeliveries, expectedEvents } from "./checks.ts";
import { type DeliveryLatency, deliveryLatency } from "./latency.ts";
import { TaskLog } from "./load.ts";
import { type CpuFigure, cpuBetween, type LogFigure, logBetween, readWindow } from "./probe.ts";
import type { Receipt, Receiver, Sample } from "./receiver.ts";
import { nowMs, pause } from "./time.ts";

export interface PhaseSetup {
  readonly client: ApiClient;
  readonly gatewayToken: string;
  readonly receiver: Receiver;
  readonly separateReceiver: boolean;
  readonly subscriptions: readonly Subscription[];
  readonly warmupMs: number;
  readonly windowMs: number;
}

export interface PhaseFigures {
  readonly windowSeconds: number;
  readonly tasksStarted: number;
  readonly log: LogFigure;
  /** Arrivals at the receiver within the window, per second. */
  readonly deliveriesPerSecond: number;
  /** Of the tasks whose call was sent within the window. */
  readonly latency: Omit<DeliveryLatency, "ackTimes">;
  /** From the end of the load to the last arrival. */
  readonly drainMs: number;
  readonly cpu: CpuFigure;
  readonly correctness: Correctness;
  readonly loadErrors: number;
  readonly firstLoadErrors: readonly string[];
}

export interface PhaseOutcome {
  readonly figures: PhaseFigures;
  readonly ackTimes: readonly number[];
  readonly receipts: readonly Receipt[];
  readonly samples: readonly Sample[];
}

/** How the tasks are driven: returns once no more are to be started after `endAt`. */
export type Drive = (log: TaskLog, endAt: number, outstanding: () => number) => Promise<void>;

const stallMs = 3000;
const drainLimitMs = 20_000;

/** Waits until `target` arrivals since `base`, or arrivals stop for `stallMs`. */
async function drain(receiver: Receiver, base: number, target: number): Promise<void> {
  const deadline = nowMs() + drainLimitMs;
  let seen = receiver.count();
  let lastProgress = nowMs();
  while (receiver.count() - base < target && nowMs() < deadline) {
    if (receiver.count() !== seen) {
      seen = receiver.count();
      lastProgress = nowMs();
    } else if (nowMs() - lastProgress > stallMs) {
      return;
    }
    await pause(2);
  }
}

export async function runPhase(setup: PhaseSetup, drive: Drive): Promise<PhaseOutcome> {
  const { receiver, subscriptions } = setup;
  const n = subscriptions.length;
  const log = new TaskLog(setup.client, setup.gatewayToken);
  const base = receiver.count();
  const start = nowMs();
  const from = start + setup.warmupMs;
  const to = from + setup.windowMs;
  const readings = readWindow(setup.client, receiver, from, to);
  await drive(log, to, () => log.started * taskEvents.length * n - (receiver.count() - base));
  const window = await readings;
  const loadEnd = nowMs();
  let expected = 0;
  for (const task of log.tasks.values()) expected += expectedEvents(task).length * n;
  await drain(receiver, base, expected);
  const { receipts, samples } = await receiver.take();
  const ks = new Set(subscriptions.map((s) => s.k));
  const ours = receipts.filter((r) => ks.has(r.sub));
  const inWindow = ours.filter((r) => r.at >= from && r.at < to).length;
  const lastArrival = ours.reduce((last, r) => Math.max(last, r.at), loadEnd);
  const { ackTimes, ...latency } = deliveryLatency(ours, ks, log.tasks, from, to);
  return {
    figures: {
      windowSeconds: (to - from) / 1000,
      tasksStarted: log.started,
      log: logBetween(window),
      deliveriesPerSecond: inWindow / ((to - from) / 1000),
      latency,
      drainMs: lastArrival - loadEnd,
      cpu: cpuBetween(window, setup.separateReceiver),
      correctness: checkDeliveries(subscriptions, log.tasks, receipts, samples),
      loadErrors: log.errors,
      firstLoadErrors: log.firstErrors,
    },
    ackTimes,
    receipts: ours,
    samples,
  };
}
