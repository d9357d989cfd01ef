/**
 * Address books and their contacts on SQLite. Each write is one transaction, so the limits
 * and the uniqueness of names and external ids hold with writers on several connections.
 * Contacts' match keys go with them through the foreign keys (the adapter turns them on).
 */
import type { Database } from "better-sqlite3";
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
  contactValues,
} from "../address-book-rows.ts";
import { encodeJson, parseJsonText } from "../json-codec.ts";
import type { AddressBookStore } from "../port.ts";
import { type Row, textOf } from "../row.ts";

/** The port's address-book methods, synchronous: the adapter wraps them in promises. */
export type SqliteAddressBooks = {
  readonly [K in keyof AddressBookStore]: (
    ...args: Parameters<AddressBookStore[K]>
  ) => Awaited<ReturnType<AddressBookStore[K]>>;
};

const placeholders = (count: number) => Array.from({ length: count }, () => "?").join(", ");

export function sqliteAddressBooks(db: Database): SqliteAddressBooks {
  const countBooks = db
    .prepare<[string], number>("SELECT count(*) FROM address_books WHERE tenant_id = ?")
    .pluck();
  const nameHolder = db
    .prepare<[string, string], string>(
      "SELECT id FROM address_books WHERE tenant_id = ? AND name_key = ?",
    )
    .pluck();
  const insertBook = db.prepare<unknown[]>(
    `INSERT INTO address_books (${addressBookColumns}) ` +
      `VALUES (${placeholders(addressBookColumnNames.length)})`,
  );
  const selectBooks = db.prepare<[string], Row>(
    `SELECT ${addressBookColumns} FROM address_books WHERE tenant_id = ? ORDER BY created_at, id`,
  );
  const selectBook = db.prepare<[string, string], Row>(
    `SELECT ${addressBookColumns} FROM address_books WHERE tenant_id = ? AND id = ?`,
  );
  const updateBook = db.prepare<[string, string, string, string, string]>(
    "UPDATE address_books SET name = ?, name_key = ?, org_unit_id = ? " +
      "WHERE tenant_id = ? AND id = ?",
  );
  const deleteBook = db.prepare<[string, string]>(
    "DELETE FROM address_books WHERE tenant_id = ? AND id = ?",
  );
  const countContacts = db
    .prepare<[string, string], number>(
      "SELECT count(*) FROM contacts WHERE tenant_id = ? AND address_book_id = ?",
    )
    .pluck();
  const contactExists = db
    .prepare<[string, string, string], number>(
      "SELECT count(*) FROM contacts " +
        "WHERE tenant_id = ? AND address_book_id = ? AND external_id = ?",
    )
    .pluck();
  const insertContact = db.prepare<unknown[]>(
    `INSERT INTO contacts (${contactColumns}) VALUES (${placeholders(contactColumnNames.length)})`,
  );
  const deleteContact = db.prepare<[string, string, string]>(
    "DELETE FROM contacts WHERE tenant_id = ? AND address_book_id = ? AND external_id = ?",
  );
  const insertKey = db.prepare<[string, string, string, string]>(
    "INSERT INTO contact_keys (tenant_id, address_book_id, external_id, match_key) " +
      "VALUES (?, ?, ?, ?)",
  );
  const selectContacts = db.prepare<[string, string], Row>(
    `SELECT ${contactColumns} FROM contacts WHERE tenant_id = ? AND address_book_id = ? ` +
      "ORDER BY external_id",
  );
  const selectNamed = db.prepare<[string, string, string], Row>(
    `SELECT ${contactColumns} FROM contacts WHERE tenant_id = ? AND address_book_id = ? ` +
      "AND external_id IN (SELECT value FROM json_each(?)) ORDER BY external_id",
  );
  const deleteNamed = db.prepare<[string, string, string]>(
    "DELETE FROM contacts WHERE tenant_id = ? AND address_book_id = ? " +
      "AND external_id IN (SELECT value FROM json_each(?))",
  );
  const deleteAll = db.prepare<[string, string]>(
    "DELETE FROM contacts WHERE tenant_id = ? AND address_book_id = ?",
  );
  const selectMatches = db.prepare<[string, string, string, number], Row>(
    `SELECT b.org_unit_id, ${contactColumnsOf("c")} FROM contact_keys k ` +
      "JOIN address_books b ON b.tenant_id = k.tenant_id AND b.id = k.address_book_id " +
      "JOIN contacts c ON c.tenant_id = k.tenant_id AND c.address_book_id = k.address_book_id " +
      "AND c.external_id = k.external_id " +
      "WHERE k.tenant_id = ? AND k.match_key = ? " +
      "AND b.org_unit_id IN (SELECT value FROM json_each(?)) " +
      "ORDER BY b.created_at, b.id, c.external_id LIMIT ?",
  );

  const writeContact = (tenantId: string, bookId: string, contact: Contact) => {
    insertContact.run(...contactValues(tenantId, bookId, contact));
    for (const key of contactKeys(contact))
      insertKey.run(tenantId, bookId, contact.externalId, key);
  };

  const insert = db.transaction((book: AddressBookRecord, limit: number): AddressBookInsert => {
    if (nameHolder.get(book.tenantId, nameKey(book.name)) !== undefined) return "nameTaken";
    if ((countBooks.get(book.tenantId) ?? 0) >= limit) return "limit";
    insertBook.run(...addressBookValues(book, nameKey(book.name)));
    return "created";
  });

  const update = db.transaction(
    (tenantId: string, id: string, patch: AddressBookPatch): AddressBookUpdate => {
      const row = selectBook.get(tenantId, id);
      if (!row) return "notFound";
      const book = addressBookFromRow(row);
      const name = patch.name ?? book.name;
      const holder = nameHolder.get(tenantId, nameKey(name));
      if (holder !== undefined && holder !== id) return "nameTaken";
      updateBook.run(name, nameKey(name), patch.orgUnitId ?? book.orgUnitId, tenantId, id);
      return "updated";
    },
  );

  const add = db.transaction(
    (tenantId: string, bookId: string, contact: Contact, limit: number): ContactInsert => {
      if (!selectBook.get(tenantId, bookId)) return "noBook";
      if (contactExists.get(tenantId, bookId, contact.externalId)) return "exists";
      if ((countContacts.get(tenantId, bookId) ?? 0) >= limit) return "full";
      writeContact(tenantId, bookId, contact);
      return "added";
    },
  );

  const replace = db.transaction((tenantId: string, bookId: string, contact: Contact) => {
    if (deleteContact.run(tenantId, bookId, contact.externalId).changes === 0) return false;
    writeContact(tenantId, bookId, contact);
    return true;
  });

  return {
    insertAddressBook: (book, limit) => insert(book, limit),
    listAddressBooks: (tenantId) => selectBooks.all(tenantId).map(addressBookFromRow),
    updateAddressBook: (tenantId, id, patch) => update(tenantId, id, patch),
    deleteAddressBook: (tenantId, id) => deleteBook.run(tenantId, id).changes > 0,
    addContact: (tenantId, bookId, contact, limit) => add(tenantId, bookId, contact, limit),
    updateContact: (tenantId, bookId, contact) => replace(tenantId, bookId, contact),
    getContacts: (tenantId, bookId, externalIds) =>
      (externalIds === undefined
        ? selectContacts.all(tenantId, bookId)
        : selectNamed.all(tenantId, bookId, encodeJson(externalIds))
      ).map((row) => contactFromRow(row, parseJsonText)),
    removeContacts: (tenantId, bookId, externalIds) =>
      deleteNamed.run(tenantId, bookId, encodeJson(externalIds)).changes,
    clearContacts: (tenantId, bookId) => deleteAll.run(tenantId, bookId).changes,
    findContacts: (tenantId, key, orgUnitIds, limit) =>
      selectMatches.all(tenantId, key, encodeJson(orgUnitIds), limit).map(
        (row): ContactMatch => ({
          addressBookId: textOf(row, "address_book_id"),
          orgUnitId: textOf(row, "org_unit_id"),
          contact: contactFromRow(row, parseJsonText),
        }),
      ),
  };
}
