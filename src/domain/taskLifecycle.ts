/**
 * The steps of a task's life that commands and the workflow interpreter share: setting a
 * parameter, leaving the queue, withdrawing an offer and ending the task.
 */

import { transcriptionReady } from "./assistant.ts";
import type { Decision } from "./decision.ts";
import { servicesOf } from "./distribution.ts";
import { DomainError } from "./errors.ts";
import type { QueueLeftReason, TerminationReason } from "./events.ts";
import { routingOf } from "./model.ts";
import { attemptOver, outcomeOf } from "./schedulerAttempts.ts";
import { type Offer, ringingOffer, type TaskState } from "./state.ts";
import type { DataChanges } from "./taskEvents.ts";
import { emitTaskEvent, iso } from "./taskEvents.ts";

/** Sets a custom context parameter of a task, raising Parameter Updated when it changes. */
export function setParameter(d: Decision, task: TaskState, name: string, value: string): void {
  if (name.trim() === "") throw DomainError.invalid("name", "a parameter needs a name");
  const { taskInformation } = task.data;
  const current = taskInformation.customContextParameters;
  if (current.some((p) => p.name === name && p.value === value)) return;
  const customContextParameters = current.some((p) => p.name === name)
    ? current.map((p) => (p.name === name ? { name, value } : p))
    : [...current, { name, value }];
  emitTaskEvent(
    d,
    task,
    "ParameterUpdated",
    {},
    {
      updatedParameterName: name,
      updatedParameterValue: value,
      taskInformation: { ...taskInformation, customContextParameters },
    },
  );
}

/** The task leaves its queue unconnected; what follows is up to the workflow. */
export function leaveQueue(d: Decision, task: TaskState, reason: QueueLeftReason): void {
  withdrawOffer(d, task);
  emitTaskEvent(d, task, "QueueLeft", { reason });
}

export function terminate(
  d: Decision,
  task: TaskState,
  reason: TerminationReason,
  changes: DataChanges = {},
): void {
  withdrawOffer(d, task);
  const userId = task.status === "connected" ? task.userId : null;
  const { serviceId } = task;
  emitTaskEvent(d, task, "Terminated", { reason }, { ...changes, terminated: iso(d.now) });
  if (userId !== null) conversationOver(d, userId, serviceId);
  // An outbound call's end is its scheduler entry's attempt's end, unless the destination
  // was reached before.
  if (task.entryId !== null) attemptOver(d, task.entryId, task.id, outcomeOf(reason));
  transcriptionReady(d, task);
}

/**
 * A user's conversation ended: after-call work for the service's time, if it has one; the
 * user's queues are matched again either way.
 */
export function conversationOver(d: Decision, userId: string, serviceId: string): void {
  const service = d.state.directory.servicesById.get(serviceId);
  const seconds = service ? routingOf(service).afterCallWorkSeconds : 0;
  if (seconds > 0) {
    // Nothing is offered during after-call work, not even what rang a moment ago.
    const ringing = ringingOffer(d.state, userId);
    if (ringing) withdraw(d, ringing);
    const current = d.state.users.get(userId)?.acwUntil ?? 0;
    const until = Math.max(current, d.now + seconds * 1000);
    d.emit({
      type: "AfterCallWorkStarted",
      at: d.now,
      taskId: null,
      data: { userId, until },
      detail: null,
    });
  }
  d.wake(servicesOf(d.state, userId));
}

/** Stops every offer ringing for a task (all of a broadcast) except `keep`. */
export function withdrawOffer(d: Decision, task: TaskState, keep: string | null = null): void {
  for (const offerId of [...task.offers]) {
    const offer = d.state.offers.get(offerId);
    if (offer && offerId !== keep) withdraw(d, offer);
  }
}

/** Stops one offer ringing; its user and its task are matched again. */
export function withdraw(d: Decision, offer: Offer): void {
  d.emit({
    type: "OfferWithdrawn",
    at: d.now,
    taskId: offer.taskId,
    data: { offerId: offer.id, userId: offer.userId },
    detail: null,
  });
  d.wake(servicesOf(d.state, offer.userId));
  const task = d.state.tasks.get(offer.taskId);
  if (task) d.wake([task.serviceId]);
}
