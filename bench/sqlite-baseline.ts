/**
 * The raw write rate of the embedded store: the run's events appended again, through the
 * project's own `openSqliteStore(...).append` (migrated schema, WAL, synchronous FULL, JSON
 * encoding of data and detail included), to a fresh file, `batchSize` events per
 * transaction, until all are written or the time bound is reached.
 */
import { join } from "node:path";
import type { StoredEvent } from "../src/store/port.ts";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.ts";

export interface AppendRate {
  readonly batchSize: number;
  readonly events: number;
  readonly transactions: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

export async function measureAppendRate(
  dir: string,
  events: readonly StoredEvent[],
  batchSize: number,
  boundMs: number,
  onProgress?: (written: number) => void,
): Promise<AppendRate> {
  const store = openSqliteStore({
    file: join(dir, `baseline-${batchSize}.db`),
    synchronous: "FULL",
  });
  try {
    let written = 0;
    let transactions = 0;
    const started = performance.now();
    let lastTick = started;
    while (written < events.length && performance.now() - started < boundMs) {
      const batch = events.slice(written, written + batchSize);
      await store.append({ events: batch, snapshots: [] });
      written += batch.length;
      transactions++;
      if (onProgress && performance.now() - lastTick > 100) {
        lastTick = performance.now();
        onProgress(written);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      batchSize,
      events: written,
      transactions,
      seconds,
      eventsPerSecond: seconds > 0 ? written / seconds : 0,
    };
  } finally {
    await store.close();
  }
}
