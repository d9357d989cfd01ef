/**
 * Mapping `address_books` and `contacts` rows to the port's records, shared by both adapters.
 * Text fields a contact does not have are NULL; its lists are JSON, NULL when not given.
 */
import type { AddressBookRecord, Contact, ContactAddress } from "./address-book-records.ts";
import { encodeNullableJson } from "./json-codec.ts";
import { type JsonDecoder, nullableTextOf, numberOf, type Row, textOf } from "./row.ts";

/** The columns of `address_books`, in the order of `addressBookValues`. */
export const addressBookColumnNames = [
  "tenant_id",
  "id",
  "name",
  "name_key",
  "org_unit_id",
  "created_at",
] as const;

export const addressBookColumns = addressBookColumnNames.join(", ");

export function addressBookValues(book: AddressBookRecord, key: string): unknown[] {
  return [book.tenantId, book.id, book.name, key, book.orgUnitId, book.createdAt];
}

export function addressBookFromRow(row: Row): AddressBookRecord {
  return {
    tenantId: textOf(row, "tenant_id"),
    id: textOf(row, "id"),
    name: textOf(row, "name"),
    orgUnitId: textOf(row, "org_unit_id"),
    createdAt: numberOf(row, "created_at"),
  };
}

/** A contact's text fields and the column each is kept in. */
const textFields = [
  ["firstName", "first_name"],
  ["lastName", "last_name"],
  ["displayName", "display_name"],
  ["initials", "initials"],
  ["company", "company"],
  ["department", "department"],
  ["jobTitle", "job_title"],
  ["userPrincipalName", "user_principal_name"],
] as const;

/** A contact's lists and the JSON column each is kept in. */
const listFields = [
  ["imAddresses", "im_addresses"],
  ["emailAddresses", "email_addresses"],
  ["businessPhones", "business_phones"],
  ["mobilePhones", "mobile_phones"],
  ["homePhones", "home_phones"],
  ["addresses", "addresses"],
  ["customFields", "custom_fields"],
] as const;

/** The JSON columns of `contacts`, for adapters that cast them. */
export const contactJsonColumns: ReadonlySet<string> = new Set(
  listFields.map(([, column]) => column),
);

/** The columns of `contacts`, in the order of `contactValues`. */
export const contactColumnNames = [
  "tenant_id",
  "address_book_id",
  "external_id",
  ...textFields.map(([, column]) => column),
  ...listFields.map(([, column]) => column),
] as const;

export const contactColumns = contactColumnNames.join(", ");

/** Qualified with a table alias, for joins. */
export const contactColumnsOf = (alias: string) =>
  contactColumnNames.map((column) => `${alias}.${column}`).join(", ");

/** One value per column of `contactColumnNames`; lists as JSON text. */
export function contactValues(tenantId: string, bookId: string, contact: Contact): unknown[] {
  return [
    tenantId,
    bookId,
    contact.externalId,
    ...textFields.map(([field]) => contact[field] ?? null),
    ...listFields.map(([field]) => encodeNullableJson(contact[field])),
  ];
}

export function contactFromRow(row: Row, decode: JsonDecoder): Contact {
  const contact: Record<string, unknown> = { externalId: textOf(row, "external_id") };
  for (const [field, column] of textFields) {
    const value = nullableTextOf(row, column);
    if (value !== null) contact[field] = value;
  }
  for (const [field, column] of listFields) {
    const raw = row[column];
    if (raw === null || raw === undefined) continue;
    const value = decode(raw);
    if (!Array.isArray(value)) throw new Error(`Column ${column}: expected a JSON list`);
    contact[field] = field === "addresses" ? value.map(addressOf) : value;
  }
  return contact as unknown as Contact;
}

/** An address with its fields in the definition's order, whatever order JSON kept them in. */
function addressOf(value: unknown): ContactAddress {
  const raw = (value ?? {}) as Record<string, unknown>;
  const address: Record<string, unknown> = {};
  for (const field of ["street", "city", "country", "state", "postalCode"] as const) {
    if (typeof raw[field] === "string") address[field] = raw[field];
  }
  return address as ContactAddress;
}
