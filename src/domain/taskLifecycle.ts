/**
 * The steps of a task's life that commands and the workflow interpreter share: setting a
 * parameter, leaving the queue, withdrawing an offer and ending the task.
 */
import type { Decision } from "./decision.ts";
import { servicesOf } from "./distribution.ts";
import { DomainError } from "./errors.ts";
import type { QueueLeftReason, TerminationReason } from "./events.ts";
import type { TaskState } from "./state.ts";
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
  emitTaskEvent(d, task, "Terminated", { reason }, { ...changes, terminated: iso(d.now) });
  if (userId !== null) d.wake(servicesOf(d.state, userId));
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
