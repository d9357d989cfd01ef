/** Opens the configured store: PostgreSQL when a database URL is set, else `<dataDir>/cirrus.db`. */
import { join } from "node:path";
import type { Store } from "./port.ts";
import { openPostgresStore } from "./postgres/postgres-store.ts";
import { openSqliteStore, type SqliteSynchronous } from "./sqlite/sqlite-store.ts";

export interface OpenStoreOptions {
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
  readonly sqliteSynchronous?: SqliteSynchronous | undefined;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl) return openPostgresStore({ connectionString: options.databaseUrl });
  return openSqliteStore({
    file: join(options.dataDir, "cirrus.db"),
    synchronous: options.sqliteSynchronous,
  });
}
