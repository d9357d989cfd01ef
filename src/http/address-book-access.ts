/**
 * Who reaches which address book, shared by the connector's routes and the admin API. The
 * Address Books row of the permission matrix decides: Tenant Admins reach every book, OU
 * Admins the books placed at or below a unit where they hold OU Admin. A book outside the
 * caller's reach is answered as if it did not exist (404), so that its existence does not
 * leak.
 */
import { reachesUnit } from "../domain/access.ts";
import { DomainError } from "../domain/errors.ts";
import type { User } from "../domain/model.ts";
import type { Engine } from "../engine/engine.ts";
import { type AddressBookRecord, nameKey } from "../store/address-book-records.ts";
import type { Store } from "../store/port.ts";

export interface BookScope {
  readonly engine: Engine;
  readonly store: Store;
  readonly tenantId: string;
  readonly user: User;
  /** The connector operation whose roles decide the reach. */
  readonly operationId: string;
}

/** Whether the caller reaches what is placed at the unit. */
export function reachesBookUnit(scope: BookScope, unitId: string): boolean {
  const index = scope.engine.requireState(scope.tenantId).directory;
  return reachesUnit(index, scope.user, scope.operationId, unitId);
}

/** The tenant's books the caller reaches, oldest first. */
export async function booksInReach(scope: BookScope): Promise<AddressBookRecord[]> {
  const books = await scope.store.listAddressBooks(scope.tenantId);
  return books.filter((book) => reachesBookUnit(scope, book.orgUnitId));
}

/**
 * The book with the id or, failing that and `byName`, with the name (a flow author may type
 * one), if the caller reaches it; a 404 naming `field` otherwise.
 */
export async function bookInReach(
  scope: BookScope,
  reference: string,
  field: string,
  byName = true,
): Promise<AddressBookRecord> {
  const books = await scope.store.listAddressBooks(scope.tenantId);
  const key = nameKey(reference);
  const book =
    books.find((candidate) => candidate.id === reference) ??
    (byName ? books.find((candidate) => nameKey(candidate.name) === key) : undefined);
  if (!book || !reachesBookUnit(scope, book.orgUnitId)) {
    throw DomainError.notFound(field, `no address book ${reference} that you may use`);
  }
  return book;
}
