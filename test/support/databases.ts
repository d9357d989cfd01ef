/**
 * Stores for tests: SQLite on a file in a temporary directory, PostgreSQL on a fresh schema of
 * the test database, which is created when the server answers and it is missing. When
 * PostgreSQL is unreachable its cases are skipped with the reason, unless CI is set: there the
 * suite fails.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import pg from "pg";
import type { Store } from "../../src/store/port.ts";
import { openPostgresStore } from "../../src/store/postgres/postgres-store.ts";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.ts";

export interface OpenedStore {
  readonly store: Store;
  /** The PostgreSQL schema, for the PostgreSQL kind. */
  readonly schema?: string;
  /** Opens the same database again (after `store.close()`, say). */
  reopen(): Promise<Store>;
  /** Closes every store opened here and deletes the database. */
  dispose(): Promise<void>;
}

export interface OpenedSqliteStore extends OpenedStore {
  readonly file: string;
}

export interface StoreKind {
  readonly name: "sqlite" | "postgres";
  open(): Promise<OpenedStore>;
  /** Why this kind's cases are skipped, or undefined to run them. */
  skipReason(): Promise<string | undefined>;
}

export function testDatabaseUrl(): string {
  return process.env.CIRRUS_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/cirrus_test";
}

export async function freshSqliteStore(): Promise<OpenedSqliteStore> {
  const directory = await mkdtemp(join(tmpdir(), "cirrus-test-"));
  // The `data` directory does not exist yet: opening the store creates it.
  const file = join(directory, "data", "cirrus.db");
  const opened = [openSqliteStore({ file })];
  return {
    store: opened[0] as Store,
    file,
    reopen: async () => {
      const store = openSqliteStore({ file });
      opened.push(store);
      return store;
    },
    dispose: async () => {
      for (const store of opened) await store.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export async function freshPostgresStore(): Promise<OpenedStore> {
  const connectionString = testDatabaseUrl();
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const opened = [await openPostgresStore({ connectionString, schema })];
  return {
    store: opened[0] as Store,
    schema,
    reopen: async () => {
      const store = await openPostgresStore({ connectionString, schema });
      opened.push(store);
      return store;
    },
    dispose: async () => {
      for (const store of opened) await store.close();
      await withClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    },
  };
}

let postgresProbe: Promise<string | undefined> | undefined;

/** Undefined when the test database answers; the reason to skip otherwise (throws under CI). */
export function postgresSkipReason(): Promise<string | undefined> {
  postgresProbe ??= probePostgres();
  return postgresProbe;
}

async function probePostgres(): Promise<string | undefined> {
  try {
    await createDatabaseIfMissing(testDatabaseUrl());
    await withClient((client) => client.query("SELECT 1"));
    return undefined;
  } catch (error) {
    const reason =
      `PostgreSQL test database ${describeUrl(testDatabaseUrl())} unreachable ` +
      `(${error instanceof Error ? error.message : String(error)}); ` +
      "start PostgreSQL or set CIRRUS_TEST_DATABASE_URL";
    if (process.env.CI) throw new Error(`${reason}. CI is set, so this is a failure.`);
    return reason;
  }
}

/** PostgreSQL's code for "database does not exist". */
const invalidCatalogName = "3D000";

/**
 * A newcomer's server has no `cirrus_test` yet: where the server answers but the database is
 * missing, create it through the server's `postgres` database, so the suite runs in full.
 */
export async function createDatabaseIfMissing(connectionString: string): Promise<void> {
  try {
    await withClient((client) => client.query("SELECT 1"), connectionString);
    return;
  } catch (error) {
    if ((error as { code?: unknown }).code !== invalidCatalogName) throw error;
  }
  const url = new URL(connectionString);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.href, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } catch (error) {
    // Another test process created it first.
    if ((error as { code?: unknown }).code !== duplicateDatabase) throw error;
  } finally {
    await client.end();
  }
}

/** PostgreSQL's code for "database already exists". */
const duplicateDatabase = "42P04";

export async function withClient<T>(
  work: (client: pg.Client) => Promise<T>,
  connectionString = testDatabaseUrl(),
): Promise<T> {
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The URL without credentials, for messages. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return "(unparsable CIRRUS_TEST_DATABASE_URL)";
  }
}

export const storeKinds: readonly StoreKind[] = [
  { name: "sqlite", open: freshSqliteStore, skipReason: async () => undefined },
  { name: "postgres", open: freshPostgresStore, skipReason: postgresSkipReason },
];

/**
 * One suite per store kind, named `TITLE on sqlite` and so on; where a store cannot be
 * reached the suite holds one test skipped with the reason (and fails under CI).
 */
export function describeEachStore(title: string, body: (kind: StoreKind) => void): void {
  for (const kind of storeKinds) {
    describe(`${title} on ${kind.name}`, async () => {
      const skip = await kind.skipReason();
      if (skip) {
        it("is skipped", { skip }, () => {});
        return;
      }
      body(kind);
    });
  }
}
