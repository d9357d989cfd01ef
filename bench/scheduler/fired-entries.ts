/**
 * What the log says fired: every DueDateReached event read back from the store, matched to
 * the entries created, each entry's lateness its event's `at` minus its due date.
 */
import type { Store } from "../../src/store/port.ts";
import { benchTenant } from "./create-entries.ts";
import { type LatenessSummary, summarise } from "./lateness.ts";

const page = 10_000;

/** The restart: entries due from `closedAt` until `readyAt` wait for the new engine. */
export interface RestartSpan {
  readonly closedAt: number;
  readonly readyAt: number;
}

/** What the engine still held when the bench stopped waiting. */
export interface EndState {
  /** Entries still waiting for their due date in the engine's state. */
  readonly scheduled: ReadonlySet<string>;
  /** The run gave up (entries fired far too late): entries still waiting are not lost. */
  readonly gaveUp: boolean;
  readonly restart: RestartSpan | null;
}

export interface FiredFigures {
  readonly events: number;
  readonly firedOnce: number;
  /** Never fired; after giving up, only those the engine no longer held either. */
  readonly lost: number;
  /** Never fired, still waiting in the engine when the run gave up. */
  readonly stillWaiting: number;
  readonly firedTwice: number;
  /** DueDateReached events of entries this run did not create. */
  readonly unknown: number;
  /** A few lost or doubled entries, to look up in the log. */
  readonly examples: readonly string[];
  /** Entries not due during the restart: the scheduler's exactness. */
  readonly onTime: LatenessSummary;
  /** Entries due while the engine was closed or recovering. */
  readonly duringRestart: LatenessSummary;
  /** Of those, how long after recovery they fired. */
  readonly afterRecovery: LatenessSummary;
  /** Every entry that fired. */
  readonly all: LatenessSummary;
}

interface EntryDetail {
  readonly entryId?: string;
}

/** Reads the DueDateReached events after `afterSeq`, counting each entry's firings. */
export async function readFired(
  store: Store,
  afterSeq: number,
  ids: readonly string[],
  dueAts: Float64Array,
  end: EndState,
  onProgress: (read: number) => void,
): Promise<FiredFigures> {
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const counts = new Uint32Array(ids.length);
  const firedAt = new Float64Array(ids.length);
  let events = 0;
  let unknown = 0;
  for (let after = afterSeq; ; ) {
    const rows = await store.readEvents({
      after,
      limit: page,
      tenantId: benchTenant,
      types: ["DueDateReached"],
    });
    for (const row of rows) {
      const i = indexOf.get((row.detail as EntryDetail | null)?.entryId ?? "");
      if (i === undefined) {
        unknown++;
        continue;
      }
      if (counts[i] === 0) firedAt[i] = row.at;
      counts[i] = (counts[i] ?? 0) + 1;
    }
    events += rows.length;
    onProgress(events);
    const last = rows.at(-1);
    if (!last || rows.length < page) break;
    after = last.seq;
  }
  return figuresOf(ids, dueAts, counts, firedAt, end, events, unknown);
}

function figuresOf(
  ids: readonly string[],
  dueAts: Float64Array,
  counts: Uint32Array,
  firedAt: Float64Array,
  end: EndState,
  events: number,
  unknown: number,
): FiredFigures {
  const onTime: number[] = [];
  const duringRestart: number[] = [];
  const afterRecovery: number[] = [];
  const examples: string[] = [];
  let lost = 0;
  let stillWaiting = 0;
  let firedTwice = 0;
  const restart = end.restart ?? { closedAt: Infinity, readyAt: Infinity };
  for (let i = 0; i < ids.length; i++) {
    const count = counts[i] ?? 0;
    const dueAt = dueAts[i] ?? 0;
    if (count === 0 && end.gaveUp && end.scheduled.has(ids[i] ?? "")) {
      stillWaiting++;
      continue;
    }
    if (count !== 1) {
      if (count === 0) lost++;
      else firedTwice++;
      if (examples.length < 5) examples.push(`${ids[i]} due ${iso(dueAt)} fired ${count}×`);
      if (count === 0) continue;
    }
    const at = firedAt[i] ?? 0;
    if (dueAt >= restart.closedAt && dueAt < restart.readyAt) {
      duringRestart.push(at - dueAt);
      afterRecovery.push(at - restart.readyAt);
    } else {
      onTime.push(at - dueAt);
    }
  }
  return {
    events,
    firedOnce: ids.length - lost - stillWaiting - firedTwice,
    lost,
    stillWaiting,
    firedTwice,
    unknown,
    examples,
    onTime: summarise(onTime),
    duringRestart: summarise(duringRestart),
    afterRecovery: summarise(afterRecovery),
    all: summarise([...onTime, ...duringRestart]),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
