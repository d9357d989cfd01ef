/**
 * The store port: the event log (source of truth and outbox), tenant snapshots, the
 * directory and API tokens. Adapters: `sqlite/` (embedded default) and `postgres/`.
 */
import type { Directory, Modality, Tenant, TenantSettings } from "../domain/model.ts";
import type {
  AddressBookInsert,
  AddressBookPatch,
  AddressBookRecord,
  AddressBookUpdate,
  Contact,
  ContactInsert,
  ContactMatch,
} from "./address-book-records.ts";
import type {
  CursorPosition,
  ParkedDelivery,
  SubscriptionPatch,
  SubscriptionRecord,
} from "./subscription-records.ts";
import type { WorkflowAssignment, WorkflowRecord } from "./workflow-records.ts";

/** One row of the event log. `at` is epoch milliseconds; `seq` is assigned by the engine. */
export interface StoredEvent {
  readonly seq: number;
  readonly tenantId: string;
  readonly type: string;
  readonly at: number;
  readonly taskId: string | null;
  readonly data: unknown;
  readonly detail: unknown;
}

export interface EventQuery {
  /** Events with `seq` greater than this. */
  readonly after: number;
  readonly limit: number;
  readonly tenantId?: string;
  readonly taskId?: string;
  /** Only these types, if given. */
  readonly types?: readonly string[];
}

/** A tenant's engine state as of `seq` (every event up to and including it applied). */
export interface Snapshot {
  readonly tenantId: string;
  readonly seq: number;
  readonly state: unknown;
}

/** Who a token speaks for: a user of the tenant, or a gateway feeding the ingress API. */
export type Principal =
  | { readonly kind: "user"; readonly tenantId: string; readonly userId: string }
  | { readonly kind: "gateway"; readonly tenantId: string; readonly name: string };

export interface TokenRecord {
  /** SHA-256 of the token, hex; the token itself is never stored. */
  readonly hash: string;
  readonly principal: Principal;
  readonly createdAt: number;
  /** The token is refused from then on; null when it does not expire. */
  readonly expiresAt: number | null;
  /** When it was revoked; null while it is not. */
  readonly revokedAt: number | null;
}

/** What one group commit writes: events and, now and then, snapshots, in one transaction. */
export interface AppendBatch {
  readonly events: readonly StoredEvent[];
  readonly snapshots: readonly Snapshot[];
}

export interface StoreCapabilities {
  readonly dialect: "sqlite" | "postgres";
  /**
   * Whether the database itself could take writers on several machines (PostgreSQL). The
   * engine still claims the writer lock: one writing process per store for now.
   */
  readonly sharedWriters: boolean;
}

/** Address books and their contacts (see address-book-records.ts). */
export interface AddressBookStore {
  /** Adds a book unless the tenant has `limit` books already, or one of the same name. */
  insertAddressBook(book: AddressBookRecord, limit: number): Promise<AddressBookInsert>;
  /** The tenant's address books, oldest first. */
  listAddressBooks(tenantId: string): Promise<AddressBookRecord[]>;
  /** Renames or moves a book; a name another book of the tenant has is refused. */
  updateAddressBook(
    tenantId: string,
    id: string,
    patch: AddressBookPatch,
  ): Promise<AddressBookUpdate>;
  /** Removes the book with its contacts; false if there was none. */
  deleteAddressBook(tenantId: string, id: string): Promise<boolean>;
  /** Adds a contact unless the book is missing, holds its external id, or holds `limit`. */
  addContact(
    tenantId: string,
    bookId: string,
    contact: Contact,
    limit: number,
  ): Promise<ContactInsert>;
  /** Replaces every field of a contact; false if the book has none with its external id. */
  updateContact(tenantId: string, bookId: string, contact: Contact): Promise<boolean>;
  /** The book's contacts by external id (bytewise); only the ones named, if `externalIds`. */
  getContacts(
    tenantId: string,
    bookId: string,
    externalIds?: readonly string[],
  ): Promise<Contact[]>;
  /** Removes the named contacts of the book; how many there were. */
  removeContacts(tenantId: string, bookId: string, externalIds: readonly string[]): Promise<number>;
  /** Removes every contact of the book; how many there were. */
  clearContacts(tenantId: string, bookId: string): Promise<number>;
  /**
   * Contacts having the match key (`contactKeys`) in books placed at one of the units, at
   * most `limit`, oldest book first, then by external id.
   */
  findContacts(
    tenantId: string,
    key: string,
    orgUnitIds: readonly string[],
    limit: number,
  ): Promise<ContactMatch[]>;
}

export interface Store extends AddressBookStore {
  readonly capabilities: StoreCapabilities;
  /**
   * Claims the right to append for this process until `close`: an engine calls it before it
   * loads. Throws `WriterLockError` when another process holds it. Readers need no lock.
   */
  lockWriter(): Promise<void>;
  /** Writes the batch in one transaction; resolves only once it is durable. */
  append(batch: AppendBatch): Promise<void>;
  readEvents(query: EventQuery): Promise<StoredEvent[]>;
  /** Highest `seq` in the log, 0 when empty. */
  maxSeq(): Promise<number>;
  latestSnapshot(tenantId: string): Promise<Snapshot | undefined>;
  listTenants(): Promise<Tenant[]>;
  loadDirectory(tenantId: string): Promise<Directory | undefined>;
  /** Creates or replaces the tenant's whole directory. */
  saveDirectory(directory: Directory): Promise<void>;
  insertToken(token: TokenRecord): Promise<void>;
  findToken(hash: string): Promise<TokenRecord | undefined>;
  /** The tenant's settings; the defaults when none were saved. */
  loadTenantSettings(tenantId: string): Promise<TenantSettings>;
  saveTenantSettings(tenantId: string, settings: TenantSettings): Promise<void>;
  /** Every token, oldest first (callers filter by tenant: there are few). */
  listTokens(): Promise<TokenRecord[]>;
  /** Marks the token revoked at `at`; false if there is none or it was revoked already. */
  revokeToken(hash: string, at: number): Promise<boolean>;

  insertSubscription(subscription: SubscriptionRecord): Promise<void>;
  /** Removes the subscription and everything it parked; false if there was none. */
  deleteSubscription(id: string): Promise<boolean>;
  /** Every subscription, or a tenant's, in order of creation. */
  listSubscriptions(tenantId?: string): Promise<SubscriptionRecord[]>;
  /** Changes the given fields; false if there is no such subscription. */
  updateSubscription(id: string, patch: SubscriptionPatch): Promise<boolean>;
  /** Saves the cursors of several subscriptions in one transaction; unknown ids are skipped. */
  saveCursors(positions: readonly CursorPosition[]): Promise<void>;
  /** Creates or replaces parked deliveries (keyed by subscription and seq), in one transaction. */
  parkDeliveries(deliveries: readonly ParkedDelivery[]): Promise<void>;
  /** A subscription's parked deliveries, in order of seq. */
  listParked(subscriptionId: string): Promise<ParkedDelivery[]>;
  deleteParked(subscriptionId: string, seq: number): Promise<void>;

  /** Adds a version; a second record with the same tenant, id and version is rejected. */
  insertWorkflowVersion(workflow: WorkflowRecord): Promise<void>;
  /** Every version of the tenant's workflows, by id then version. */
  listWorkflowVersions(tenantId: string): Promise<WorkflowRecord[]>;
  /** Removes every version (and assignments of it); false if there was none. */
  deleteWorkflow(tenantId: string, id: string): Promise<boolean>;
  /** Sets (or, with null, clears) the workflow a service runs for a modality. */
  assignWorkflow(
    tenantId: string,
    serviceId: string,
    modality: Modality,
    workflowId: string | null,
  ): Promise<void>;
  listWorkflowAssignments(tenantId: string): Promise<WorkflowAssignment[]>;
  close(): Promise<void>;
}
