/**
 * The production store: PostgreSQL through a small pg pool. With
 * `schema`, every connection works in that schema (created if missing), so tests can each
 * use a fresh one.
 */
import pg from "pg";
import { tokenFromRow } from "../event-rows.ts";
import { encodeJson, jsonAsIs } from "../json-codec.ts";
import type { Store, TokenRecord } from "../port.ts";
import type { Row } from "../row.ts";
import { settingsOf } from "../tenant-settings.ts";
import { WriterLockError } from "../writer-lock-error.ts";
import {
  addContact,
  clearContacts,
  deleteAddressBook,
  findContacts,
  getContacts,
  insertAddressBook,
  listAddressBooks,
  removeContacts,
  updateAddressBook,
  updateContact,
} from "./postgres-address-books.ts";
import { listTenants, loadDirectory, saveDirectory } from "./postgres-directory.ts";
import { appendBatch, latestSnapshot, maxSeq, readEvents } from "./postgres-event-log.ts";
import { migratePostgres } from "./postgres-migrate.ts";
import {
  deleteParked,
  deleteSubscription,
  insertSubscription,
  listParked,
  listSubscriptions,
  parkDeliveries,
  saveCursors,
  updateSubscription,
} from "./postgres-subscriptions.ts";
import {
  assignWorkflow,
  deleteWorkflow,
  insertWorkflowVersion,
  listWorkflowAssignments,
  listWorkflowVersions,
} from "./postgres-workflows.ts";

export interface PostgresStoreOptions {
  readonly connectionString: string;
  /** A lower-case SQL identifier, e.g. `cirrus` or `t_3f9a`. */
  readonly schema?: string | undefined;
}

const poolSize = 4;
const schemaName = /^[a-z_][a-z0-9_]*$/;

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const { schema } = options;
  if (schema !== undefined && !schemaName.test(schema)) {
    throw new Error(`Schema name ${JSON.stringify(schema)} is not a lower-case SQL identifier`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: poolSize,
    ...(schema !== undefined && { options: `-c search_path=${schema}` }),
  });
  // An idle client that loses its connection is dropped by the pool; the next query
  // reconnects or fails, and that failure reaches its caller.
  pool.on("error", () => {});
  try {
    await migratePostgres(pool, schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return postgresStore(pool, options);
}

function postgresStore(pool: pg.Pool, options: PostgresStoreOptions): Store {
  let closing: Promise<void> | undefined;
  let writerLock: HeldLock | undefined;
  return {
    capabilities: { dialect: "postgres", sharedWriters: true },
    lockWriter: async () => {
      writerLock ??= await lockPostgresWriter(options);
    },
    append: (batch) => {
      const lock = writerLock;
      return appendBatch(pool, batch, lock && ((client) => checkStillHeld(client, lock)));
    },
    readEvents: (query) => readEvents(pool, query),
    maxSeq: () => maxSeq(pool),
    latestSnapshot: (tenantId) => latestSnapshot(pool, tenantId),
    listTenants: () => listTenants(pool),
    loadDirectory: (tenantId) => loadDirectory(pool, tenantId),
    saveDirectory: (directory) => saveDirectory(pool, directory),
    insertToken: (token) => insertToken(pool, token),
    findToken: (hash) => findToken(pool, hash),
    listTokens: () => listTokens(pool),
    loadTenantSettings: async (tenantId) => {
      const result = await pool.query<{ settings: unknown }>(
        "SELECT settings FROM tenant_settings WHERE tenant_id = $1",
        [tenantId],
      );
      return settingsOf(result.rows[0]?.settings);
    },
    saveTenantSettings: async (tenantId, settings) => {
      await pool.query(
        "INSERT INTO tenant_settings (tenant_id, settings) VALUES ($1, $2::jsonb) " +
          "ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings",
        [tenantId, encodeJson(settings)],
      );
    },
    revokeToken: (hash, at) => revokeToken(pool, hash, at),
    insertSubscription: (subscription) => insertSubscription(pool, subscription),
    deleteSubscription: (id) => deleteSubscription(pool, id),
    listSubscriptions: (tenantId) => listSubscriptions(pool, tenantId),
    updateSubscription: (id, patch) => updateSubscription(pool, id, patch),
    parkDeliveries: (deliveries) => parkDeliveries(pool, deliveries),
    saveCursors: (positions) => saveCursors(pool, positions),
    listParked: (subscriptionId) => listParked(pool, subscriptionId),
    deleteParked: (subscriptionId, seq) => deleteParked(pool, subscriptionId, seq),
    insertWorkflowVersion: (workflow) => insertWorkflowVersion(pool, workflow),
    listWorkflowVersions: (tenantId) => listWorkflowVersions(pool, tenantId),
    deleteWorkflow: (tenantId, id) => deleteWorkflow(pool, tenantId, id),
    assignWorkflow: (tenantId, serviceId, modality, workflowId) =>
      assignWorkflow(pool, tenantId, serviceId, modality, workflowId),
    listWorkflowAssignments: (tenantId) => listWorkflowAssignments(pool, tenantId),
    insertAddressBook: (book, limit) => insertAddressBook(pool, book, limit),
    listAddressBooks: (tenantId) => listAddressBooks(pool, tenantId),
    updateAddressBook: (tenantId, id, patch) => updateAddressBook(pool, tenantId, id, patch),
    deleteAddressBook: (tenantId, id) => deleteAddressBook(pool, tenantId, id),
    addContact: (tenantId, bookId, contact, limit) =>
      addContact(pool, tenantId, bookId, contact, limit),
    updateContact: (tenantId, bookId, contact) => updateContact(pool, tenantId, bookId, contact),
    getContacts: (tenantId, bookId, externalIds) =>
      getContacts(pool, tenantId, bookId, externalIds),
    removeContacts: (tenantId, bookId, externalIds) =>
      removeContacts(pool, tenantId, bookId, externalIds),
    clearContacts: (tenantId, bookId) => clearContacts(pool, tenantId, bookId),
    findContacts: (tenantId, key, orgUnitIds, limit) =>
      findContacts(pool, tenantId, key, orgUnitIds, limit),
    // Idempotent, so a test (or a shutdown path) may close twice.
    close: () => {
      closing ??= Promise.all([pool.end(), writerLock?.client.end()]).then(() => {});
      return closing;
    },
  };
}

interface HeldLock {
  readonly client: pg.Client;
  /** The backend holding the lock; appends check it still does. */
  readonly pid: number;
  readonly where: string;
  lost: boolean;
}

/**
 * A session advisory lock on a connection of its own, held while the store is open; the
 * server drops it when that connection ends, so a crashed process does not keep it.
 */
async function lockPostgresWriter(options: PostgresStoreOptions): Promise<HeldLock> {
  const where = `schema ${options.schema ?? "public"}`;
  const key = `cirrus-writer:${options.schema ?? "public"}`;
  // Named, so an operator can see (and a test can end) the session that holds the lock.
  const client = new pg.Client({
    connectionString: options.connectionString,
    application_name: key,
  });
  await client.connect();
  const result = await client.query<{ locked: boolean; pid: number }>(
    "SELECT pg_try_advisory_lock(hashtext($1)) AS locked, pg_backend_pid() AS pid",
    [key],
  );
  const row = result.rows[0];
  if (row?.locked !== true) {
    await client.end();
    throw new WriterLockError(where);
  }
  const lock: HeldLock = { client, pid: row.pid, where, lost: false };
  // The lock goes with its connection: from then on this process may not write.
  const lose = () => {
    lock.lost = true;
  };
  client.on("error", lose);
  client.on("end", lose);
  return lock;
}

/**
 * The fence of every append, inside its transaction: the lock's backend must still hold an
 * advisory lock, or another process may have taken over.
 */
async function checkStillHeld(client: pg.PoolClient, lock: HeldLock): Promise<void> {
  if (!lock.lost) {
    const result = await client.query<{ held: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted " +
        "AND pid = $1) AS held",
      [lock.pid],
    );
    lock.lost = result.rows[0]?.held !== true;
  }
  if (lock.lost) throw new WriterLockError(lock.where, true);
}

async function insertToken(pool: pg.Pool, token: TokenRecord): Promise<void> {
  await pool.query(
    "INSERT INTO tokens (hash, principal, created_at, expires_at, revoked_at) " +
      "VALUES ($1, $2::jsonb, $3, $4, $5)",
    [token.hash, encodeJson(token.principal), token.createdAt, token.expiresAt, token.revokedAt],
  );
}

const tokenColumns = "hash, principal, created_at, expires_at, revoked_at";

async function findToken(pool: pg.Pool, hash: string): Promise<TokenRecord | undefined> {
  const result = await pool.query<Row>(`SELECT ${tokenColumns} FROM tokens WHERE hash = $1`, [
    hash,
  ]);
  const row = result.rows[0];
  return row && tokenFromRow(row, jsonAsIs);
}

async function listTokens(pool: pg.Pool): Promise<TokenRecord[]> {
  const result = await pool.query<Row>(
    `SELECT ${tokenColumns} FROM tokens ORDER BY created_at, hash`,
  );
  return result.rows.map((row) => tokenFromRow(row, jsonAsIs));
}

async function revokeToken(pool: pg.Pool, hash: string, at: number): Promise<boolean> {
  const result = await pool.query(
    "UPDATE tokens SET revoked_at = $1 WHERE hash = $2 AND revoked_at IS NULL",
    [at, hash],
  );
  return (result.rowCount ?? 0) > 0;
}
