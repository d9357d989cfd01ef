/**
 * Request schemas of the address-book routes (the connector's field names) and their limits,
 * documented in docs/address-books.md.
 */
import { Type } from "typebox";
import { NameValue } from "./connector-schemas.ts";
import { textPattern } from "./schemas.ts";

export const addressBookLimits = {
  booksPerTenant: 200,
  contactsPerBook: 10_000,
  /** Business, mobile and home numbers together. */
  phonesPerContact: 20,
  /** External ids one Get contact(s) or Remove contact(s) names. */
  externalIdsPerRequest: 1_000,
  nameLength: 100,
  externalIdLength: 200,
} as const;

const strict = { additionalProperties: false } as const;
const text = (maxLength: number) => Type.String({ maxLength, pattern: textPattern });
const optionalText = (maxLength: number) => Type.Optional(text(maxLength));
const list = (maxLength: number, maxItems: number) =>
  Type.Optional(Type.Array(text(maxLength), { maxItems }));

const ExternalId = Type.String({
  minLength: 1,
  maxLength: addressBookLimits.externalIdLength,
  pattern: textPattern,
});

const Address = Type.Object(
  {
    street: optionalText(400),
    city: optionalText(200),
    country: optionalText(200),
    state: optionalText(200),
    postalCode: optionalText(40),
  },
  strict,
);

const phones = list(64, addressBookLimits.phonesPerContact);

/** `ContactWriteDto`. */
export const ContactBody = Type.Object(
  {
    externalId: ExternalId,
    firstName: optionalText(200),
    lastName: optionalText(200),
    displayName: optionalText(400),
    initials: optionalText(20),
    company: optionalText(400),
    department: optionalText(400),
    jobTitle: optionalText(400),
    userPrincipalName: optionalText(320),
    imAddresses: list(320, 10),
    emailAddresses: list(320, 10),
    businessPhones: phones,
    mobilePhones: phones,
    homePhones: phones,
    addresses: Type.Optional(Type.Array(Address, { maxItems: 10 })),
    customFields: Type.Optional(Type.Array(NameValue, { maxItems: 50 })),
  },
  strict,
);

/** The external ids of Remove contact(s). */
export const ExternalIdsBody = Type.Array(ExternalId, {
  maxItems: addressBookLimits.externalIdsPerRequest,
});

/** An address book named by id (as the connector's picker gives it) or by name. */
export const AddressBookParams = Type.Object({
  AddressBook: Type.String({
    minLength: 1,
    maxLength: addressBookLimits.nameLength,
    pattern: textPattern,
  }),
});

/** Repeated (`?externalIds=a&externalIds=b`) or comma-separated, as OpenAPI 2.0 sends lists. */
export const ContactsQuery = Type.Object({
  externalIds: Type.Optional(
    Type.Union([
      Type.String({ maxLength: 100_000, pattern: textPattern }),
      Type.Array(Type.String({ maxLength: 100_000, pattern: textPattern }), {
        maxItems: addressBookLimits.externalIdsPerRequest,
      }),
    ]),
  ),
});

const name = Type.String({
  minLength: 1,
  maxLength: addressBookLimits.nameLength,
  pattern: textPattern,
  description: "Unique within the tenant, whatever its case",
});
const unitId = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: "^[A-Za-z0-9._:-]+$",
  description: "The organisation unit the address book is placed at",
});

export const AddressBookBody = Type.Object({ name, orgUnitId: unitId }, strict);

export const AddressBookPatchBody = Type.Object(
  { name: Type.Optional(name), orgUnitId: Type.Optional(unitId) },
  { ...strict, minProperties: 1 },
);

export const AddressBookIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._:-]+$" }),
});
