/**
 * Address books as the store keeps them: each placed at an organisation unit, holding
 * contacts keyed by the `externalId` the writing system gave them. A contact's fields are
 * those of the connector's `ContactWriteDto`, absent rather than empty when not given. Its
 * phone numbers and addresses are also kept as match keys, so that an inbound caller is found
 * through an index.
 */

export interface AddressBookRecord {
  readonly tenantId: string;
  readonly id: string;
  /** Unique within the tenant, whatever its case. */
  readonly name: string;
  readonly orgUnitId: string;
  readonly createdAt: number;
}

export interface AddressBookPatch {
  readonly name?: string;
  readonly orgUnitId?: string;
}

export interface ContactAddress {
  readonly street?: string;
  readonly city?: string;
  readonly country?: string;
  readonly state?: string;
  readonly postalCode?: string;
}

export interface ContactCustomField {
  readonly name: string;
  readonly value?: string;
}

/** `ContactWriteDto` (and `ContactReadDto`), field for field. */
export interface Contact {
  readonly externalId: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly displayName?: string;
  readonly initials?: string;
  readonly company?: string;
  readonly department?: string;
  readonly jobTitle?: string;
  readonly userPrincipalName?: string;
  readonly imAddresses?: readonly string[];
  readonly emailAddresses?: readonly string[];
  readonly businessPhones?: readonly string[];
  readonly mobilePhones?: readonly string[];
  readonly homePhones?: readonly string[];
  readonly addresses?: readonly ContactAddress[];
  readonly customFields?: readonly ContactCustomField[];
}

/** A contact found by a match key, with the book that holds it. */
export interface ContactMatch {
  readonly addressBookId: string;
  readonly orgUnitId: string;
  readonly contact: Contact;
}

/** Outcomes of writes that can be refused for more than one reason. */
export type AddressBookInsert = "created" | "nameTaken" | "limit";
export type AddressBookUpdate = "updated" | "notFound" | "nameTaken";
export type ContactInsert = "added" | "noBook" | "exists" | "full";

/** The form a name is unique in: Unicode-normalised, lower case. */
export function nameKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

/**
 * The key a telephone number is matched by: `+` and digits, separators dropped, a leading
 * `00` read as `+`, a `(0)` after the country code dropped. Numbers with anything else in
 * them (letters, extensions) have none.
 */
export function phoneKey(value: string): string | undefined {
  const key = value
    .trim()
    .toLowerCase()
    .replace(/^tel:/, "")
    .replace(/\(0\)/g, "")
    .replace(/[\s\-()./]/g, "")
    .replace(/^00/, "+");
  return /^\+?\d{3,}$/.test(key) ? key : undefined;
}

/** The key an email address, UPN or chat address is matched by: lower case, no scheme. */
export function addressKey(value: string): string | undefined {
  const key = value
    .trim()
    .toLowerCase()
    .replace(/^(sip|mailto|im):/, "");
  return /^[^@\s]+@[^@\s]+$/.test(key) ? key : undefined;
}

/** The key an inbound caller (`from`) is looked up by: an address if it has an @. */
export function callerKey(from: string): string | undefined {
  return from.includes("@") ? addressKey(from) : phoneKey(from);
}

/** Every match key of a contact, without repeats. */
export function contactKeys(contact: Contact): string[] {
  const phones = [
    ...(contact.businessPhones ?? []),
    ...(contact.mobilePhones ?? []),
    ...(contact.homePhones ?? []),
  ].map(phoneKey);
  const addresses = [
    ...(contact.emailAddresses ?? []),
    ...(contact.imAddresses ?? []),
    ...(contact.userPrincipalName === undefined ? [] : [contact.userPrincipalName]),
  ].map(addressKey);
  const keys = new Set<string>();
  for (const key of [...phones, ...addresses]) if (key !== undefined) keys.add(key);
  return [...keys];
}
