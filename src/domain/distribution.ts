/**
 * Distribution: matches queued tasks of a service with its free members. Tasks are taken in
 * order of arrival; each goes to the member who has been idle longest and has not already
 * declined it. One offer rings per task and per user at a time.
 */
import type { Decision } from "./decision.ts";
import type { TaskState, TenantState, UserState } from "./state.ts";

export function isFree(user: UserState | undefined): boolean {
  return (
    user !== undefined &&
    user.presence === "Available" &&
    !user.notReady &&
    user.taskId === null &&
    user.offerId === null
  );
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

export function distribute(d: Decision, serviceIds: Iterable<string>): void {
  const { state } = d;
  for (const serviceId of serviceIds) {
    const service = state.directory.servicesById.get(serviceId);
    const queue = state.queues.get(serviceId);
    if (!service || !queue || queue.length === 0) continue;
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
          expiresAt: d.now + service.routing.ronaSeconds * 1000,
        },
        detail: null,
      });
    }
  }
}

/** The services whose queues a user could now serve. */
export function servicesOf(state: TenantState, userId: string): readonly string[] {
  return state.directory.servicesOfUser.get(userId) ?? [];
}
