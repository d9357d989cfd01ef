/**
 * The grammar a task's trigger events obey, checked by tests on every run:
 *   inbound  = WorkflowStarted SystemAccepted? (ParameterUpdated | InQueue (ConnectedToUser |
 *              QueueLeft))* Terminated
 *   outbound = Created InQueue (ConnectedToUser DestinationReached? | QueueLeft) Terminated
 * Exactly one Terminated, always last. One deviation from the design's grammar: a parameter
 * may change while the task waits in a queue (a flow's Update task, Get Queue Position), so
 * InQueue ParameterUpdated* (ConnectedToUser | QueueLeft) is allowed.
 */
import type { TaskEventType } from "./events.ts";

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
const outbound = /^CQ(UD?|L)T$/;

/** Whether a terminated task's events form a complete, well-ordered history. */
export function followsGrammar(types: readonly TaskEventType[]): boolean {
  const word = types.map((t) => letters[t]).join("");
  return inbound.test(word) || outbound.test(word);
}
