/**
 * The demo tenant's address book: "Key customers", placed at Customer Support, whose
 * contacts the support line recognises when they call or write. Chiara Rossi's business
 * number is the one the README's quick start calls from, and her customer number is the one
 * it types (the demo CRM's gold customer 12347).
 */
import type { AddressBookRecord, Contact } from "../store/address-book-records.ts";

export const demoAddressBookId = "addressbook-key-customers";

export function demoAddressBook(createdAt: number): AddressBookRecord {
  return {
    tenantId: "demo",
    id: demoAddressBookId,
    name: "Key customers",
    orgUnitId: "ou-support",
    createdAt,
  };
}

export const demoContacts: readonly Contact[] = [
  {
    externalId: "crm-12347",
    firstName: "Chiara",
    lastName: "Rossi",
    displayName: "Chiara Rossi",
    initials: "CR",
    company: "Rossi Logistica SA",
    department: "Operations",
    jobTitle: "Head of Operations",
    emailAddresses: ["chiara.rossi@rossi-logistica.example"],
    businessPhones: ["+41 79 123 45 67"],
    addresses: [
      { street: "Via Nassa 12", city: "Lugano", postalCode: "6900", country: "Switzerland" },
    ],
    customFields: [
      { name: "customerNumber", value: "12347" },
      { name: "tier", value: "gold" },
    ],
  },
  {
    externalId: "crm-20481",
    firstName: "Jonas",
    lastName: "Weber",
    displayName: "Jonas Weber",
    company: "Weber Bau AG",
    jobTitle: "Site Manager",
    emailAddresses: ["jonas.weber@weber-bau.example"],
    mobilePhones: ["+41 76 555 01 02"],
    customFields: [{ name: "customerNumber", value: "20481" }],
  },
  {
    externalId: "crm-31007",
    firstName: "Amélie",
    lastName: "Dubois",
    displayName: "Amélie Dubois",
    company: "Atelier Dubois",
    jobTitle: "Owner",
    emailAddresses: ["amelie@atelier-dubois.example"],
    businessPhones: ["+33 1 70 00 12 34"],
    addresses: [{ street: "8 rue des Vinaigriers", city: "Paris", postalCode: "75010" }],
    customFields: [
      { name: "customerNumber", value: "31007" },
      { name: "tier", value: "gold" },
    ],
  },
  {
    externalId: "crm-40210",
    firstName: "Kenji",
    lastName: "Sato",
    displayName: "Kenji Sato",
    company: "Sato Trading KK",
    department: "Purchasing",
    userPrincipalName: "kenji.sato@sato-trading.example",
    emailAddresses: ["kenji.sato@sato-trading.example"],
    imAddresses: ["sip:kenji.sato@sato-trading.example"],
    customFields: [{ name: "customerNumber", value: "40210" }],
  },
];
