/**
 * One round: N subscriptions, a paced phase at the target rate, an as-fast-as-it-goes phase,
 * then (subscriptions deleted) the undici baseline of the same POSTs.
 */
import type { ApiClient } from "../../test/support/api-client.ts";
import {
  deleteSubscriptions,
  registerSubscriptions,
  type Subscription,
  taskEvents,
} from "./api.ts";
import { UndiciBaseline } from "./baseline.ts";
import { probeDisk } from "./disk-probe.ts";
import type { BaselineFigure, RoundFigures } from "./figures.ts";
import { maxLoad, pacedLoad } from "./load.ts";
import type { TriggerBenchOptions } from "./options.ts";
import { type PhaseSetup, runPhase } from "./phase.ts";
import type { Receipt, Receiver, Sample } from "./receiver.ts";

export interface RoundContext {
  readonly options: TriggerBenchOptions;
  readonly client: ApiClient;
  readonly adminToken: string;
  readonly gatewayToken: string;
  readonly receiver: Receiver;
  /** On the data directory's disk, for the disk probe. */
  readonly scratchDir: string;
  readonly log: (message: string) => void;
}

/** Caller workers of the max phase, and the most deliveries it lets be outstanding. */
const maxWorkers = 32;
const backlogBound = 4000;
/** The delivery engine: 32 connections per origin, at most 16 tasks at once per subscription. */
const engineConnections = 32;
const perSubscription = 16;

let nextK = 0;

/** A payload Cirrus delivered, of about the mean size. */
function typicalBody(receipts: readonly Receipt[], samples: readonly Sample[]): string {
  const mean = receipts.reduce((sum, r) => sum + r.bytes, 0) / Math.max(1, receipts.length);
  const sorted = [...samples].sort(
    (a, b) => Math.abs(a.body.length - mean) - Math.abs(b.body.length - mean),
  );
  return sorted[0]?.body ?? JSON.stringify({ padding: "x".repeat(Math.round(mean)) });
}

const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function baseline(
  ctx: RoundContext,
  connections: number,
  body: string,
  send: (b: UndiciBaseline) => Promise<void>,
): Promise<BaselineFigure> {
  const b = new UndiciBaseline(ctx.receiver.url, connections, body);
  try {
    const before = [ownCpuSeconds(), await ctx.receiver.cpuSeconds()] as const;
    await send(b);
    const after = [ownCpuSeconds(), await ctx.receiver.cpuSeconds()] as const;
    const result = b.result((await ctx.receiver.take()).receipts);
    const cores = (i: 0 | 1) => (result.seconds > 0 ? (after[i] - before[i]) / result.seconds : 0);
    const separate = ctx.options.receiver === "process";
    return { ...result, cpu: { bench: cores(0), receiver: separate ? cores(1) : null } };
  } finally {
    await b.close();
  }
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

function phaseSetup(
  ctx: RoundContext,
  subscriptions: readonly Subscription[],
  warmupMs: number,
  windowMs: number,
): PhaseSetup {
  return {
    client: ctx.client,
    gatewayToken: ctx.gatewayToken,
    receiver: ctx.receiver,
    separateReceiver: ctx.options.receiver === "process",
    subscriptions,
    warmupMs,
    windowMs,
  };
}

async function subscribe(ctx: RoundContext, n: number): Promise<Subscription[]> {
  const first = nextK;
  nextK += n;
  const subscriptions = await registerSubscriptions(
    ctx.client,
    ctx.adminToken,
    ctx.receiver.url,
    first,
    n,
  );
  await ctx.receiver.take();
  return subscriptions;
}

/** Unmeasured: one subscription at the target rate, so that the first round meets warm code. */
export async function warmUp(ctx: RoundContext, seconds: number): Promise<void> {
  ctx.log(`warming the server up for ${seconds} s`);
  const subscriptions = await subscribe(ctx, 1);
  const perSecond = ctx.options.rate / taskEvents.length;
  await runPhase(phaseSetup(ctx, subscriptions, 0, seconds * 1000), async (log, endAt) => {
    await pacedLoad(log, perSecond, endAt, 256);
  });
  await deleteSubscriptions(ctx.client, ctx.adminToken, subscriptions);
}

export async function runRound(ctx: RoundContext, n: number): Promise<RoundFigures> {
  const { options } = ctx;
  const subscriptions = await subscribe(ctx, n);
  const disk = probeDisk(ctx.scratchDir);
  const tasksPerSecond = options.rate / (n * taskEvents.length);
  let maxBehind = 0;
  ctx.log(`N=${n}: paced, ${tasksPerSecond.toFixed(1)} tasks/s for ${options.rate} deliveries/s`);
  const pacedSetup = phaseSetup(
    ctx,
    subscriptions,
    options.warmupSeconds * 1000,
    options.seconds * 1000,
  );
  const paced = await runPhase(pacedSetup, async (log, endAt) => {
    maxBehind = (await pacedLoad(log, tasksPerSecond, endAt, 256)).maxBehind;
  });
  ctx.log(`N=${n}: as fast as it goes`);
  let heldBack = 0;
  const maxSetup = phaseSetup(ctx, subscriptions, 500, options.maxSeconds * 1000);
  const max = await runPhase(maxSetup, async (log, endAt, left) => {
    heldBack = (await maxLoad(log, maxWorkers, endAt, left, backlogBound)).heldBack;
  });
  await deleteSubscriptions(ctx.client, ctx.adminToken, subscriptions);
  const round = {
    subscriptions: n,
    targetPerSecond: options.rate,
    tasksPerSecond,
    disk,
    paced: { ...paced.figures, generatorMaxBehind: maxBehind },
    max: { ...max.figures, heldBack, backlogBound },
  };
  if (options.smoke) return { ...round, baseline: null, ratios: null };
  ctx.log(`N=${n}: undici baseline`);
  const connections = Math.min(engineConnections, perSubscription * n);
  const body = typicalBody(paced.receipts, paced.samples);
  const pacedBaseline = await baseline(ctx, connections, body, (b) => b.replay(paced.ackTimes));
  const maxCount = Math.round(max.figures.deliveriesPerSecond * options.maxSeconds);
  const maxBaseline = await baseline(ctx, connections, body, (b) =>
    b.flood(Math.max(1000, maxCount), connections),
  );
  const cirrusMean =
    paced.receipts.reduce((sum, r) => sum + r.bytes, 0) / Math.max(1, paced.receipts.length);
  return {
    ...round,
    baseline: {
      connections,
      bodyBytes: body.length,
      cirrusMeanBodyBytes: cirrusMean,
      paced: pacedBaseline,
      max: maxBaseline,
    },
    ratios: {
      maxRate: ratio(max.figures.deliveriesPerSecond, maxBaseline.perSecond),
      pacedRate: ratio(paced.figures.deliveriesPerSecond, pacedBaseline.perSecond),
      pacedP99: ratio(paced.figures.latency.fromAck.p99Ms, pacedBaseline.latency.p99Ms),
    },
  };
}
