/** The store and the engine as the server and the CLI commands open them. */
import { randomUUID } from "node:crypto";
import { systemClock } from "../engine/clock.ts";
import { Engine, type EngineOptions } from "../engine/engine.ts";
import { openStore } from "../store/open-store.ts";
import type { Store } from "../store/port.ts";
import type { Config } from "./config.ts";

export async function openConfiguredStore(config: Config): Promise<Store> {
  return openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    sqliteSynchronous: config.sqliteSynchronous,
  });
}

export async function openEngine(
  store: Store,
  handlers: Pick<EngineOptions, "onError" | "onFatal" | "collect">,
): Promise<Engine> {
  return Engine.open({ store, clock: systemClock, newId: randomUUID, ...handlers });
}
