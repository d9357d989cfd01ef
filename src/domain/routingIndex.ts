/**
 * Derived look-ups that keep distribution cheap with thousands of users and services: per
 * service, the members who are available (responsible, Available, not set not-ready), and
 * per service and modality those of them who could be offered a task of that modality now
 * (no offer ringing, no after-call work, room left in their capacity). Kept up to date by
 * `evolve` whenever a user changes, rebuilt when the state is restored or the directory
 * changes; never stored, so snapshots and replays do not depend on it.
 */
import { defaultCapacity, type Modality, modalities } from "./model.ts";
import type { TenantState, UserState } from "./state.ts";

export interface RoutingIndex {
  /** Service id → members who are responsible, Available and not set not-ready. */
  readonly available: Map<string, Set<string>>;
  /** Service id → modality → available members who could take a task of it right now. */
  readonly ready: Map<string, Map<Modality, Set<string>>>;
}

export function emptyRoutingIndex(): RoutingIndex {
  return { available: new Map(), ready: new Map() };
}

/** Whether a user takes tasks at all: present as Available and not set not-ready by RONA. */
export function isAvailable(user: UserState | undefined): user is UserState {
  return user !== undefined && user.presence === "Available" && !user.notReady;
}

export function capacityOf(state: TenantState, userId: string, modality: Modality): number {
  const user = state.directory.usersById.get(userId);
  return user?.capacity?.[modality] ?? defaultCapacity[modality];
}

/** Tasks of each modality the user holds. */
function heldBy(state: TenantState, user: UserState): Map<string, number> {
  const held = new Map<string, number>();
  for (const taskId of user.tasks) {
    const modality = state.tasks.get(taskId)?.data.modality ?? "";
    held.set(modality, (held.get(modality) ?? 0) + 1);
  }
  return held;
}

/** Whether a user has room for one more task of the modality: a call takes a user whole. */
function hasRoom(
  state: TenantState,
  userId: string,
  held: ReadonlyMap<string, number>,
  holding: number,
  modality: Modality,
): boolean {
  if (holding > 0 && (modality === "Audio" || (held.get("Audio") ?? 0) > 0)) return false;
  return (held.get(modality) ?? 0) < capacityOf(state, userId, modality);
}

function place(members: Set<string> | undefined, userId: string, into: boolean): void {
  if (into) members?.add(userId);
  else members?.delete(userId);
}

function setOf(sets: Map<string, Set<string>>, key: string): Set<string> {
  let set = sets.get(key);
  if (!set) {
    set = new Set();
    sets.set(key, set);
  }
  return set;
}

function readySets(state: TenantState, serviceId: string): Map<Modality, Set<string>> {
  let byModality = state.routing.ready.get(serviceId);
  if (!byModality) {
    byModality = new Map(modalities.map((modality) => [modality, new Set<string>()]));
    state.routing.ready.set(serviceId, byModality);
  }
  return byModality;
}

/** Puts the user where they belong in each of their services' sets. */
export function indexUser(state: TenantState, userId: string): void {
  const user = state.users.get(userId);
  const available = isAvailable(user);
  const free = available && user.offerId === null && user.acwUntil === null;
  const held = free ? heldBy(state, user) : new Map<string, number>();
  const room = new Map(
    modalities.map((m) => [m, free && hasRoom(state, userId, held, user.tasks.length, m)]),
  );
  for (const serviceId of state.directory.servicesOfUser.get(userId) ?? []) {
    const responsible = available && !user.off.includes(serviceId);
    place(setOf(state.routing.available, serviceId), userId, responsible);
    for (const [modality, members] of readySets(state, serviceId)) {
      place(members, userId, responsible && room.get(modality) === true);
    }
  }
}

/** Builds the look-ups from scratch, e.g. after a restore or a new directory. */
export function rebuildRoutingIndex(state: TenantState): void {
  state.routing.available.clear();
  state.routing.ready.clear();
  for (const userId of state.users.keys()) indexUser(state, userId);
}
