/**
 * How long one durable write takes on the disk under the server's data: one-row transactions
 * on a scratch SQLite file with the server's settings (WAL, synchronous FULL). The server
 * writes every group commit and every subscription cursor move this way, on its only thread,
 * so this figure moves its delivery rate from run to run.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { type LatencySummary, summarize } from "./latency.ts";
import { nowMs } from "./time.ts";

export function probeDisk(dir: string, transactions = 200): LatencySummary {
  const file = join(dir, "disk-probe.db");
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE IF NOT EXISTS probe (n INTEGER PRIMARY KEY, at REAL)");
    const insert = db.prepare<[number]>("INSERT INTO probe (at) VALUES (?)");
    const samples: number[] = [];
    for (let i = 0; i < transactions; i++) {
      const started = nowMs();
      insert.run(started);
      samples.push(nowMs() - started);
    }
    return summarize(samples);
  } finally {
    db.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  }
}
