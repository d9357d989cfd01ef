/**
 * Distribution: matches a service's queued tasks with its free members. Tasks are taken in
 * queue order (priority, then arrival). A member may be offered a task when they are
 * responsible for the service, Available, not set not-ready by RONA, not in after-call work,
 * have no offer ringing, have not declined the task, and have room for its modality (a call
 * takes a user whole; chats and external tasks share up to the user's capacity). Within a
 * task's preferred-user window only its preferred users are offered it, best priority first;
 * otherwise the service's policy chooses. A queue whose service has no available member
 * gives its tasks back to their workflows (`noUsers`).
 */
import type { Decision } from "./decision.ts";
import { defaultCapacity, type Modality, routingOf, type Service } from "./model.ts";
import type { TaskState, TenantState, UserState } from "./state.ts";
import type { PreferredUser } from "./taskEventData.ts";

export { isAvailable } from "./routingIndex.ts";

/** Members of a service who are responsible and available, busy with a task or not. */
export function availableMembers(state: TenantState, service: Service): number {
  return state.routing.available.get(service.id)?.size ?? 0;
}

export function capacityOf(state: TenantState, userId: string, modality: Modality): number {
  const user = state.directory.usersById.get(userId);
  return user?.capacity?.[modality] ?? defaultCapacity[modality];
}

/** Whether a free user has room for one more task of the modality. */
function hasRoom(state: TenantState, userId: string, user: UserState, modality: Modality): boolean {
  if (user.tasks.length === 0) return capacityOf(state, userId, modality) > 0;
  if (modality === "Audio") return false;
  let same = 0;
  for (const taskId of user.tasks) {
    const held = state.tasks.get(taskId)?.data.modality;
    if (held === "Audio") return false;
    if (held === modality) same++;
  }
  return same < capacityOf(state, userId, modality);
}

/** Preferred users of a task who serve its service, best priority first. */
function preferredOf(state: TenantState, task: TaskState, members: readonly string[]): string[] {
  const ranked = [...task.data.taskInformation.preferredUsers].sort(
    (a, b) => (a.priority ?? 99) - (b.priority ?? 99),
  );
  const ids: string[] = [];
  for (const preferred of ranked) {
    const user = state.directory.usersByUpn.get(preferred.upn.toLowerCase());
    if (user && members.includes(user.id) && !ids.includes(user.id)) ids.push(user.id);
  }
  return ids;
}

/** The candidate first by `key`, ties to the earlier member; candidates are in any order. */
function first(
  candidates: readonly string[],
  order: ReadonlyMap<string, number> | undefined,
  key: (userId: string) => number,
): string {
  let best = candidates[0] as string;
  let bestKey = key(best);
  let bestOrder = order?.get(best) ?? 0;
  for (const userId of candidates) {
    const k = key(userId);
    const o = order?.get(userId) ?? 0;
    if (k < bestKey || (k === bestKey && o < bestOrder)) {
      best = userId;
      bestKey = k;
      bestOrder = o;
    }
  }
  return best;
}

/** Who the policy offers the task, among candidates in any order. */
function choose(
  state: TenantState,
  service: Service,
  candidates: readonly string[],
): readonly string[] {
  const policy = routingOf(service).policy;
  const order = state.directory.memberOrder.get(service.id);
  const place = (userId: string) => order?.get(userId) ?? 0;
  switch (policy) {
    case "Broadcast":
      return [...candidates].sort((a, b) => place(a) - place(b));
    case "Serial":
      return [first(candidates, order, place)];
    case "RoundRobin": {
      // The next member after the one offered last, wrapping round to the first.
      const last = state.lastOffered.get(service.id);
      const after = last === undefined ? -1 : (order?.get(last) ?? -1);
      const size = service.members.length;
      return [first(candidates, order, (id) => (place(id) - after - 1 + size) % size)];
    }
    case "LongestIdle":
      return [first(candidates, order, (id) => state.users.get(id)?.idleSince ?? 0)];
    default: {
      const never: never = policy;
      throw new Error(`unknown policy ${String(never)}`);
    }
  }
}

/** Whom to offer the task now, if anyone: `free` holds the service's free members. */
function recipients(
  d: Decision,
  service: Service,
  task: TaskState,
  free: readonly string[],
): readonly string[] {
  const { state } = d;
  const modality = task.data.modality as Modality;
  const fits = (userId: string) => {
    const user = state.users.get(userId);
    return (
      user !== undefined &&
      user.offerId === null &&
      !task.declinedBy.includes(userId) &&
      hasRoom(state, userId, user, modality)
    );
  };
  if (task.preferredUntil !== null && d.now < task.preferredUntil) {
    // Only preferred users for now: the best one, or under Broadcast every one free.
    const freeNow = state.routing.free.get(service.id);
    const ready = preferredOf(state, task, service.members).filter(
      (userId) => freeNow?.has(userId) === true && fits(userId),
    );
    return routingOf(service).policy === "Broadcast" ? ready : ready.slice(0, 1);
  }
  const candidates = free.filter(fits);
  return candidates.length === 0 ? [] : choose(state, service, candidates);
}

/**
 * Offers waiting tasks of the services to their free members. Returns the tasks queued where
 * nobody is available: they leave by their queue's `noUsers` exit.
 */
export function distribute(d: Decision, serviceIds: Iterable<string>): TaskState[] {
  const { state } = d;
  const stranded: TaskState[] = [];
  for (const serviceId of serviceIds) {
    const service = state.directory.servicesById.get(serviceId);
    const queue = state.queues.get(serviceId);
    if (!service || !queue || queue.length === 0) continue;
    if (availableMembers(state, service) === 0) {
      for (const taskId of queue) {
        const task = state.tasks.get(taskId);
        if (task) stranded.push(task);
      }
      continue;
    }
    let free = [...(state.routing.free.get(serviceId) ?? [])];
    const broadcast = routingOf(service).policy === "Broadcast";
    for (const taskId of [...queue]) {
      if (free.length === 0) break;
      const task = state.tasks.get(taskId);
      if (!task || (task.offers.length > 0 && !broadcast)) continue;
      const offered = recipients(d, service, task, free);
      if (offered.length > 0) free = free.filter((userId) => !offered.includes(userId));
      for (const userId of offered) {
        d.emit({
          type: "OfferCreated",
          at: d.now,
          taskId,
          data: {
            offerId: d.newId(),
            userId,
            expiresAt: d.now + task.ronaMs,
            ...(broadcast ? { broadcast: true } : {}),
          },
          detail: null,
        });
      }
    }
  }
  return stranded;
}

/**
 * Until when a queued task waits for its preferred users alone: null when none of them is a
 * member of the service, or the service gives them no time.
 */
export function preferredUntil(
  state: TenantState,
  service: Service,
  preferred: readonly PreferredUser[],
  now: number,
): number | null {
  const seconds = routingOf(service).preferredUserSeconds;
  const members = state.directory.memberOrder.get(service.id);
  const serves = preferred.some(({ upn }) => {
    const user = state.directory.usersByUpn.get(upn.toLowerCase());
    return user !== undefined && members?.has(user.id) === true;
  });
  return serves && seconds > 0 ? now + seconds * 1000 : null;
}

/** The services whose queues a user could now serve. */
export function servicesOf(state: TenantState, userId: string): readonly string[] {
  return state.directory.servicesOfUser.get(userId) ?? [];
}
