/**
 * Collect Information's HTTP requests as effects: derived from the events that start a wait,
 * like timers, so that after a restart the requests still unanswered are sent again.
 */
import type { CollectRequestSpec, DomainEvent } from "../events.ts";
import type { TenantState } from "../state.ts";

export interface PendingRequest {
  readonly taskId: string;
  readonly waitId: string;
  readonly request: CollectRequestSpec;
}

export function requestOf(event: DomainEvent): PendingRequest | undefined {
  if (event.type !== "WorkflowWaiting" || event.data.wait.kind !== "request") return undefined;
  return { taskId: event.taskId, waitId: event.data.waitId, request: event.data.wait.request };
}

/** Requests of waits that have not ended, e.g. after the state was rebuilt from the log. */
export function pendingRequests(state: TenantState, now: number): PendingRequest[] {
  const pending: PendingRequest[] = [];
  for (const task of state.tasks.values()) {
    const wait = task.wait;
    if (wait?.wait.kind === "request" && wait.until > now) {
      pending.push({ taskId: task.id, waitId: wait.waitId, request: wait.wait.request });
    }
  }
  return pending;
}
