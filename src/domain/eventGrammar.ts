/**
 * The grammar a task's trigger events obey, checked by tests on every run:
 *   inbound  = WorkflowStarted SystemAccepted? (ParameterUpdated | InQueue (ConnectedToUser |
 *              QueueLeft))* Terminated
 *   outbound = Created InQueue (ConnectedToUser DestinationReached? | QueueLeft) Terminated
 * Exactly one Terminated, always last. One deviation from the design's grammar: a parameter
 * may change while the task waits in a queue (a flow's Update task, Get Queue Position), so
 * InQueue ParameterUpdated* (ConnectedToUser | QueueLeft) is allowed; a flow's Update task
 * may change an outbound call's parameters at any time too.
 *
 * A scheduler entry's events: scheduled (again on a change or after a failed attempt), due
 * per attempt, and one end:
 *   entry = Scheduled+ (DueDateReached Scheduled+)* (DueDateReached (Handled | LimitReached |
 *           Failed) | Removed | Failed)
 */
import type { SchedulerEntryEventType, TaskEventType } from "./events.ts";

const letters: Readonly<Record<TaskEventType, string>> = {
  WorkflowStarted: "W",
  Created: "C",
  SystemAccepted: "A",
  ParameterUpdated: "P",
  InQueue: "Q",
  ConnectedToUser: "U",
  DestinationReached: "D",
  QueueLeft: "L",
  Terminated: "T",
};

const inbound = /^WA?(P|QP*[UL])*T$/;
const outbound = /^CP*QP*(UP*(DP*)?|L)T$/;

/** Whether a terminated task's events form a complete, well-ordered history. */
export function followsGrammar(types: readonly TaskEventType[]): boolean {
  const word = types.map((t) => letters[t]).join("");
  return inbound.test(word) || outbound.test(word);
}

const entryLetters: Readonly<Record<SchedulerEntryEventType, string>> = {
  Scheduled: "S",
  DueDateReached: "D",
  Handled: "H",
  LimitReached: "X",
  Removed: "R",
  Failed: "F",
};

const finishedEntry = /^S+(DS+)*(D[HXF]|R|F)$/;
const liveEntry = /^S+(DS+)*D?$/;

/** Whether a scheduler entry's events form a history: finished, or still going on. */
export function followsEntryGrammar(
  types: readonly SchedulerEntryEventType[],
  finished: boolean,
): boolean {
  const word = types.map((t) => entryLetters[t]).join("");
  return (finished ? finishedEntry : liveEntry).test(word);
}
