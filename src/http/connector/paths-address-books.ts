/** Address books: contacts a flow keeps in Cirrus so that agents see who is calling. */
import {
  failures,
  type Operation,
  type Paths,
  pathParameter,
  ref,
  type SimpleParameter,
} from "./openapi.ts";

const addressBook = (description: string): SimpleParameter =>
  pathParameter("AddressBook", {
    description,
    "x-ms-summary": "Address book",
    "x-ms-dynamic-values": {
      operationId: "GetAddressBooks",
      "value-path": "id",
      "value-title": "name",
    },
    "x-ms-visibility": "important",
  });

const writeContact = (
  operationId: string,
  summary: string,
  description: string,
  verb: string,
): Operation => ({
  summary,
  description,
  operationId,
  parameters: [
    addressBook("The address book that holds the contact."),
    {
      name: "contact",
      description: `The contact to ${verb}, identified by its external id.`,
      "x-ms-summary": "Contact",
      in: "body",
      required: true,
      schema: ref("ContactWriteDto"),
    },
  ],
  responses: {
    200: { description: "The contact as Cirrus now holds it.", schema: ref("ContactReadDto") },
    ...failures(401, [403, "The token may not use this address book."], 500),
  },
});

export const addressBookPaths: Paths = {
  "/v2/AddressBooks/{AddressBook}/contacts": {
    get: {
      summary: "Get contacts from an address book",
      description: "Returns the contacts of an address book, all of them or those asked for.",
      operationId: "GetContacts",
      parameters: [
        addressBook("The address book to read."),
        {
          name: "externalIds",
          description: "External ids of the contacts to return; all contacts when left out.",
          "x-ms-summary": "External IDs",
          in: "query",
          type: "array",
          items: { type: "string" },
        },
      ],
      responses: {
        200: {
          description: "The contacts found.",
          schema: {
            type: "array",
            description: "The contacts found.",
            "x-ms-summary": "Contacts",
            items: ref("ContactReadDto"),
          },
        },
        ...failures(401, [403, "The token may not use this address book."], 500),
      },
    },
    post: writeContact(
      "AddContact",
      "Add a contact to an address book",
      "Adds a contact to an address book; later calls find it by its external id.",
      "add",
    ),
    put: writeContact(
      "UpdateContact",
      "Update a contact in an address book",
      "Replaces the details of one contact of an address book.",
      "update",
    ),
  },
  "/v2/AddressBooks/{AddressBook}/contacts/delete": {
    post: {
      summary: "Remove contacts from an address book",
      description: "Deletes one or more contacts of an address book by their external ids.",
      operationId: "RemoveContacts",
      parameters: [
        addressBook("The address book to remove contacts from."),
        {
          name: "externalIds",
          description: "External ids of the contacts to remove.",
          "x-ms-summary": "External IDs",
          in: "body",
          required: true,
          schema: { type: "array", items: { type: "string" } },
        },
      ],
      responses: {
        200: { description: "Cirrus removed the contacts." },
        ...failures(401, 403, 500, 504),
      },
    },
  },
  "/v2/AddressBooks/{AddressBook}/contacts/clear": {
    post: {
      summary: "Empty an address book",
      description: "Deletes every contact of an address book.",
      operationId: "ClearContacts",
      parameters: [addressBook("The address book to empty.")],
      responses: {
        200: { description: "The address book is empty." },
        ...failures(401, 403, 500, 504),
      },
    },
  },
};
