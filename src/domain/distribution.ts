/**
 * Distribution: matches a service's queued tasks with its free members. Tasks are taken in
 * queue order (priority, then arrival). A member may be offered a task when they are
 * responsible for the service, Available, not set not-ready by RONA, not in after-call work,
 * have no offer ringing, have not declined the task, and have room for its modality (a call
 * takes a user whole; chats and external tasks share up to the user's capacity). Within a
 * task's preferred-user window only its preferred users are offered it, best priority first;
 * otherwise the service's policy chooses. A queue whose service has no available member
 * gives its tasks back to the workflows that wire `noUsers`; the others wait.
 */
import type { Decision } from "./decision.ts";
import { type Modality, routingOf, type Service } from "./model.ts";
import type { TaskState, TenantState, UserState } from "./state.ts";
import type { PreferredUser } from "./taskEventData.ts";

export { capacityOf, isAvailable } from "./routingIndex.ts";

/** Members of a service who are responsible and available, busy with a task or not. */
export function availableMembers(state: TenantState, service: Service): number {
  return state.routing.available.get(service.id)?.size ?? 0;
}

/** Preferred users of a task who serve its service, best priority first. */
function preferredOf(state: TenantState, task: TaskState, service: Service): string[] {
  const members = state.directory.memberOrder.get(service.id);
  const ranked = [...task.data.taskInformation.preferredUsers].sort(
    (a, b) => a.priority - b.priority,
  );
  const ids: string[] = [];
  for (const preferred of ranked) {
    const user = state.directory.usersByUpn.get(preferred.upn.toLowerCase());
    if (user && members?.has(user.id) && !ids.includes(user.id)) ids.push(user.id);
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

/** Tasks held, then idle since: comparable as one number (epoch ms stay below 1e13). */
export function loadKey(user: UserState | undefined): number {
  return (user?.tasks.length ?? 0) * 1e13 + (user?.idleSince ?? 0);
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
      // Fewest tasks held first (a user with two chats is not idle), then idle longest.
      return [first(candidates, order, (id) => loadKey(state.users.get(id)))];
    default: {
      const never: never = policy;
      throw new Error(`unknown policy ${String(never)}`);
    }
  }
}

/** Whom to offer the task now, if anyone: `ready` holds who could take its modality. */
function recipients(
  d: Decision,
  service: Service,
  task: TaskState,
  ready: ReadonlySet<string>,
): readonly string[] {
  const { state } = d;
  const fits = (userId: string) => ready.has(userId) && !task.declinedBy.includes(userId);
  if (task.preferredUntil !== null && d.now < task.preferredUntil) {
    // Only preferred users for now: the best one, or under Broadcast every one free.
    const waiting = preferredOf(state, task, service).filter(fits);
    return routingOf(service).policy === "Broadcast" ? waiting : waiting.slice(0, 1);
  }
  const candidates: string[] = [];
  for (const userId of ready) if (!task.declinedBy.includes(userId)) candidates.push(userId);
  return candidates.length === 0 ? [] : choose(state, service, candidates);
}

/**
 * Offers waiting tasks of the services to members ready for them. Returns the tasks queued
 * where nobody is available: those whose queue wires `noUsers` leave by it.
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
    const ready = state.routing.ready.get(serviceId);
    if (!ready || !service.modalities.some((m) => (ready.get(m)?.size ?? 0) > 0)) continue;
    const broadcast = routingOf(service).policy === "Broadcast";
    // Offers change no queue, so the queue can be walked as it is.
    for (const taskId of queue) {
      const task = state.tasks.get(taskId);
      if (!task || (task.offers.length > 0 && !broadcast)) continue;
      const readyFor = ready.get(task.data.modality as Modality);
      if (!readyFor || readyFor.size === 0) continue;
      for (const userId of recipients(d, service, task, readyFor)) {
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
      if (!service.modalities.some((m) => (ready.get(m)?.size ?? 0) > 0)) break;
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
