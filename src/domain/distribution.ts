/**
 * Distribution: matches queued tasks of a service with its free members. Tasks are taken in
 * queue order (priority, then arrival); each goes to the member who has been idle longest
 * and has not already declined it. One offer rings per task and per user at a time. A queue
 * whose service has no available member at all gives its tasks back to their workflows.
 */
import type { Decision } from "./decision.ts";
import type { Service } from "./model.ts";
import type { TaskState, TenantState, UserState } from "./state.ts";

/** Whether a user takes tasks at all: present as Available and not set not-ready by RONA. */
export function isAvailable(user: UserState | undefined): user is UserState {
  return user !== undefined && user.presence === "Available" && !user.notReady;
}

/** Members of a service who are available, busy with a task or not. */
export function availableMembers(state: TenantState, service: Service): number {
  let count = 0;
  for (const userId of service.members) if (isAvailable(state.users.get(userId))) count++;
  return count;
}

export function isFree(user: UserState | undefined): boolean {
  return isAvailable(user) && user.taskId === null && user.offerId === null;
}

/** Free members of a service, the longest idle first. */
function freeMembers(state: TenantState, members: readonly string[]): string[] {
  const free: { userId: string; idleSince: number }[] = [];
  for (const userId of members) {
    const user = state.users.get(userId);
    if (user && isFree(user)) free.push({ userId, idleSince: user.idleSince });
  }
  free.sort((a, b) => a.idleSince - b.idleSince);
  return free.map((f) => f.userId);
}

function pickCandidate(free: string[], task: TaskState): string | undefined {
  const at = free.findIndex((userId) => !task.declinedBy.includes(userId));
  if (at < 0) return undefined;
  const [userId] = free.splice(at, 1);
  return userId;
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
    const free = freeMembers(state, service.members);
    for (const taskId of queue) {
      if (free.length === 0) break;
      const task = state.tasks.get(taskId);
      if (!task || task.offerId !== null) continue;
      const userId = pickCandidate(free, task);
      if (userId === undefined) continue;
      d.emit({
        type: "OfferCreated",
        at: d.now,
        taskId,
        data: {
          offerId: d.newId(),
          userId,
          expiresAt: d.now + task.ronaMs,
        },
        detail: null,
      });
    }
  }
  return stranded;
}

/** The services whose queues a user could now serve. */
export function servicesOf(state: TenantState, userId: string): readonly string[] {
  return state.directory.servicesOfUser.get(userId) ?? [];
}
