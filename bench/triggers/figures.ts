/** The figures of a trigger-benchmark run, as printed and as written by `--json`. */
import type { BaselineResult } from "./baseline.ts";
import type { LatencySummary } from "./latency.ts";
import type { TriggerBenchOptions } from "./options.ts";
import type { PhaseFigures } from "./phase.ts";

/** An undici baseline and the CPU cores busy while it ran (sender; receiver if apart). */
export type BaselineFigure = BaselineResult & {
  readonly cpu: { readonly bench: number; readonly receiver: number | null };
};

export interface RoundFigures {
  readonly subscriptions: number;
  readonly targetPerSecond: number;
  readonly tasksPerSecond: number;
  /** One-row SQLite transactions (WAL, synchronous FULL) next to the data, before the round. */
  readonly disk: LatencySummary;
  readonly paced: PhaseFigures & { readonly generatorMaxBehind: number };
  readonly max: PhaseFigures & { readonly heldBack: number; readonly backlogBound: number };
  /** Null in a smoke run. */
  readonly baseline: {
    readonly connections: number;
    readonly bodyBytes: number;
    readonly cirrusMeanBodyBytes: number;
    readonly paced: BaselineFigure;
    readonly max: BaselineFigure;
  } | null;
  /** Null in a smoke run. */
  readonly ratios: {
    /** Cirrus max deliveries/s ÷ undici max POSTs/s. */
    readonly maxRate: number;
    /** Cirrus paced deliveries/s ÷ undici replay POSTs/s. */
    readonly pacedRate: number;
    /** Cirrus paced p99 (ack → arrival) ÷ undici replay p99. */
    readonly pacedP99: number;
  } | null;
}

export interface TriggerBenchFigures {
  readonly config: TriggerBenchOptions & {
    readonly sqliteSynchronous: "FULL";
    readonly node: string;
    readonly cpus: number;
  };
  readonly method: Readonly<Record<"latency" | "baseline" | "maxPhase", string>>;
  readonly rounds: readonly RoundFigures[];
  /** The latency goal, judged on the paced round with one subscription; null when none ran. */
  readonly target: {
    readonly p99Ms: number;
    readonly measuredP99Ms: number;
    readonly met: boolean;
  } | null;
  /** Why the run failed; empty when it did not. */
  readonly failures: readonly string[];
}

/** The goal: commit → callback p99 below this at one subscription, paced. */
export const targetP99Ms = 50;

export function targetOf(rounds: readonly RoundFigures[]): TriggerBenchFigures["target"] {
  const one = rounds.find((r) => r.subscriptions === 1);
  if (!one) return null;
  const measuredP99Ms = one.paced.latency.fromAck.p99Ms;
  return { p99Ms: targetP99Ms, measuredP99Ms, met: measuredP99Ms < targetP99Ms };
}

export const method = {
  latency:
    "event committed → callback received is bracketed: ack→recv runs from the moment the " +
    "bench received the response of the ingress call that produced the event (calls: " +
    "WorkflowStarted, SystemAccepted, InQueue; hang-ups: QueueLeft, Terminated) and is ≤ " +
    "the true latency, since the response leaves after the commit; send→recv runs from " +
    "sending that request and is ≥ it. Tasks whose call was sent within the window.",
  baseline:
    "the same number of POSTs, Standard-Webhooks-signed, with a payload Cirrus delivered, " +
    "sent by undici from the bench process through one Pool with min(32, 16·N) connections " +
    "(the engine's 32-connection Agent, 16 tasks at once per subscription): replayed on the " +
    "paced phase's commit schedule (latency: scheduled → received), then flooded",
  maxPhase:
    "32 caller workers back to back, each waiting while more than the bound of deliveries " +
    "are outstanding; deliveries/s = arrivals within the window",
} as const;
