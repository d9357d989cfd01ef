/**
 * The built-in inbound workflow: Start → Accept → Queue. The queue offers the task to free
 * members (distribution), redirects offers nobody answers (RONA) and lets the task leave
 * after the service's maximum queue time. This is the seam the workflow interpreter takes
 * over: it is told when a task starts and when it leaves its queue, and decides what's next.
 */
import type { Decision } from "./decision.ts";
import { servicesOf } from "./distribution.ts";
import type { QueueLeftReason, TerminationReason } from "./events.ts";
import type { Service } from "./model.ts";
import type { TaskState } from "./state.ts";
import { emitTaskEvent, iso } from "./taskEvents.ts";

export function runStartedWorkflow(d: Decision, task: TaskState, service: Service): void {
  emitTaskEvent(d, task, "SystemAccepted", {});
  emitTaskEvent(d, task, "InQueue", { deadline: d.now + service.routing.maxQueueSeconds * 1000 });
  d.wake([service.id]);
}

/** The task left its queue unconnected; the built-in workflow then ends it. */
export function leaveQueue(d: Decision, task: TaskState, reason: QueueLeftReason): void {
  withdrawOffer(d, task);
  emitTaskEvent(d, task, "QueueLeft", { reason });
  terminate(d, task, reason);
}

export function terminate(d: Decision, task: TaskState, reason: TerminationReason): void {
  withdrawOffer(d, task);
  emitTaskEvent(d, task, "Terminated", { reason }, { terminated: iso(d.now) });
}

/** Stops the offer ringing for a task, if one is, and frees the user it rang for. */
export function withdrawOffer(d: Decision, task: TaskState): void {
  const offer = task.offerId === null ? undefined : d.state.offers.get(task.offerId);
  if (!offer) return;
  d.emit({
    type: "OfferWithdrawn",
    at: d.now,
    taskId: task.id,
    data: { offerId: offer.id, userId: offer.userId },
    detail: null,
  });
  d.wake(servicesOf(d.state, offer.userId));
}
