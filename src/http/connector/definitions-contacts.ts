/** Definitions for address books and the contacts a flow keeps in them. */
import { type DefinitionName, field, ref, type Schema } from "./openapi.ts";

const list = (label: string, what: string): Schema => ({
  type: "array",
  items: { type: "string" },
  description: `The contact's ${what}.`,
  "x-ms-summary": label,
});

/** The fields of a contact; reading and writing differ only in the labels of the last two. */
function contact(addressesLabel?: string, customFieldsLabel?: string): Schema {
  return {
    type: "object",
    properties: {
      externalId: field(
        "string",
        "Contact External ID",
        "The id the writing system gave the contact; later calls refer to the contact by it.",
      ),
      firstName: field("string", "Contact First Name", "The contact's first name."),
      lastName: field("string", "Contact Last Name", "The contact's last name."),
      displayName: field("string", "Contact Display Name", "The contact's name as displayed."),
      initials: field("string", "Contact Initials", "The contact's initials."),
      company: field("string", "Contact Company", "The contact's company."),
      department: field("string", "Contact Department", "The contact's department."),
      jobTitle: field("string", "Contact Job Title", "The contact's job title."),
      userPrincipalName: field("string", "Contact User Principal Name", "The contact's UPN."),
      imAddresses: list("Contact IM Addresses", "chat addresses"),
      emailAddresses: list("Contact Email Addresses", "email addresses"),
      businessPhones: list("Contact Business Phones", "work numbers"),
      mobilePhones: list("Contact Mobile Phones", "mobile numbers"),
      homePhones: list("Contact Home Phones", "home numbers"),
      addresses: {
        type: "array",
        items: ref("Address"),
        description: "The contact's postal addresses.",
        ...(addressesLabel === undefined ? {} : { "x-ms-summary": addressesLabel }),
      },
      customFields: {
        type: "array",
        items: ref("CustomField"),
        description: "Free name/value pairs about the contact.",
        ...(customFieldsLabel === undefined ? {} : { "x-ms-summary": customFieldsLabel }),
      },
    },
    required: ["externalId"],
  };
}

export const contactDefinitions = {
  AddressBook: {
    type: "object",
    properties: { name: { type: "string" }, id: { type: "string" } },
  },
  AddressBookList: { type: "array", items: ref("AddressBook") },
  ContactReadDto: contact(),
  ContactWriteDto: contact("Contact Addresses", "Contact Custom Fields"),
  Address: {
    type: "object",
    properties: {
      street: field("string", "Address Street", "Street and house number."),
      city: field("string", "Address City", "City or town."),
      country: field("string", "Address Country", "Country."),
      state: field("string", "Address State", "State or region."),
      postalCode: field("string", "Address Postcode", "Postcode."),
    },
  },
} satisfies Partial<Record<DefinitionName, Schema>>;
