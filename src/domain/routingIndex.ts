/**
 * Derived look-ups that keep distribution cheap with thousands of users and services: per
 * service, the members who are available (responsible, Available, not set not-ready) and
 * those of them who are free (no offer ringing, not in after-call work). Kept up to date by
 * `evolve` whenever a user changes, rebuilt when the state is restored or the directory
 * changes; never stored, so snapshots and replays do not depend on it.
 */
import type { TenantState, UserState } from "./state.ts";

export interface RoutingIndex {
  /** Service id → members who are responsible, Available and not set not-ready. */
  readonly available: Map<string, Set<string>>;
  /** Service id → available members with no offer ringing and no after-call work. */
  readonly free: Map<string, Set<string>>;
}

export function emptyRoutingIndex(): RoutingIndex {
  return { available: new Map(), free: new Map() };
}

/** Whether a user takes tasks at all: present as Available and not set not-ready by RONA. */
export function isAvailable(user: UserState | undefined): user is UserState {
  return user !== undefined && user.presence === "Available" && !user.notReady;
}

function place(sets: Map<string, Set<string>>, serviceId: string, userId: string, into: boolean) {
  let members = sets.get(serviceId);
  if (into) {
    if (!members) {
      members = new Set();
      sets.set(serviceId, members);
    }
    members.add(userId);
  } else {
    members?.delete(userId);
  }
}

/** Puts the user where they belong in each of their services' sets. */
export function indexUser(state: TenantState, userId: string): void {
  const user = state.users.get(userId);
  const available = isAvailable(user);
  const free = available && user.offerId === null && user.acwUntil === null;
  for (const serviceId of state.directory.servicesOfUser.get(userId) ?? []) {
    const responsible = available && !user.off.includes(serviceId);
    place(state.routing.available, serviceId, userId, responsible);
    place(state.routing.free, serviceId, userId, responsible && free);
  }
}

/** Builds the look-ups from scratch, e.g. after a restore or a new directory. */
export function rebuildRoutingIndex(state: TenantState): void {
  state.routing.available.clear();
  state.routing.free.clear();
  for (const userId of state.users.keys()) indexUser(state, userId);
}
