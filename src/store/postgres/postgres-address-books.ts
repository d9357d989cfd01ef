/**
 * Address books and their contacts on PostgreSQL. Writes to a tenant's books take a
 * transaction-scoped advisory lock of the tenant, writes to a book's contacts lock the book's
 * row: the limits and the uniqueness of names and external ids hold with several writers.
 * Lists sort ids by byte, as SQLite does, whatever the database collation.
 */
import type { Pool, PoolClient } from "pg";
import {
  type AddressBookInsert,
  type AddressBookPatch,
  type AddressBookRecord,
  type AddressBookUpdate,
  type Contact,
  type ContactInsert,
  type ContactMatch,
  contactKeys,
  nameKey,
} from "../address-book-records.ts";
import {
  addressBookColumnNames,
  addressBookColumns,
  addressBookFromRow,
  addressBookValues,
  contactColumnNames,
  contactColumns,
  contactColumnsOf,
  contactFromRow,
  contactJsonColumns,
  contactValues,
} from "../address-book-rows.ts";
import { jsonAsIs } from "../json-codec.ts";
import { type Row, textOf } from "../row.ts";
import { withTransaction } from "./pg-transaction.ts";
import { unnestInsert } from "./unnest-insert.ts";

const bookPlaceholders = addressBookColumnNames.map((_, index) => `$${index + 1}`).join(", ");
const contactPlaceholders = contactColumnNames
  .map((column, index) => `$${index + 1}${contactJsonColumns.has(column) ? "::jsonb" : ""}`)
  .join(", ");

/** Serialises writes to one tenant's set of books until the transaction ends. */
async function lockTenantBooks(client: PoolClient, tenantId: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
    `cirrus.address-books:${tenantId}`,
  ]);
}

/** Locks the book's row until the transaction ends; false if there is no such book. */
async function lockBook(client: PoolClient, tenantId: string, bookId: string): Promise<boolean> {
  const result = await client.query(
    "SELECT 1 FROM address_books WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
    [tenantId, bookId],
  );
  return (result.rowCount ?? 0) > 0;
}

async function nameHolder(
  client: PoolClient,
  tenantId: string,
  name: string,
): Promise<string | undefined> {
  const result = await client.query<{ id: string }>(
    "SELECT id FROM address_books WHERE tenant_id = $1 AND name_key = $2",
    [tenantId, nameKey(name)],
  );
  return result.rows[0]?.id;
}

export function insertAddressBook(
  pool: Pool,
  book: AddressBookRecord,
  limit: number,
): Promise<AddressBookInsert> {
  return withTransaction(pool, async (client) => {
    await lockTenantBooks(client, book.tenantId);
    if ((await nameHolder(client, book.tenantId, book.name)) !== undefined) return "nameTaken";
    const count = await client.query<{ count: string }>(
      "SELECT count(*) AS count FROM address_books WHERE tenant_id = $1",
      [book.tenantId],
    );
    if (Number(count.rows[0]?.count ?? 0) >= limit) return "limit";
    await client.query(
      `INSERT INTO address_books (${addressBookColumns}) VALUES (${bookPlaceholders})`,
      addressBookValues(book, nameKey(book.name)),
    );
    return "created";
  });
}

export async function listAddressBooks(pool: Pool, tenantId: string): Promise<AddressBookRecord[]> {
  const result = await pool.query<Row>(
    `SELECT ${addressBookColumns} FROM address_books WHERE tenant_id = $1 ` +
      'ORDER BY created_at, id COLLATE "C"',
    [tenantId],
  );
  return result.rows.map(addressBookFromRow);
}

export function updateAddressBook(
  pool: Pool,
  tenantId: string,
  id: string,
  patch: AddressBookPatch,
): Promise<AddressBookUpdate> {
  return withTransaction(pool, async (client) => {
    await lockTenantBooks(client, tenantId);
    const found = await client.query<Row>(
      `SELECT ${addressBookColumns} FROM address_books WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    const row = found.rows[0];
    if (!row) return "notFound";
    const book = addressBookFromRow(row);
    const name = patch.name ?? book.name;
    const holder = await nameHolder(client, tenantId, name);
    if (holder !== undefined && holder !== id) return "nameTaken";
    await client.query(
      "UPDATE address_books SET name = $1, name_key = $2, org_unit_id = $3 " +
        "WHERE tenant_id = $4 AND id = $5",
      [name, nameKey(name), patch.orgUnitId ?? book.orgUnitId, tenantId, id],
    );
    return "updated";
  });
}

export async function deleteAddressBook(pool: Pool, tenantId: string, id: string) {
  const result = await pool.query("DELETE FROM address_books WHERE tenant_id = $1 AND id = $2", [
    tenantId,
    id,
  ]);
  return (result.rowCount ?? 0) > 0;
}

async function writeContact(
  client: PoolClient,
  tenantId: string,
  bookId: string,
  contact: Contact,
): Promise<void> {
  await client.query(
    `INSERT INTO contacts (${contactColumns}) VALUES (${contactPlaceholders})`,
    contactValues(tenantId, bookId, contact),
  );
  const keys = contactKeys(contact);
  if (keys.length === 0) return;
  const statement = unnestInsert(
    "contact_keys",
    [
      { name: "tenant_id", type: "text" },
      { name: "address_book_id", type: "text" },
      { name: "external_id", type: "text" },
      { name: "match_key", type: "text" },
    ],
    keys.map((key) => [tenantId, bookId, contact.externalId, key]),
  );
  await client.query(statement.text, statement.values);
}

export function addContact(
  pool: Pool,
  tenantId: string,
  bookId: string,
  contact: Contact,
  limit: number,
): Promise<ContactInsert> {
  return withTransaction(pool, async (client) => {
    if (!(await lockBook(client, tenantId, bookId))) return "noBook";
    const existing = await client.query(
      "SELECT 1 FROM contacts WHERE tenant_id = $1 AND address_book_id = $2 AND external_id = $3",
      [tenantId, bookId, contact.externalId],
    );
    if ((existing.rowCount ?? 0) > 0) return "exists";
    const count = await client.query<{ count: string }>(
      "SELECT count(*) AS count FROM contacts WHERE tenant_id = $1 AND address_book_id = $2",
      [tenantId, bookId],
    );
    if (Number(count.rows[0]?.count ?? 0) >= limit) return "full";
    await writeContact(client, tenantId, bookId, contact);
    return "added";
  });
}

export function updateContact(
  pool: Pool,
  tenantId: string,
  bookId: string,
  contact: Contact,
): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    if (!(await lockBook(client, tenantId, bookId))) return false;
    const removed = await client.query(
      "DELETE FROM contacts WHERE tenant_id = $1 AND address_book_id = $2 AND external_id = $3",
      [tenantId, bookId, contact.externalId],
    );
    if ((removed.rowCount ?? 0) === 0) return false;
    await writeContact(client, tenantId, bookId, contact);
    return true;
  });
}

export async function getContacts(
  pool: Pool,
  tenantId: string,
  bookId: string,
  externalIds?: readonly string[],
): Promise<Contact[]> {
  const named = externalIds === undefined ? "" : "AND external_id = ANY($3::text[]) ";
  const result = await pool.query<Row>(
    `SELECT ${contactColumns} FROM contacts WHERE tenant_id = $1 AND address_book_id = $2 ` +
      `${named}ORDER BY external_id COLLATE "C"`,
    externalIds === undefined ? [tenantId, bookId] : [tenantId, bookId, externalIds],
  );
  return result.rows.map((row) => contactFromRow(row, jsonAsIs));
}

export async function removeContacts(
  pool: Pool,
  tenantId: string,
  bookId: string,
  externalIds: readonly string[],
): Promise<number> {
  const result = await pool.query(
    "DELETE FROM contacts WHERE tenant_id = $1 AND address_book_id = $2 " +
      "AND external_id = ANY($3::text[])",
    [tenantId, bookId, externalIds],
  );
  return result.rowCount ?? 0;
}

export async function clearContacts(pool: Pool, tenantId: string, bookId: string) {
  const result = await pool.query(
    "DELETE FROM contacts WHERE tenant_id = $1 AND address_book_id = $2",
    [tenantId, bookId],
  );
  return result.rowCount ?? 0;
}

export async function findContacts(
  pool: Pool,
  tenantId: string,
  key: string,
  orgUnitIds: readonly string[],
  limit: number,
): Promise<ContactMatch[]> {
  const result = await pool.query<Row>(
    `SELECT b.org_unit_id, ${contactColumnsOf("c")} FROM contact_keys k ` +
      "JOIN address_books b ON b.tenant_id = k.tenant_id AND b.id = k.address_book_id " +
      "JOIN contacts c ON c.tenant_id = k.tenant_id AND c.address_book_id = k.address_book_id " +
      "AND c.external_id = k.external_id " +
      "WHERE k.tenant_id = $1 AND k.match_key = $2 AND b.org_unit_id = ANY($3::text[]) " +
      'ORDER BY b.created_at, b.id COLLATE "C", c.external_id COLLATE "C" LIMIT $4',
    [tenantId, key, orgUnitIds, limit],
  );
  return result.rows.map((row) => ({
    addressBookId: textOf(row, "address_book_id"),
    orgUnitId: textOf(row, "org_unit_id"),
    contact: contactFromRow(row, jsonAsIs),
  }));
}
