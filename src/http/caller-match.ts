/**
 * Who an inbound caller is: the contact of an address book whose phone number (calls) or
 * email, chat address or UPN (chats, emails) is the caller's. A service reads the books
 * placed at its unit and the units above it, reading up the path like roles do; the book
 * nearest the service wins, then the oldest. One indexed lookup per unit, nearest first,
 * until one matches; the domain is handed the result.
 */
import type { DirectoryIndex } from "../domain/directoryIndex.ts";
import type { Customer, NameValue } from "../domain/taskEventData.ts";
import { addressKey, type Contact, callerKey, phoneKey } from "../store/address-book-records.ts";
import type { Store } from "../store/port.ts";

/** The unit and every unit above it, nearest first. */
function unitsUpFrom(index: DirectoryIndex, unitId: string): string[] {
  const units: string[] = [];
  for (let at: string | null = unitId; at !== null && !units.includes(at); ) {
    units.push(at);
    at = index.unitParents.get(at) ?? null;
  }
  return units;
}

/** The customer the caller `from` of a task for the service at `to` is, if a contact. */
export async function matchCaller(
  store: Store,
  index: DirectoryIndex,
  tenantId: string,
  to: string,
  from: string,
): Promise<Customer | undefined> {
  const service = index.findService(to);
  const key = callerKey(from);
  if (!service || key === undefined) return undefined;
  // Nearest unit first: however many contacts share the number further up, the nearest wins.
  for (const unit of unitsUpFrom(index, service.orgUnitId)) {
    const [match] = await store.findContacts(tenantId, key, [unit], 1);
    if (match) return customerOf(match.contact, key);
  }
  return undefined;
}

const nonEmpty = (value: string | undefined) =>
  value === undefined || value.trim() === "" ? undefined : value;

/**
 * A contact as the task's customer: names, company and position as they are, the first chat
 * and postal address, the email address the caller wrote from (else the first), every phone
 * number in `telNumbers` (named business, mobile or home) with the one the caller used as
 * the primary number, the custom fields after the contact's external id as `externalId`.
 */
export function customerOf(contact: Contact, callerKeyUsed?: string): Customer {
  const telNumbers: NameValue[] = [
    ...(contact.businessPhones ?? []).map((value) => ({ name: "business", value })),
    ...(contact.mobilePhones ?? []).map((value) => ({ name: "mobile", value })),
    ...(contact.homePhones ?? []).map((value) => ({ name: "home", value })),
  ];
  const primary =
    telNumbers.find(({ value }) => phoneKey(value) === callerKeyUsed) ?? telNumbers[0];
  const address = contact.addresses?.[0];
  const named = [contact.firstName, contact.lastName].filter((part) => nonEmpty(part));
  const fields: Record<string, unknown> = {
    firstName: nonEmpty(contact.firstName),
    lastName: nonEmpty(contact.lastName),
    displayName: nonEmpty(contact.displayName) ?? nonEmpty(named.join(" ")),
    company: nonEmpty(contact.company),
    jobTitle: nonEmpty(contact.jobTitle),
    department: nonEmpty(contact.department),
    streetAddress: nonEmpty(address?.street),
    postCode: nonEmpty(address?.postalCode),
    city: nonEmpty(address?.city),
    state: nonEmpty(address?.state),
    country: nonEmpty(address?.country),
    primaryTelNumber: primary?.value,
    telNumbers: telNumbers.length > 0 ? telNumbers : undefined,
    UPN: nonEmpty(contact.userPrincipalName),
    imAddress: nonEmpty(contact.imAddresses?.[0]),
    email: nonEmpty(
      contact.emailAddresses?.find((email) => addressKey(email) === callerKeyUsed) ??
        contact.emailAddresses?.[0],
    ),
    customFields: [
      { name: "externalId", value: contact.externalId },
      ...(contact.customFields ?? []).map(({ name, value }) => ({ name, value: value ?? "" })),
    ],
  };
  const customer: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) customer[name] = value;
  }
  return customer as Customer;
}
