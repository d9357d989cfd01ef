/**
 * The embedded store: one SQLite file in WAL mode, written by a single process. better-sqlite3
 * is synchronous, so each method has finished (and `append` has committed) when its promise
 * settles.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { tokenFromRow } from "../event-rows.ts";
import { encodeJson, parseJsonText } from "../json-codec.ts";
import type { Store, TokenRecord } from "../port.ts";
import type { Row } from "../row.ts";
import { settingsOf } from "../tenant-settings.ts";
import { sqliteAddressBooks } from "./sqlite-address-books.ts";
import { sqliteDirectory } from "./sqlite-directory.ts";
import { sqliteEventLog } from "./sqlite-event-log.ts";
import { migrateSqlite } from "./sqlite-migrate.ts";
import { sqliteSubscriptions } from "./sqlite-subscriptions.ts";
import { sqliteWorkflows } from "./sqlite-workflows.ts";
import { lockSqliteWriter, type WriterLock } from "./sqlite-writer-lock.ts";

export type SqliteSynchronous = "FULL" | "NORMAL";

export interface SqliteStoreOptions {
  readonly file: string;
  /** FULL (default) syncs every commit; NORMAL may lose the last commits on power loss. */
  readonly synchronous?: SqliteSynchronous | undefined;
}

const busyTimeoutMs = 5000;

export function openSqliteStore(options: SqliteStoreOptions): Store {
  mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file, { timeout: busyTimeoutMs });
  try {
    configure(db, options.synchronous ?? "FULL");
    migrateSqlite(db);
    return sqliteStore(db, options.file);
  } catch (error) {
    db.close();
    throw error;
  }
}

function configure(db: Database.Database, synchronous: SqliteSynchronous): void {
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma("foreign_keys = ON");
}

function sqliteStore(db: Database.Database, file: string): Store {
  let writerLock: WriterLock | undefined;
  const log = sqliteEventLog(db);
  const directory = sqliteDirectory(db);
  const subscriptions = sqliteSubscriptions(db);
  const workflows = sqliteWorkflows(db);
  const books = sqliteAddressBooks(db);
  const insertToken = db.prepare<[string, string, number, number | null, number | null]>(
    "INSERT INTO tokens (hash, principal, created_at, expires_at, revoked_at) " +
      "VALUES (?, ?, ?, ?, ?)",
  );
  const tokenColumns = "hash, principal, created_at, expires_at, revoked_at";
  const selectToken = db.prepare<[string], Row>(
    `SELECT ${tokenColumns} FROM tokens WHERE hash = ?`,
  );
  const selectTokens = db.prepare<[], Row>(
    `SELECT ${tokenColumns} FROM tokens ORDER BY created_at, hash`,
  );
  const selectSettings = db.prepare<[string], { settings: string }>(
    "SELECT settings FROM tenant_settings WHERE tenant_id = ?",
  );
  const upsertSettings = db.prepare<[string, string]>(
    "INSERT INTO tenant_settings (tenant_id, settings) VALUES (?, ?) " +
      "ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings",
  );
  const revokeToken = db.prepare<[number, string]>(
    "UPDATE tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL",
  );

  return {
    capabilities: { dialect: "sqlite", sharedWriters: false },
    lockWriter: async () => {
      writerLock ??= lockSqliteWriter(file);
    },
    append: async (batch) => log.append(batch),
    readEvents: async (query) => log.readEvents(query),
    maxSeq: async () => log.maxSeq(),
    latestSnapshot: async (tenantId) => log.latestSnapshot(tenantId),
    listTenants: async () => directory.listTenants(),
    loadDirectory: async (tenantId) => directory.load(tenantId),
    saveDirectory: async (value) => directory.save(value),
    insertToken: async (token: TokenRecord) => {
      insertToken.run(
        token.hash,
        encodeJson(token.principal),
        token.createdAt,
        token.expiresAt,
        token.revokedAt,
      );
    },
    findToken: async (hash) => {
      const row = selectToken.get(hash);
      return row && tokenFromRow(row, parseJsonText);
    },
    loadTenantSettings: async (tenantId) => {
      const row = selectSettings.get(tenantId);
      return settingsOf(row && parseJsonText(row.settings));
    },
    saveTenantSettings: async (tenantId, settings) => {
      upsertSettings.run(tenantId, encodeJson(settings));
    },
    listTokens: async () => selectTokens.all().map((row) => tokenFromRow(row, parseJsonText)),
    revokeToken: async (hash, at) => revokeToken.run(at, hash).changes > 0,
    insertSubscription: async (subscription) => subscriptions.insert(subscription),
    deleteSubscription: async (id) => subscriptions.remove(id),
    listSubscriptions: async (tenantId) => subscriptions.list(tenantId),
    updateSubscription: async (id, patch) => subscriptions.update(id, patch),
    parkDeliveries: async (deliveries) => subscriptions.park(deliveries),
    saveCursors: async (positions) => subscriptions.saveCursors(positions),
    listParked: async (subscriptionId) => subscriptions.listParked(subscriptionId),
    deleteParked: async (subscriptionId, seq) => subscriptions.deleteParked(subscriptionId, seq),
    insertWorkflowVersion: async (workflow) => workflows.insert(workflow),
    listWorkflowVersions: async (tenantId) => workflows.list(tenantId),
    deleteWorkflow: async (tenantId, id) => workflows.remove(tenantId, id),
    assignWorkflow: async (tenantId, serviceId, modality, workflowId) =>
      workflows.assign(tenantId, serviceId, modality, workflowId),
    listWorkflowAssignments: async (tenantId) => workflows.listAssignments(tenantId),
    insertAddressBook: async (book, limit) => books.insertAddressBook(book, limit),
    listAddressBooks: async (tenantId) => books.listAddressBooks(tenantId),
    updateAddressBook: async (tenantId, id, patch) => books.updateAddressBook(tenantId, id, patch),
    deleteAddressBook: async (tenantId, id) => books.deleteAddressBook(tenantId, id),
    addContact: async (tenantId, bookId, contact, limit) =>
      books.addContact(tenantId, bookId, contact, limit),
    updateContact: async (tenantId, bookId, contact) =>
      books.updateContact(tenantId, bookId, contact),
    getContacts: async (tenantId, bookId, externalIds) =>
      books.getContacts(tenantId, bookId, externalIds),
    removeContacts: async (tenantId, bookId, externalIds) =>
      books.removeContacts(tenantId, bookId, externalIds),
    clearContacts: async (tenantId, bookId) => books.clearContacts(tenantId, bookId),
    findContacts: async (tenantId, key, orgUnitIds, limit) =>
      books.findContacts(tenantId, key, orgUnitIds, limit),
    // Idempotent, so a test (or a shutdown path) may close twice.
    close: async () => {
      writerLock?.release();
      if (db.open) db.close();
    },
  };
}
