/** The figures of a routing-benchmark run, as printed and as written by `--json`. */
import type { DistributionPolicy } from "../../src/domain/model.ts";
import { routingOf } from "../../src/domain/model.ts";
import type { CheckCounts } from "./checks.ts";
import type { RoutingDirectory, shape } from "./directory.ts";
import type { GcFigures } from "./gc-watch.ts";
import type { pace } from "./load.ts";
import type { RoutingBenchOptions } from "./options.ts";
import type { LoadPicture } from "./picture.ts";
import {
  type Agreement,
  type RoutingKind,
  routingKinds,
  type Samples,
  type Summary,
} from "./samples.ts";

/** The target: a routing decision's p99 under 1 ms. */
export const targetP99Ms = 1;

export interface KindFigures {
  readonly kind: RoutingKind | (typeof labels)[keyof typeof labels];
  readonly cirrus: Summary;
  /** The naive scan for the same decisions. */
  readonly baseline: Summary;
  /** Cirrus ÷ baseline: below 1 Cirrus is faster. */
  readonly ratioP50: number | null;
  readonly ratioP99: number | null;
  readonly agreement: Agreement | null;
}

export interface DirectoryFigures {
  readonly users: number;
  readonly services: number;
  readonly memberships: number;
  readonly meanMembers: number;
  readonly bigServices: readonly { id: string; members: number; policy: DistributionPolicy }[];
  readonly policies: Readonly<Record<DistributionPolicy, number>>;
}

export interface RoutingBenchFigures {
  readonly config: RoutingBenchOptions & {
    readonly shape: typeof shape;
    readonly pace: typeof pace;
    readonly node: string;
    readonly cpus: number;
    /** 1-minute load average before and after: other work on the machine skews the times. */
    readonly loadAverage: { readonly before: number; readonly after: number };
  };
  readonly method: string;
  readonly directory: DirectoryFigures;
  readonly setupSeconds: number;
  readonly load: {
    readonly atStart: LoadPicture;
    readonly atEnd: LoadPicture;
    /** Virtual time the measured phase covered. */
    readonly virtualSeconds: number;
  };
  readonly measured: {
    readonly wallSeconds: number;
    /** Measured routing decisions ÷ the time spent inside their `decide` calls. */
    readonly decisionsPerSecond: number;
    /** Measured routing decisions ÷ the wall time, baseline, checks and driver included. */
    readonly decisionsPerWallSecond: number;
    /** Garbage-collection pauses during the measured phase, decide and baseline alike. */
    readonly gc: GcFigures;
  };
  readonly kinds: readonly KindFigures[];
  readonly checks: CheckCounts;
  readonly target: {
    readonly p99Ms: number;
    readonly measuredP99Ms: number;
    readonly met: boolean;
  };
  /** Why the run failed (a correctness check); empty when it did not. */
  readonly failures: readonly string[];
}

export const method =
  "decide(state, command, {now, newId}) on one in-memory tenant state (emptyState + " +
  "indexDirectory of a seeded directory), built-in workflow, virtual time (a few ms per " +
  "arrival or end; offers accepted, declined or rung out at their due time). Each routing " +
  "decision's decide call is timed alone with process.hrtime.bigint(). Just before it, on " +
  "the same state, the baseline answers the same question by scanning: the longest idle " +
  "eligible member of the service over all users (inbound, decline, rona), or the next " +
  "queued task for the freed user over all live tasks, their services found by scanning " +
  "every member list (end, ready, accept); timed alone too.";

function ratio(cirrus: number, baseline: number): number | null {
  return baseline > 0 ? cirrus / baseline : null;
}

/** Row labels of the summary rows that are not a single kind. */
const labels = { routing: "all routing", big: "wakes a big service", small: "small only" } as const;

export function kindFigures(samples: Samples): KindFigures[] {
  const row = (kind: RoutingKind | keyof typeof labels): KindFigures => {
    const cirrus = samples.cirrus(kind);
    const baseline = samples.baseline(kind);
    const agreement =
      kind === "routing"
        ? totalAgreement(samples)
        : kind === "big" || kind === "small"
          ? null
          : (samples.agreement.get(kind) ?? null);
    return {
      kind: kind in labels ? labels[kind as keyof typeof labels] : (kind as RoutingKind),
      cirrus,
      baseline,
      ratioP50: ratio(cirrus.p50Us, baseline.p50Us),
      ratioP99: ratio(cirrus.p99Us, baseline.p99Us),
      agreement,
    };
  };
  return [...routingKinds.map(row), row("routing"), row("big"), row("small")];
}

function totalAgreement(samples: Samples): Agreement {
  const total: Agreement = {
    compared: 0,
    disagreed: 0,
    matchedOtherwise: 0,
    notCompared: 0,
    first: [],
  };
  for (const a of samples.agreement.values()) {
    total.compared += a.compared;
    total.disagreed += a.disagreed;
    total.matchedOtherwise += a.matchedOtherwise;
    total.notCompared += a.notCompared;
  }
  return total;
}

export function directoryFigures({ directory, bigServiceIds }: RoutingDirectory): DirectoryFigures {
  const memberships = directory.services.reduce((n, s) => n + s.members.length, 0);
  const policies: Record<DistributionPolicy, number> = {
    LongestIdle: 0,
    RoundRobin: 0,
    Serial: 0,
    Broadcast: 0,
  };
  for (const s of directory.services) policies[routingOf(s).policy]++;
  return {
    users: directory.users.length,
    services: directory.services.length,
    memberships,
    meanMembers: memberships / Math.max(1, directory.services.length),
    bigServices: directory.services
      .filter((s) => bigServiceIds.has(s.id))
      .map((s) => ({ id: s.id, members: s.members.length, policy: routingOf(s).policy })),
    policies,
  };
}

export function failuresOf(checks: CheckCounts): string[] {
  if (checks.offers === 0 || checks.connections === 0) {
    return ["no offer or no connection was made: nothing was checked"];
  }
  if (checks.failures === 0) return [];
  return [`${checks.failures} correctness checks failed`, ...checks.first.map((l) => `  ${l}`)];
}
