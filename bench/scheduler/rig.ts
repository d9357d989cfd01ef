/**
 * The engine as production runs it: the embedded SQLite store (WAL, synchronous FULL), the
 * system clock, random UUIDs, the demo directory. Errors nobody waits for are tallied (the
 * engine reports none for timers refused while it closes: they fire again after recovery).
 */
import { randomUUID } from "node:crypto";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { systemClock } from "../../src/engine/clock.ts";
import { Engine } from "../../src/engine/engine.ts";
import type { Store } from "../../src/store/port.ts";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.ts";

export interface ErrorCounts {
  readonly count: number;
  readonly first: readonly string[];
}

/** Errors nobody waits for (a timer's command that failed); none are expected. */
export class ErrorTally {
  #count = 0;
  readonly #first: string[] = [];

  readonly record = (error: unknown, context: string): void => {
    this.#count++;
    const message = error instanceof Error ? error.message : String(error);
    if (this.#first.length < 5) this.#first.push(`${context}: ${message}`);
  };

  counts(): ErrorCounts {
    return { count: this.#count, first: [...this.#first] };
  }
}

export function openBenchStore(file: string): Store {
  return openSqliteStore({ file, synchronous: "FULL" });
}

/** What every engine of a run shares. */
export interface EngineSettings {
  readonly errors: ErrorTally;
  /** The engine's default when undefined, as in production. */
  readonly snapshotEvery: number | undefined;
}

export function openEngine(store: Store, settings: EngineSettings): Promise<Engine> {
  const { errors, snapshotEvery } = settings;
  return Engine.open({
    store,
    clock: systemClock,
    newId: randomUUID,
    onError: errors.record,
    onFatal: (error) => errors.record(error, "fatal"),
    ...(snapshotEvery === undefined ? {} : { snapshotEvery }),
  });
}

/** A fresh store with the demo tenant provisioned. */
export async function openProvisioned(
  file: string,
  settings: EngineSettings,
): Promise<{ store: Store; engine: Engine }> {
  const store = openBenchStore(file);
  const engine = await openEngine(store, settings);
  await engine.provision(demoDirectory());
  return { store, engine };
}
