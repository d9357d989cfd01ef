/**
 * The connector's address books: the books a caller reaches, and the contacts a flow keeps
 * in them by external id. Bodies and answers use the definition's `ContactWriteDto` and
 * `ContactReadDto` field names; docs/address-books.md gives the limits.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { DomainError } from "../../domain/errors.ts";
import type { Contact } from "../../store/address-book-records.ts";
import { type BookScope, bookInReach, booksInReach } from "../address-book-access.ts";
import {
  AddressBookParams,
  addressBookLimits,
  ContactBody,
  ContactsQuery,
  ExternalIdsBody,
} from "../address-book-schemas.ts";
import { operationAllowed, operationUser } from "../connector-access.ts";
import type { RouteDeps } from "./deps.ts";

/** The contact as written, taken field by field (never the body spread). */
function contactOf(body: Static<typeof ContactBody>): Contact {
  const fields = [
    "firstName",
    "lastName",
    "displayName",
    "initials",
    "company",
    "department",
    "jobTitle",
    "userPrincipalName",
    "imAddresses",
    "emailAddresses",
    "businessPhones",
    "mobilePhones",
    "homePhones",
    "addresses",
    "customFields",
  ] as const;
  const contact: Record<string, unknown> = { externalId: body.externalId };
  for (const field of fields) if (body[field] !== undefined) contact[field] = body[field];
  const phones = ["businessPhones", "mobilePhones", "homePhones"] as const;
  let count = 0;
  for (const field of phones) {
    count += body[field]?.length ?? 0;
    if (count > addressBookLimits.phonesPerContact) {
      throw DomainError.badRequest(
        field,
        `a contact has at most ${addressBookLimits.phonesPerContact} phone numbers in all`,
      );
    }
  }
  return contact as unknown as Contact;
}

/**
 * The external ids asked for: each value may list several, comma-separated (OpenAPI 2.0's
 * default for a list in a query). A value holding a comma is also tried whole. None at all
 * means every contact.
 */
function requestedIds(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const values = typeof value === "string" ? [value] : value;
  const parts = new Set(values.flatMap((v) => v.split(",")).filter((id) => id !== ""));
  // `?externalIds=` is a list left empty: none provided, so every contact.
  if (parts.size === 0) return undefined;
  if (parts.size > addressBookLimits.externalIdsPerRequest) {
    throw DomainError.badRequest(
      "externalIds",
      `at most ${addressBookLimits.externalIdsPerRequest} external ids per request`,
    );
  }
  return [...new Set([...parts, ...values.filter((v) => v.includes(","))])];
}

export const connectorAddressBookRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine, store },
) => {
  const scopeOf = (request: FastifyRequest, operationId: string): BookScope => ({
    engine,
    store,
    tenantId: request.caller.tenantId,
    user: operationUser(request.caller, operationId),
    operationId,
  });
  const book = (
    request: FastifyRequest<{ Params: Static<typeof AddressBookParams> }>,
    op: string,
  ) =>
    bookInReach(scopeOf(request, op), request.params.AddressBook, "AddressBook").catch(
      (error: unknown) => {
        // The definition declares 403 for a book the caller may not use; an unknown book
        // answers the same, so that the answer does not tell which books exist.
        if (error instanceof DomainError && error.code === "not_found") {
          throw new DomainError("forbidden", error.message, "AddressBook");
        }
        throw error;
      },
    );

  app.get("/v2/AddressBooks", async (request) => {
    const books = await booksInReach(scopeOf(request, "GetAddressBooks"));
    return books.map(({ name, id }) => ({ name, id }));
  });

  app.get(
    "/v2/AddressBooks/:AddressBook/contacts",
    {
      ...operationAllowed("GetContacts"),
      schema: { params: AddressBookParams, querystring: ContactsQuery },
    },
    async (request) => {
      const { id } = await book(request, "GetContacts");
      return store.getContacts(
        request.caller.tenantId,
        id,
        requestedIds(request.query.externalIds),
      );
    },
  );

  app.post(
    "/v2/AddressBooks/:AddressBook/contacts",
    { ...operationAllowed("AddContact"), schema: { params: AddressBookParams, body: ContactBody } },
    async (request) => {
      const contact = contactOf(request.body);
      const { id, name } = await book(request, "AddContact");
      const limit = addressBookLimits.contactsPerBook;
      const outcome = await store.addContact(request.caller.tenantId, id, contact, limit);
      switch (outcome) {
        case "added":
          return contact;
        case "exists":
          throw DomainError.conflict(
            `address book ${name} has a contact ${contact.externalId} already`,
            "externalId",
          );
        case "full":
          throw DomainError.conflict(
            `address book ${name} holds ${limit} contacts, the most it may`,
            "AddressBook",
          );
        case "noBook":
          throw new DomainError(
            "forbidden",
            `no address book ${request.params.AddressBook} that you may use`,
            "AddressBook",
          );
        default: {
          const never: never = outcome;
          throw new Error(`unknown outcome ${String(never)}`);
        }
      }
    },
  );

  app.put(
    "/v2/AddressBooks/:AddressBook/contacts",
    {
      ...operationAllowed("UpdateContact"),
      schema: { params: AddressBookParams, body: ContactBody },
    },
    async (request) => {
      const contact = contactOf(request.body);
      const { id, name } = await book(request, "UpdateContact");
      if (!(await store.updateContact(request.caller.tenantId, id, contact))) {
        throw DomainError.notFound(
          "externalId",
          `address book ${name} has no contact ${contact.externalId}`,
        );
      }
      return contact;
    },
  );

  // Ids the book does not hold are passed over: a request repeated after a timeout succeeds.
  app.post(
    "/v2/AddressBooks/:AddressBook/contacts/delete",
    {
      ...operationAllowed("RemoveContacts"),
      schema: { params: AddressBookParams, body: ExternalIdsBody },
    },
    async (request, reply) => {
      const { id } = await book(request, "RemoveContacts");
      await store.removeContacts(request.caller.tenantId, id, request.body);
      return reply.code(200).send();
    },
  );

  app.post(
    "/v2/AddressBooks/:AddressBook/contacts/clear",
    { ...operationAllowed("ClearContacts"), schema: { params: AddressBookParams } },
    async (request, reply) => {
      const { id } = await book(request, "ClearContacts");
      await store.clearContacts(request.caller.tenantId, id);
      return reply.code(200).send();
    },
  );
};
