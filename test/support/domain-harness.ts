/** Drives the pure domain directly: a tenant state, a settable time and counting ids. */
import type { Command, CommandReply } from "../../src/domain/commands.ts";
import { decide } from "../../src/domain/decide.ts";
import { indexDirectory } from "../../src/domain/directoryIndex.ts";
import type { DomainEvent, TaskEventType } from "../../src/domain/events.ts";
import { isTaskEventType } from "../../src/domain/events.ts";
import type { Directory } from "../../src/domain/model.ts";
import { emptyState, type TenantState } from "../../src/domain/state.ts";

export class DomainHarness {
  readonly state: TenantState;
  readonly log: DomainEvent[] = [];
  now = Date.UTC(2026, 0, 5, 9, 0, 0);
  #id = 0;

  constructor(directory: Directory) {
    this.state = emptyState(directory.tenant.id, indexDirectory(directory));
  }

  run(command: Command): { events: readonly DomainEvent[]; reply: CommandReply } {
    const result = decide(this.state, command, {
      now: this.now,
      newId: () => `id-${++this.#id}`,
    });
    this.log.push(...result.events);
    return result;
  }

  call(to: string, from = "+41791112233"): string {
    const { reply } = this.run({ kind: "ReceiveInbound", modality: "Audio", to, from });
    if (!("taskId" in reply)) throw new Error("no task id");
    return reply.taskId;
  }

  available(userId: string): void {
    this.run({ kind: "SetPresence", userId, status: "Available" });
  }

  /** Makes the user available and connects them to a new call to `to`; returns its task. */
  busy(userId: string, to: string): string {
    this.available(userId);
    const taskId = this.call(to);
    this.run({ kind: "AcceptOffer", userId, offerId: this.offerOf(userId) });
    return taskId;
  }

  /** The trigger events of one task, in order. */
  taskEvents(taskId: string): TaskEventType[] {
    return this.log
      .filter((e) => e.taskId === taskId)
      .map((e) => e.type)
      .filter(isTaskEventType);
  }

  offerOf(userId: string): string {
    const offerId = this.state.users.get(userId)?.offerId;
    if (!offerId) throw new Error(`${userId} has no offer`);
    return offerId;
  }
}
