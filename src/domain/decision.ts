/**
 * A decision in progress: the state it works on, the inputs from outside (time, ids) and
 * the events it has emitted. `emit` applies each event at once, so later steps of the same
 * command see its effect. Validate before the first `emit`: a command either emits or fails.
 */
import type { DomainEvent } from "./events.ts";
import { evolve, type TenantState } from "./state.ts";

export interface DecisionInputs {
  /** Epoch milliseconds. */
  readonly now: number;
  readonly newId: () => string;
}

export class Decision {
  readonly state: TenantState;
  readonly now: number;
  readonly newId: () => string;
  readonly events: DomainEvent[] = [];
  /** Services whose queues should be matched again once the command is done. */
  readonly toDistribute = new Set<string>();

  constructor(state: TenantState, inputs: DecisionInputs) {
    this.state = state;
    this.now = inputs.now;
    this.newId = inputs.newId;
  }

  emit(event: DomainEvent): void {
    evolve(this.state, event);
    this.events.push(event);
  }

  /** Marks the services of a user who became free, or of a task that needs a user. */
  wake(serviceIds: Iterable<string>): void {
    for (const id of serviceIds) this.toDistribute.add(id);
  }
}
