/**
 * Checks each event against the state just before it: a shadow state that the simulator
 * evolves event by event from an empty state (so it is also the log replayed). Offers must go
 * to a member who may take the task, in queue order, to the best preferred user within a
 * window and to the policy's pick after it; RONA and after-call work must end to the
 * millisecond; every terminated task's trigger events must follow the grammar.
 */
import type { Command } from "../src/domain/commands.ts";
import { followsGrammar } from "../src/domain/eventGrammar.ts";
import { type DomainEvent, isTaskEventType, type TaskEventType } from "../src/domain/events.ts";
import { type DistributionPolicy, routingOf, type Service } from "../src/domain/model.ts";
import type { TaskState, TenantState } from "../src/domain/state.ts";
import type { SimCounts } from "./sim-counts.ts";
import {
  expectedRecipient,
  fittingMembers,
  inPreferredWindow,
  isEligible,
  preferredMembers,
  windowEnd,
} from "./sim-rules.ts";
import type { Violations } from "./violations.ts";

/** Where in the run an event happened, for messages. */
export interface StepContext {
  readonly step: number;
  readonly command: Command;
}

const offerCounts = {
  LongestIdle: "longestIdleOffers",
  RoundRobin: "roundRobinOffers",
  Serial: "serialOffers",
  Broadcast: "broadcastOffers",
} as const satisfies Record<DistributionPolicy, keyof SimCounts>;

export class EventChecker {
  readonly #violations: Violations;
  readonly #counts: SimCounts;
  /** Trigger events of each live task so far. */
  readonly #triggers = new Map<string, TaskEventType[]>();
  /** Users whose conversation just ended, with the after-call work seconds they are owed. */
  readonly #owedAcw = new Map<string, number>();
  /** The offer an OfferExpired is about to end: was it a broadcast, was its user not ready. */
  #expiring = { broadcast: false, notReadyBefore: false };

  constructor(violations: Violations, counts: SimCounts) {
    this.#violations = violations;
    this.#counts = counts;
  }

  #fail(kind: string, ctx: StepContext, event: DomainEvent, what: string): void {
    const where = `step ${ctx.step} at ${event.at} (${ctx.command.kind}) ${event.type}`;
    this.#violations.record(kind, `${where} task ${event.taskId}: ${what}`);
  }

  /** Checks `event` against `state`, the state just before it. */
  before(state: TenantState, event: DomainEvent, ctx: StepContext): void {
    if (isTaskEventType(event.type)) this.#trigger(event, ctx);
    switch (event.type) {
      case "OfferCreated":
        this.#offerCreated(state, event, ctx);
        return;
      case "OfferExpired": {
        const offer = state.offers.get(event.data.offerId);
        this.#expiring = {
          broadcast: offer?.broadcast ?? false,
          notReadyBefore: state.users.get(event.data.userId)?.notReady ?? false,
        };
        if (!offer) {
          this.#fail("rona.unknownOffer", ctx, event, event.data.offerId);
          return;
        }
        if (event.at !== offer.expiresAt) {
          this.#fail("rona.time", ctx, event, `offer expires at ${offer.expiresAt}`);
        }
        if (offer.broadcast) this.#counts.broadcastExpiries++;
        else this.#counts.ronas++;
        return;
      }
      case "OfferDeclined":
        this.#counts.declines++;
        return;
      case "OfferWithdrawn":
        this.#counts.withdrawals++;
        return;
      case "ConnectedToUser": {
        const offer = state.offers.get(event.detail.offerId);
        if (offer?.userId !== event.detail.userId || offer.taskId !== event.taskId) {
          this.#fail("accept.unknownOffer", ctx, event, `offer ${event.detail.offerId}`);
        }
        this.#counts.accepts++;
        return;
      }
      case "InQueue": {
        this.#counts.queueEntries++;
        const service = state.directory.servicesById.get(event.data.serviceId);
        const preferred = event.data.taskInformation.preferredUsers;
        const until = service ? windowEnd(state, service, preferred, event.at) : null;
        if ((event.detail.preferredUntil ?? null) !== until) {
          this.#fail("window.start", ctx, event, `preferredUntil ${event.detail.preferredUntil}`);
        }
        if (until !== null) this.#counts.preferredWindows++;
        return;
      }
      case "TaskInformationUpdated":
        this.#informationUpdated(state, event, ctx);
        return;
      case "QueueLeft":
        if (event.detail.reason === "MaxQueueTime") this.#counts.queueLeftTimeout++;
        else if (event.detail.reason === "NoUsers") this.#counts.queueLeftNoUsers++;
        else this.#counts.queueLeftCallerLeft++;
        return;
      case "Terminated": {
        const task = state.tasks.get(event.taskId);
        if (task?.status === "connected" && task.userId) this.#conversationEnds(state, task);
        return;
      }
      case "ConversationEnded": {
        const task = state.tasks.get(event.taskId);
        if (task) this.#owedAcw.set(event.data.userId, this.#acwSeconds(state, task));
        return;
      }
      case "AfterCallWorkStarted":
        this.#acwStarted(state, event, ctx);
        return;
      case "AfterCallWorkEnded":
        this.#acwEnded(state, event, ctx);
        return;
      case "PresenceChanged":
        this.#counts.presenceChanges++;
        return;
      case "ResponsibilityChanged":
        this.#counts.responsibilityChanges++;
        return;
      default:
        return;
    }
  }

  /** Checks what `event` did to `state`, the state just after it. */
  after(state: TenantState, event: DomainEvent, ctx: StepContext): void {
    if (event.type !== "OfferExpired") return;
    const user = state.users.get(event.data.userId);
    if (this.#expiring.broadcast) {
      if ((user?.notReady ?? false) !== this.#expiring.notReadyBefore) {
        this.#fail("rona.broadcastNotReady", ctx, event, "a broadcast ring changed not-ready");
      }
    } else if (user?.notReady !== true || user.state !== "NotReady") {
      this.#fail("rona.notReady", ctx, event, `${event.data.userId} is ${user?.state}`);
    }
  }

  /** At the end of a step: every conversation that ended owed its after-call work. */
  endStep(ctx: StepContext): void {
    for (const [userId, seconds] of this.#owedAcw) {
      if (seconds > 0) {
        this.#violations.record(
          "acw.missing",
          `step ${ctx.step} (${ctx.command.kind}): ${userId} owed ${seconds} s of after-call work`,
        );
      }
    }
    this.#owedAcw.clear();
  }

  /** Tasks still live at the end, whose histories are not complete. */
  get liveTasks(): number {
    return this.#triggers.size;
  }

  #trigger(event: DomainEvent, ctx: StepContext): void {
    const taskId = event.taskId as string;
    let types = this.#triggers.get(taskId);
    if (!types) {
      types = [];
      this.#triggers.set(taskId, types);
      this.#counts.tasksStarted++;
    }
    types.push(event.type as TaskEventType);
    if (event.type !== "Terminated") return;
    this.#counts.tasksTerminated++;
    if (!followsGrammar(types)) this.#fail("grammar", ctx, event, types.join(" "));
    this.#triggers.delete(taskId);
  }

  #offerCreated(
    state: TenantState,
    event: Extract<DomainEvent, { type: "OfferCreated" }>,
    ctx: StepContext,
  ): void {
    const { userId, expiresAt } = event.data;
    const broadcast = event.data.broadcast ?? false;
    this.#counts.offers++;
    const task = state.tasks.get(event.taskId as string);
    const service = task && state.directory.servicesById.get(task.serviceId);
    if (!task || !service || task.status !== "queued") {
      this.#fail("offer.notQueued", ctx, event, `task is ${task?.status}`);
      return;
    }
    const policy = routingOf(service).policy;
    this.#counts[offerCounts[policy]]++;
    const isBroadcast = policy === "Broadcast";
    if (broadcast !== isBroadcast) this.#fail("offer.broadcastFlag", ctx, event, `${broadcast}`);
    if (expiresAt !== event.at + task.ronaMs) {
      this.#fail("offer.expiresAt", ctx, event, `${expiresAt} ≠ ${event.at} + ${task.ronaMs}`);
    }
    if (!isBroadcast && task.offers.length > 0) {
      this.#fail("offer.second", ctx, event, `already ringing: ${task.offers.join(",")}`);
    }
    if (!service.members.includes(userId) || !isEligible(state, task, userId)) {
      const user = state.users.get(userId);
      const why = JSON.stringify({ ...user, declined: task.declinedBy.includes(userId) });
      this.#fail("offer.ineligible", ctx, event, `${userId} may not take it: ${why}`);
      return;
    }
    const inWindow = inPreferredWindow(task, event.at);
    if (inWindow) {
      this.#counts.preferredOffers++;
      if (!preferredMembers(state, task, service).includes(userId)) {
        this.#fail(
          "window.nonPreferred",
          ctx,
          event,
          `${userId} offered before ${task.preferredUntil}`,
        );
        return;
      }
    }
    const fitting = fittingMembers(state, service, task, event.at);
    const expected = expectedRecipient(state, service, task, fitting, event.at);
    if (expected !== undefined && expected !== userId) {
      const kind = inWindow ? "window.order" : `policy.${routingOf(service).policy}`;
      this.#fail(kind, ctx, event, `offered ${userId}, expected ${expected} of ${fitting}`);
    }
    this.#checkQueueOrder(state, service, task, userId, event, ctx);
  }

  /** No task ahead of the offered one, unoffered and open to the user, may be passed over. */
  #checkQueueOrder(
    state: TenantState,
    service: Service,
    task: TaskState,
    userId: string,
    event: DomainEvent,
    ctx: StepContext,
  ): void {
    const queue = state.queues.get(service.id) ?? [];
    const isBroadcast = routingOf(service).policy === "Broadcast";
    for (const aheadId of queue) {
      if (aheadId === task.id) return;
      const ahead = state.tasks.get(aheadId);
      if (!ahead) continue;
      const inWindow = inPreferredWindow(ahead, event.at);
      if (ahead.offers.length > 0 && (!isBroadcast || inWindow)) continue;
      if (!isEligible(state, ahead, userId)) continue;
      if (inWindow && !preferredMembers(state, ahead, service).includes(userId)) continue;
      this.#fail("offer.queueOrder", ctx, event, `${userId} passed over task ${aheadId}`);
      return;
    }
  }

  #informationUpdated(
    state: TenantState,
    event: Extract<DomainEvent, { type: "TaskInformationUpdated" }>,
    ctx: StepContext,
  ): void {
    const { preferredUntil, preferredUsers } = event.data;
    const task = state.tasks.get(event.taskId as string);
    if (preferredUntil === undefined || !task) return;
    if (preferredUsers === undefined) {
      // The end of a window, recorded by its timer at exactly preferredUntil.
      const { command } = ctx;
      const byTimer = command.kind === "FireTimer" && command.timer.kind === "preferred";
      if (preferredUntil !== null || !byTimer || event.at !== task.preferredUntil) {
        const what = `window until ${task.preferredUntil} ended at ${event.at} by ${command.kind}`;
        this.#fail("window.end", ctx, event, what);
      }
      return;
    }
    const service = state.directory.servicesById.get(task.serviceId);
    const until = service ? windowEnd(state, service, preferredUsers ?? [], event.at) : null;
    if (task.status !== "queued" || preferredUntil !== until) {
      this.#fail(
        "window.update",
        ctx,
        event,
        `preferredUntil ${preferredUntil}, expected ${until}`,
      );
    }
    if (until !== null) this.#counts.preferredWindows++;
  }

  #acwSeconds(state: TenantState, task: TaskState): number {
    const service = state.directory.servicesById.get(task.serviceId);
    return service ? routingOf(service).afterCallWorkSeconds : 0;
  }

  #conversationEnds(state: TenantState, task: TaskState): void {
    if (task.userId) this.#owedAcw.set(task.userId, this.#acwSeconds(state, task));
  }

  #acwStarted(
    state: TenantState,
    event: Extract<DomainEvent, { type: "AfterCallWorkStarted" }>,
    ctx: StepContext,
  ): void {
    const { userId, until } = event.data;
    this.#counts.afterCallWorks++;
    const seconds = this.#owedAcw.get(userId);
    this.#owedAcw.delete(userId);
    if (seconds === undefined || seconds === 0) {
      this.#fail("acw.unexpected", ctx, event, `${userId} until ${until}`);
      return;
    }
    const expected = Math.max(state.users.get(userId)?.acwUntil ?? 0, event.at + seconds * 1000);
    if (until !== expected) this.#fail("acw.until", ctx, event, `${until} ≠ ${expected}`);
  }

  #acwEnded(
    state: TenantState,
    event: Extract<DomainEvent, { type: "AfterCallWorkEnded" }>,
    ctx: StepContext,
  ): void {
    const until = state.users.get(event.data.userId)?.acwUntil ?? null;
    if (until === null) {
      this.#fail("acw.notStarted", ctx, event, event.data.userId);
      return;
    }
    const byTimer = ctx.command.kind === "FireTimer";
    if (byTimer ? event.at !== until : event.at > until) {
      this.#fail("acw.endTime", ctx, event, `ended at ${event.at}, until ${until}`);
    }
    if (!byTimer) this.#counts.afterCallWorksEndedEarly++;
  }
}
