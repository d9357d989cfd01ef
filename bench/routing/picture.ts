/** How busy the tenant is at one moment, for the report. */
import type { TenantState } from "../../src/domain/state.ts";

export interface LoadPicture {
  readonly liveTasks: number;
  readonly connected: number;
  readonly queued: number;
  readonly servicesWithQueue: number;
  readonly queuedInBigServices: number;
  readonly longestQueue: number;
  readonly offersRinging: number;
  readonly usersAvailable: number;
  readonly usersNotReady: number;
}

export function pictureOf(
  state: TenantState,
  bigServiceIds: ReadonlySet<string>,
  connected: number,
): LoadPicture {
  let queued = 0;
  for (const task of state.tasks.values()) if (task.status === "queued") queued++;
  let servicesWithQueue = 0;
  let queuedInBigServices = 0;
  let longestQueue = 0;
  for (const [serviceId, queue] of state.queues) {
    if (queue.length > 0) servicesWithQueue++;
    if (bigServiceIds.has(serviceId)) queuedInBigServices += queue.length;
    longestQueue = Math.max(longestQueue, queue.length);
  }
  let usersAvailable = 0;
  let usersNotReady = 0;
  for (const user of state.users.values()) {
    if (user.notReady) usersNotReady++;
    else if (user.presence === "Available") usersAvailable++;
  }
  return {
    liveTasks: state.tasks.size,
    connected,
    queued,
    servicesWithQueue,
    queuedInBigServices,
    longestQueue,
    offersRinging: state.offers.size,
    usersAvailable,
    usersNotReady,
  };
}
