/**
 * The design Cirrus avoids: due entries found by polling. The same N due dates as rows
 * `(id, due_at, fired)` in a plain SQLite table (WAL, synchronous FULL, like the store),
 * polled every second with `SELECT id … WHERE due_at <= now AND fired = 0`, then one
 * transaction marking what it found as fired. An entry's lateness is the poll's `now`
 * minus its due date, as Cirrus's is its DueDateReached decision time minus its due date.
 */
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import type { Progress } from "../progress.ts";
import { type LatenessSummary, summarise } from "./lateness.ts";
import { cpuMsSince, cpuPerSecond, sleepUntil } from "./timing.ts";

export const pollIntervalMs = 1_000;

export interface PollCost {
  readonly polls: number;
  /** Median wall time of one poll. */
  readonly wallMs: number;
  readonly cpuMs: number;
}

export interface PollingFigures {
  readonly rows: number;
  /** Polls with nothing due, all N rows pending: what polling costs while idle. */
  readonly idleWithoutIndex: PollCost;
  readonly idleWithIndex: PollCost;
  /** Real polling, with the index, over the first seconds of the window. */
  readonly run: {
    readonly seconds: number;
    readonly polls: number;
    /** Median and longest poll that fired something (SELECT, UPDATEs, commit). */
    readonly firingPollMs: number;
    readonly longestPollMs: number;
    readonly cpuMsPerSecond: number;
    readonly lateness: LatenessSummary;
  };
}

type Poll = (now: number) => string[];

function pollerOf(db: Database.Database): Poll {
  const select = db
    .prepare<[number], string>("SELECT id FROM entries WHERE due_at <= ? AND fired = 0")
    .pluck();
  const mark = db.prepare<[string]>("UPDATE entries SET fired = 1 WHERE id = ?");
  const fire = db.transaction((ids: readonly string[]) => {
    for (const id of ids) mark.run(id);
  });
  return (now) => {
    const ids = select.all(now);
    if (ids.length > 0) fire(ids);
    return ids;
  };
}

/** Polls with nothing due until `boundMs` has passed (at least `least` polls). */
function idleCost(poll: Poll, notYet: number, least: number, boundMs: number): PollCost {
  const times: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  while (times.length < least || performance.now() - started < boundMs) {
    const t = performance.now();
    if (poll(notYet).length > 0) throw new Error("an idle poll found a due entry");
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    polls: times.length,
    wallMs: times[Math.floor(times.length / 2)] ?? 0,
    cpuMs: cpuMsSince(cpu) / times.length,
  };
}

/** The table with one row per due date, `due_at` its offset; returns each id's offset. */
function fill(db: Database.Database, offsets: Float64Array): Map<string, number> {
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(
    "CREATE TABLE entries (id TEXT PRIMARY KEY, due_at INTEGER NOT NULL, " +
      "fired INTEGER NOT NULL DEFAULT 0)",
  );
  const insert = db.prepare<[string, number]>("INSERT INTO entries (id, due_at) VALUES (?, ?)");
  const offsetOf = new Map<string, number>();
  db.transaction(() => {
    for (const offset of offsets) {
      const id = randomUUID();
      offsetOf.set(id, offset);
      insert.run(id, offset);
    }
  })();
  return offsetOf;
}

/**
 * Polls every `pollIntervalMs` from now until `seconds` of due dates have passed, the
 * window starting two seconds from now; lateness of every row fired.
 */
async function pollForReal(
  db: Database.Database,
  offsetOf: ReadonlyMap<string, number>,
  seconds: number,
  progress: Progress,
): Promise<PollingFigures["run"]> {
  const windowStart = Date.now() + 2_000;
  db.prepare<[number]>("UPDATE entries SET due_at = due_at + ?").run(windowStart);
  const poll = pollerOf(db);
  const lateness: number[] = [];
  const firing: number[] = [];
  const end = windowStart + seconds * 1000;
  const started = Date.now();
  const cpu = process.cpuUsage();
  let polls = 0;
  progress.start("baseline polling", Math.ceil((end - started) / 1000), "s");
  for (let next = started; next <= end + pollIntervalMs; next += pollIntervalMs) {
    await sleepUntil(next);
    const now = Date.now();
    const t = performance.now();
    const ids = poll(now);
    const ms = performance.now() - t;
    polls++;
    progress.update(polls);
    if (ids.length === 0) continue;
    firing.push(ms);
    for (const id of ids) lateness.push(now - windowStart - (offsetOf.get(id) ?? 0));
  }
  const wallMs = Date.now() - started;
  const cpuMs = cpuMsSince(cpu);
  progress.stop();
  firing.sort((a, b) => a - b);
  return {
    seconds: wallMs / 1000,
    polls,
    firingPollMs: firing[Math.floor(firing.length / 2)] ?? 0,
    longestPollMs: firing.at(-1) ?? 0,
    cpuMsPerSecond: cpuPerSecond(cpuMs, wallMs),
    lateness: summarise(lateness),
  };
}

/** `offsets`: the due dates' offsets within the window (ms), as Cirrus's entries had them. */
export async function measurePolling(
  file: string,
  offsets: Float64Array,
  seconds: number,
  progress: Progress,
): Promise<PollingFigures> {
  const db = new Database(file);
  try {
    const offsetOf = fill(db, offsets);
    // Offsets are ≥ 0: polling as of -1 finds nothing, with every row pending.
    const idleWithoutIndex = idleCost(pollerOf(db), -1, 5, 1_000);
    // Partial, so that rows fired already leave the index and polls never walk them.
    db.exec("CREATE INDEX entries_pending_due ON entries (due_at) WHERE fired = 0");
    const idleWithIndex = idleCost(pollerOf(db), -1, 100, 500);
    const run = await pollForReal(db, offsetOf, seconds, progress);
    return { rows: offsets.length, idleWithoutIndex, idleWithIndex, run };
  } finally {
    db.close();
  }
}
