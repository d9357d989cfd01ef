/**
 * The baseline: a deliberately naive router that keeps no look-ups of its own and answers
 * each routing question by scanning. It reads the same live state as Cirrus (users and tasks
 * by id), but finds members and a user's services by walking the directory's member lists
 * and finds candidates by walking every user or every live task. It asks the question of the
 * state right before Cirrus decides, and must reach Cirrus's answer when only one answer is
 * right (see `agreement` in figures.ts).
 */
import { defaultCapacity, type Modality, routingOf, type User } from "../../src/domain/model.ts";
import type { TaskState, TenantState, UserState } from "../../src/domain/state.ts";

/** Tasks to count as held or not, before the state shows the change. */
export interface Holding {
  /** A task the user is ending, still among their tasks. */
  readonly releasing?: string;
  /** A task the user is accepting, not yet among their tasks. */
  readonly accepting?: string;
}

/** Whether the user can take one more task of `modality`. */
export function hasRoomFor(
  state: TenantState,
  user: User,
  live: UserState,
  modality: Modality,
  holding: Holding = {},
): boolean {
  const capacity = user.capacity?.[modality] ?? defaultCapacity[modality];
  let held = 0;
  let same = 0;
  const ids = holding.accepting === undefined ? live.tasks : [...live.tasks, holding.accepting];
  for (const taskId of ids) {
    if (taskId === holding.releasing) continue;
    held++;
    const heldModality = state.tasks.get(taskId)?.data.modality;
    if (heldModality === "Audio") return false;
    if (heldModality === modality) same++;
  }
  if (held === 0) return capacity > 0;
  return modality !== "Audio" && same < capacity;
}

/** Available, no offer ringing, not in after-call work (responsibility is per service). */
const isFree = (live: UserState) =>
  live.presence === "Available" &&
  !live.notReady &&
  live.offerId === null &&
  live.acwUntil === null;

/**
 * The free member of the service, not among `declined`, with room for the modality, idle the
 * longest; ties go to the first in member order. Scans every user of the directory, after
 * one pass over the service's member list. Null when there is none.
 */
export function naiveLongestIdle(
  state: TenantState,
  serviceId: string,
  modality: Modality,
  declined: readonly string[],
): string | null {
  const { directory } = state.directory;
  const service = directory.services.find((s) => s.id === serviceId);
  if (!service) return null;
  const members = new Set(service.members);
  // The fewest tasks held, then idle longest, then member order.
  let best: string | null = null;
  let bestHeld = 0;
  let bestSince = 0;
  for (const user of directory.users) {
    if (!members.has(user.id)) continue;
    const live = state.users.get(user.id);
    if (!live || !isFree(live) || live.off.includes(serviceId)) continue;
    if (declined.includes(user.id) || !hasRoomFor(state, user, live, modality)) continue;
    const held = live.tasks.length;
    const better =
      best === null ||
      held < bestHeld ||
      (held === bestHeld && live.idleSince < bestSince) ||
      (held === bestHeld &&
        live.idleSince === bestSince &&
        service.members.indexOf(user.id) < service.members.indexOf(best));
    if (better) {
      best = user.id;
      bestHeld = held;
      bestSince = live.idleSince;
    }
  }
  return best;
}

/** What is assumed of the user who is about to become free, before the state shows it. */
export interface Freeing extends Holding {
  /** The user is setting themselves Available again after RONA. */
  readonly becomesAvailable?: boolean;
}

/** Orders queued tasks: the user's services in directory order, then priority, then arrival. */
function before(a: TaskState, aRank: number, b: TaskState, bRank: number): boolean {
  if (aRank !== bRank) return aRank < bRank;
  if (a.priority !== b.priority) return a.priority > b.priority;
  const aAt = a.queuedAt ?? 0;
  const bAt = b.queuedAt ?? 0;
  return aAt !== bAt ? aAt < bAt : a.id < b.id;
}

/**
 * The queued task a user who has just become free (or accepted a task and has room left) is
 * offered: the first, in the order of
 * their services in the directory and then queue order, that they are responsible for, have
 * not declined, have room for, and that rings for nobody (unless its service broadcasts).
 * Finds the user's services by scanning every service's member list, then scans every live
 * task. Null when there is none.
 */
export function naiveNextTask(state: TenantState, userId: string, freeing: Freeing): string | null {
  const { directory } = state.directory;
  const user = directory.users.find((u) => u.id === userId);
  const live = state.users.get(userId);
  if (!user || !live) return null;
  const available = freeing.becomesAvailable || (live.presence === "Available" && !live.notReady);
  // Accepting clears the user's one offer: the one they accept.
  const offered = live.offerId !== null && freeing.accepting === undefined;
  if (!available || offered || live.acwUntil !== null) return null;
  const rank = new Map<string, number>();
  directory.services.forEach((service, at) => {
    if (service.members.includes(userId)) rank.set(service.id, at);
  });
  let best: TaskState | null = null;
  let bestRank = 0;
  for (const task of state.tasks.values()) {
    if (task.status !== "queued" || task.id === freeing.accepting) continue;
    const at = rank.get(task.serviceId);
    if (at === undefined || live.off.includes(task.serviceId)) continue;
    const service = directory.services[at];
    const broadcast = service !== undefined && routingOf(service).policy === "Broadcast";
    if (task.offers.length > 0 && !broadcast) continue;
    if (task.declinedBy.includes(userId)) continue;
    const modality = task.data.modality as Modality;
    if (!hasRoomFor(state, user, live, modality, freeing)) continue;
    if (best === null || before(task, at, best, bestRank)) {
      best = task;
      bestRank = at;
    }
  }
  return best?.id ?? null;
}
