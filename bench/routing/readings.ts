/** How the load reads Cirrus's choice from the events of a routing decision. */
import type { DomainEvent } from "../../src/domain/events.ts";

/**
 * Cirrus's choice, read from the events of its decision, and whether it matched the
 * baseline's choice (`expected`) with something else in the same decision.
 */
export interface Reading {
  readonly actual: string | null;
  readonly otherwise: boolean;
}
export type Reader = (events: readonly DomainEvent[], expected: string | null) => Reading;

/** Whom the task was offered; otherwise: the expected user was offered another task. */
export const userOffered =
  (taskId: string | undefined): Reader =>
  (events, expected) => {
    let actual: string | null = null;
    let otherwise = false;
    for (const e of events) {
      if (e.type !== "OfferCreated") continue;
      if (e.taskId === taskId) actual ??= e.data.userId;
      else if (e.data.userId === expected) otherwise = true;
    }
    return { actual, otherwise };
  };

/** Which task the user was offered; otherwise: the expected task went to another user. */
export const taskOffered =
  (userId: string): Reader =>
  (events, expected) => {
    let actual: string | null = null;
    let otherwise = false;
    for (const e of events) {
      if (e.type !== "OfferCreated") continue;
      if (e.data.userId === userId) actual ??= e.taskId;
      else if (e.taskId === expected) otherwise = true;
    }
    return { actual, otherwise };
  };
