/**
 * The distribution rules restated on their own, from the issue and the model, so that the
 * simulator can judge every offer without trusting src/domain/distribution.ts: who may be
 * offered a task, who the preferred users are, and whom each policy picks.
 */
import type { DirectoryIndex } from "../src/domain/directoryIndex.ts";
import { defaultCapacity, type Modality, routingOf, type Service } from "../src/domain/model.ts";
import type { TaskState, TenantState, UserState } from "../src/domain/state.ts";
import type { PreferredUser } from "../src/domain/taskEventData.ts";

export function capacityFor(directory: DirectoryIndex, userId: string, modality: Modality): number {
  return directory.usersById.get(userId)?.capacity?.[modality] ?? defaultCapacity[modality];
}

/** Room for one more task of the modality: a call only when holding nothing. */
export function hasRoomFor(state: TenantState, userId: string, modality: Modality): boolean {
  const user = state.users.get(userId);
  if (!user) return false;
  const capacity = capacityFor(state.directory, userId, modality);
  if (user.tasks.length === 0) return capacity > 0;
  if (modality === "Audio") return false;
  let same = 0;
  for (const taskId of user.tasks) {
    const held = state.tasks.get(taskId)?.data.modality;
    if (held === "Audio") return false;
    if (held === modality) same++;
  }
  return same < capacity;
}

/** Available by presence and not set not-ready by RONA. */
export const isAvailableUser = (user: UserState | undefined): user is UserState =>
  user !== undefined && user.presence === "Available" && !user.notReady;

/** Responsible, available, nothing ringing and not in after-call work. */
export function isFreeFor(user: UserState | undefined, serviceId: string): user is UserState {
  return (
    isAvailableUser(user) &&
    user.offerId === null &&
    user.acwUntil === null &&
    !user.off.includes(serviceId)
  );
}

/** Whether the user may be offered the task, window aside. */
export function isEligible(state: TenantState, task: TaskState, userId: string): boolean {
  return (
    isFreeFor(state.users.get(userId), task.serviceId) &&
    !task.declinedBy.includes(userId) &&
    hasRoomFor(state, userId, task.data.modality as Modality)
  );
}

/**
 * When a window for the preferred users opened at `at` ends: null when none of them is a
 * member of the service (non-members are ignored) or the service gives them no time.
 */
export function windowEnd(
  state: TenantState,
  service: Service,
  preferred: readonly PreferredUser[],
  at: number,
): number | null {
  const seconds = routingOf(service).preferredUserSeconds;
  const members = membersAmong(state, preferred, service);
  return members.length > 0 && seconds > 0 ? at + seconds * 1000 : null;
}

export const inPreferredWindow = (task: TaskState, now: number) =>
  task.preferredUntil !== null && now < task.preferredUntil;

/** The task's preferred users who are members of its service, best priority first. */
export function preferredMembers(state: TenantState, task: TaskState, service: Service): string[] {
  return membersAmong(state, task.data.taskInformation.preferredUsers, service);
}

/** The users named who are members of the service, best priority first; others are ignored. */
export function membersAmong(
  state: TenantState,
  preferred: readonly PreferredUser[],
  service: Service,
): string[] {
  const ranked = [...preferred].sort((a, b) => (a.priority ?? 99) - (b.priority ?? 99));
  const ids: string[] = [];
  for (const { upn } of ranked) {
    const user = state.directory.usersByUpn.get(upn.toLowerCase());
    if (user && service.members.includes(user.id) && !ids.includes(user.id)) ids.push(user.id);
  }
  return ids;
}

/** Members who may be offered the task now, in member order (window included). */
export function fittingMembers(
  state: TenantState,
  service: Service,
  task: TaskState,
  now: number,
): string[] {
  if (inPreferredWindow(task, now)) {
    return preferredMembers(state, task, service).filter((id) => isEligible(state, task, id));
  }
  return service.members.filter((id) => isEligible(state, task, id));
}

/**
 * Whom the service offers the task next, from `fitting` (in member order, or best preferred
 * first within a window); undefined for a broadcast, where any of them may be.
 */
export function expectedRecipient(
  state: TenantState,
  service: Service,
  task: TaskState,
  fitting: readonly string[],
  now: number,
): string | undefined {
  if (inPreferredWindow(task, now)) return fitting[0];
  const policy = routingOf(service).policy;
  switch (policy) {
    case "Broadcast":
      return undefined;
    case "Serial":
      return fitting[0];
    case "RoundRobin": {
      const last = state.lastOffered.get(service.id);
      const after = last === undefined ? -1 : service.members.indexOf(last);
      return fitting.find((id) => service.members.indexOf(id) > after) ?? fitting[0];
    }
    case "LongestIdle": {
      // The fewest tasks held, then the longest idle.
      let best: string | undefined;
      let held = Number.POSITIVE_INFINITY;
      let since = Number.POSITIVE_INFINITY;
      for (const id of fitting) {
        const user = state.users.get(id);
        const tasks = user?.tasks.length ?? 0;
        const idleSince = user?.idleSince ?? 0;
        if (tasks < held || (tasks === held && idleSince < since)) {
          best = id;
          held = tasks;
          since = idleSince;
        }
      }
      return best;
    }
    default: {
      const never: never = policy;
      throw new Error(`unknown policy ${String(never)}`);
    }
  }
}

/** The agent state the issue names for what the user is doing. */
export function agentStateFor(user: UserState): UserState["state"] {
  if (user.notReady) return "NotReady";
  if (user.tasks.length > 0) return "Connected";
  if (user.offerId !== null) return "Offered";
  if (user.acwUntil !== null) return "AfterCallWork";
  return user.presence === "Available" ? "Idle" : "Unavailable";
}
