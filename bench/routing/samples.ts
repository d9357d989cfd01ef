/**
 * What the measured phase records: the time of each `decide` call and of the baseline's scan
 * for the same decision, by kind, and whether the two chose the same.
 */
import { percentile } from "../stats.ts";

/**
 * Routing decisions, each a command whose `decide` runs distribution:
 * - `inbound`: a call or chat arrives at a service, walks the built-in workflow into the
 *   queue and is offered to a member;
 * - `end`: a user ends a connected task and is offered the next one their services hold;
 * - `decline`: a user declines an offer; the task goes to another member;
 * - `rona`: an offer rings out (FireTimer); the task goes to another member, the user is set
 *   not ready;
 * - `ready`: a user set not ready by RONA is Available again and is offered the next task;
 * - `accept`: a user accepts an offer; their queues are matched again, since they may have
 *   room for another chat (and a broadcast task's other offers are withdrawn).
 */
export const routingKinds = ["inbound", "end", "decline", "rona", "ready", "accept"] as const;
export type RoutingKind = (typeof routingKinds)[number];

/** How often the baseline chose what Cirrus chose, for the decisions where one answer is right. */
export interface Agreement {
  compared: number;
  disagreed: number;
  /**
   * Of the disagreements, those where Cirrus matched the baseline's choice otherwise in the
   * same decision: the user it chose was offered an earlier queued task, or the task it chose
   * went to another free member (see the report for why that happens).
   */
  matchedOtherwise: number;
  /** Decisions not compared: a service that is not LongestIdle, or a broadcast offer. */
  notCompared: number;
  readonly first: string[];
}

/**
 * Rows of the summary: each kind, all routing decisions, and all of them split by reach:
 * `big` decisions match a big service's queue again (an arrival there, or a user or task of
 * one), `small` ones only ordinary services.
 */
export type Row = RoutingKind | "routing" | "big" | "small";

export interface Summary {
  readonly count: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly meanUs: number;
}

export class Samples {
  /** Nanoseconds per call of `decide`, by row. */
  readonly #cirrus = new Map<Row, number[]>();
  readonly #baseline = new Map<Row, number[]>();
  readonly agreement = new Map<RoutingKind, Agreement>(
    routingKinds.map((k) => [
      k,
      { compared: 0, disagreed: 0, matchedOtherwise: 0, notCompared: 0, first: [] },
    ]),
  );
  decisions = 0;

  record(kind: RoutingKind, cirrusNs: number, baselineNs: number, big: boolean): void {
    this.decisions++;
    push(this.#cirrus, kind, cirrusNs);
    push(this.#baseline, kind, baselineNs);
    const reach = big ? "big" : "small";
    push(this.#cirrus, reach, cirrusNs);
    push(this.#baseline, reach, baselineNs);
  }

  /**
   * `expected` is the baseline's choice, `actual` Cirrus's (null: nobody); `otherwise` says
   * whether Cirrus matched the baseline's choice with something else in the same decision.
   */
  compare(
    kind: RoutingKind,
    expected: string | null,
    actual: string | null,
    otherwise: boolean,
    about: string,
  ): void {
    const a = this.agreement.get(kind);
    if (!a) return;
    a.compared++;
    if (expected === actual) return;
    a.disagreed++;
    if (otherwise) a.matchedOtherwise++;
    if (a.first.length < 3) {
      const how = otherwise ? " (matched otherwise)" : "";
      a.first.push(
        `${about}: baseline ${expected ?? "nobody"}, Cirrus ${actual ?? "nobody"}${how}`,
      );
    }
  }

  skipCompare(kind: RoutingKind): void {
    const a = this.agreement.get(kind);
    if (a) a.notCompared++;
  }

  cirrus(row: Row): Summary {
    return summarise(
      row === "routing" ? routingKinds.map((k) => this.#cirrus.get(k)) : [this.#cirrus.get(row)],
    );
  }

  baseline(row: Row): Summary {
    return summarise(
      row === "routing"
        ? routingKinds.map((k) => this.#baseline.get(k))
        : [this.#baseline.get(row)],
    );
  }
}

function push<K>(map: Map<K, number[]>, kind: K, value: number): void {
  const list = map.get(kind);
  if (list) list.push(value);
  else map.set(kind, [value]);
}

function summarise(lists: readonly (readonly number[] | undefined)[]): Summary {
  const all = Float64Array.from(lists.flatMap((l) => l ?? [])).sort();
  const sorted = Array.from(all, (ns) => ns / 1000);
  const total = sorted.reduce((sum, us) => sum + us, 0);
  return {
    count: sorted.length,
    p50Us: percentile(sorted, 50),
    p99Us: percentile(sorted, 99),
    maxUs: sorted.at(-1) ?? 0,
    meanUs: sorted.length > 0 ? total / sorted.length : 0,
  };
}
