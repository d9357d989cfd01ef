/**
 * The admin API of address books, at `/api/admin/address-books`: list, create, rename or
 * move, delete. For the roles the Address Books row of the permission matrix names: Tenant
 * Admins everywhere, OU Admins within their units. Each change is audited.
 */
import { randomUUID } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { grantsFor } from "../../domain/access.ts";
import { DomainError } from "../../domain/errors.ts";
import { rolesAllowed, roleTitle } from "../../domain/permissions.ts";
import type { AddressBookRecord } from "../../store/address-book-records.ts";
import {
  type BookScope,
  bookInReach,
  booksInReach,
  reachesBookUnit,
} from "../address-book-access.ts";
import {
  AddressBookBody,
  AddressBookIdParams,
  AddressBookPatchBody,
  addressBookLimits,
} from "../address-book-schemas.ts";
import { audit } from "../audit.ts";
import { isoOrNull } from "../iso-time.ts";
import type { RouteDeps } from "./deps.ts";

/** The operation whose roles manage address books (all of the row share them). */
const managing = "GetAddressBooks";

const view = (book: AddressBookRecord) => ({
  id: book.id,
  name: book.name,
  orgUnitId: book.orgUnitId,
  created: isoOrNull(book.createdAt),
});

export const addressBookAdminRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine, store, clock },
) => {
  const scopeOf = (request: FastifyRequest): BookScope => {
    const user = request.caller.user;
    if (!user || grantsFor(user, managing).length === 0) {
      const allowed = rolesAllowed(managing).map(roleTitle).join(" or ");
      throw new DomainError(
        "forbidden",
        `managing address books needs the ${allowed} role`,
        "authorization",
      );
    }
    return { engine, store, tenantId: request.caller.tenantId, user, operationId: managing };
  };
  app.addHook("preValidation", async (request) => {
    scopeOf(request);
  });

  /** A unit of the tenant the caller reaches; a 400 naming `orgUnitId` otherwise. */
  const checkUnit = (scope: BookScope, unitId: string) => {
    const { unitParents } = engine.requireState(scope.tenantId).directory;
    if (!unitParents.has(unitId) || !reachesBookUnit(scope, unitId)) {
      throw DomainError.badRequest(
        "orgUnitId",
        `no organisation unit ${unitId} that you administer`,
      );
    }
  };
  const checkName = (name: string) => {
    if (name.trim() === "") throw DomainError.badRequest("name", "a name needs a character");
    return name.trim();
  };
  const nameTaken = (name: string) =>
    DomainError.conflict(`there is an address book named ${name} already`, "name");

  app.get("/", async (request) => ({
    addressBooks: (await booksInReach(scopeOf(request))).map(view),
  }));

  app.post("/", { schema: { body: AddressBookBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const name = checkName(request.body.name);
    const { orgUnitId } = request.body;
    checkUnit(scope, orgUnitId);
    const book = { tenantId: scope.tenantId, id: randomUUID(), name, orgUnitId };
    const record = { ...book, createdAt: clock.now() };
    const outcome = await store.insertAddressBook(record, addressBookLimits.booksPerTenant);
    if (outcome === "nameTaken") throw nameTaken(name);
    if (outcome === "limit") {
      throw DomainError.conflict(
        `the tenant has ${addressBookLimits.booksPerTenant} address books, the most it may`,
        "name",
      );
    }
    await audit(engine, request.caller, "addressBook.create", record.id, { name, orgUnitId });
    return reply.code(201).send(view(record));
  });

  app.patch(
    "/:id",
    { schema: { params: AddressBookIdParams, body: AddressBookPatchBody } },
    async (request) => {
      const scope = scopeOf(request);
      const book = await bookInReach(scope, request.params.id, "id", false);
      const { orgUnitId } = request.body;
      const name = request.body.name === undefined ? undefined : checkName(request.body.name);
      if (orgUnitId !== undefined) checkUnit(scope, orgUnitId);
      const patch = {
        ...(name === undefined ? {} : { name }),
        ...(orgUnitId === undefined ? {} : { orgUnitId }),
      };
      const outcome = await store.updateAddressBook(scope.tenantId, book.id, patch);
      if (outcome === "nameTaken") throw nameTaken(name ?? book.name);
      if (outcome === "notFound") throw DomainError.notFound("id", `no address book ${book.id}`);
      await audit(engine, request.caller, "addressBook.update", book.id, patch);
      return view({ ...book, ...patch });
    },
  );

  app.delete("/:id", { schema: { params: AddressBookIdParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const book = await bookInReach(scope, request.params.id, "id", false);
    if (await store.deleteAddressBook(scope.tenantId, book.id)) {
      await audit(engine, request.caller, "addressBook.delete", book.id, { name: book.name });
    }
    return reply.code(204).send();
  });
};
