/**
 * A seeded simulation of distribution in virtual time. Over a generated tenant (sim-tenant.ts)
 * it sends random commands — arrivals, accepts, declines, offers left to ring, hang-ups, agents
 * ending tasks, presence changes through every status, responsibility switches, preferred
 * users set by a flow, after-call work ended early — and lets time pass firing due timers in
 * order, as the engine would. After every step it checks each event against the state before
 * it (event-checks.ts) and the state after it (state-checks.ts); timers are also fired 1 ms
 * early, which must change nothing. At the end the log, replayed event by event into a fresh
 * state along the way, must equal the live state; halfway, the run goes on from the state
 * restored from a snapshot, as after a restart. Used by `npm run sim` and by
 * test/domain/distribution-invariants.test.ts.
 */
import type { Command } from "../src/domain/commands.ts";
import { decide } from "../src/domain/decide.ts";
import { indexDirectory } from "../src/domain/directoryIndex.ts";
import { DomainError } from "../src/domain/errors.ts";
import { type DomainEvent, type PresenceStatus, presenceStatuses } from "../src/domain/events.ts";
import type { Modality } from "../src/domain/model.ts";
import { restoreState, snapshotOf } from "../src/domain/snapshot.ts";
import { emptyState, evolve, type TenantState } from "../src/domain/state.ts";
import { pendingTimers, type TimerRef } from "../src/domain/timers.ts";
import { catalogOf } from "../src/domain/workflow/catalog.ts";
import { seededRandom } from "../test/support/seeded-random.ts";
import { EventChecker, type StepContext } from "./event-checks.ts";
import { emptyCounts, type SimCounts } from "./sim-counts.ts";
import { type Random, readyParameter, type SimTenant, simTenant } from "./sim-tenant.ts";
import { checkState } from "./state-checks.ts";
import { TimerQueue } from "./timer-queue.ts";
import { type ViolationSummary, Violations } from "./violations.ts";

export type { SimCounts } from "./sim-counts.ts";
export type { ViolationSummary } from "./violations.ts";

export interface SimOptions {
  readonly seed: number;
  /** The run ends once this many offers were made. */
  readonly offers: number;
  readonly users?: number;
  readonly services?: number;
  /** Callers stop arriving while this many tasks are live. */
  readonly maxLiveTasks?: number;
  /** Called every `progressEvery` steps with the counts so far. */
  readonly onProgress?: (counts: Readonly<SimCounts>) => void;
  readonly progressEvery?: number;
}

export interface SimResult {
  readonly counts: SimCounts;
  readonly violations: readonly ViolationSummary[];
}

const start = Date.UTC(2026, 0, 5, 8, 0, 0);
/** Steps between comparisons of the timers kept with those the state needs. */
const timerCheckEvery = 97;
/** A run that stops making offers is cut off after this many steps per offer asked for. */
const maxStepsPerOffer = 50;

/** A command in a few words, for messages. */
function describe(command: Command): string {
  switch (command.kind) {
    case "FireTimer":
      return `FireTimer ${command.timer.kind}`;
    case "UpdateTask":
      return `UpdateTask ${command.taskId} preferring ${command.preferredUsers?.length ?? 0}`;
    case "SetPresence":
      return `SetPresence ${command.userId} ${command.status}`;
    default:
      return command.kind;
  }
}

const comparable = (state: TenantState) => JSON.stringify(snapshotOf(state));

class DistributionSim {
  readonly #random: Random;
  readonly #tenant: SimTenant;
  #live: TenantState;
  /** The log replayed event by event, so also the state before each event. */
  readonly #shadow: TenantState;
  readonly #timers = new TimerQueue();
  readonly #violations = new Violations();
  readonly counts: SimCounts = emptyCounts();
  readonly #checker = new EventChecker(this.#violations, this.counts);
  /** Live task ids, for picking one at random. */
  readonly #taskIds: string[] = [];
  readonly #taskIndex = new Map<string, number>();
  readonly #maxLive: number;
  #now = start;
  /** Tasks left waiting with someone free to take them, after the last settled step. */
  #idle: ReadonlySet<string> = new Set();
  #ids = 0;
  #callers = 0;

  constructor(options: SimOptions) {
    this.#random = seededRandom(options.seed);
    this.#tenant = simTenant(this.#random, {
      users: options.users ?? 60,
      services: options.services ?? 12,
    });
    const { directory } = this.#tenant;
    this.#live = emptyState(directory.tenant.id, indexDirectory(directory));
    this.#live.workflows = catalogOf(this.#tenant.definitions, this.#tenant.assignments);
    this.#shadow = emptyState(directory.tenant.id, indexDirectory(directory));
    this.#maxLive = options.maxLiveTasks ?? 120;
  }

  get violations(): Violations {
    return this.#violations;
  }

  // ---- running commands --------------------------------------------------------------------

  /** Decides one command at the current time; a refusal is a violation unless expected. */
  #execute(command: Command, refusalExpected = false): readonly DomainEvent[] {
    this.counts.steps++;
    const ctx: StepContext = { step: this.counts.steps, command };
    let events: readonly DomainEvent[];
    try {
      events = decide(this.#live, command, {
        now: this.#now,
        newId: () => `s${++this.#ids}`,
      }).events;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (!refusalExpected) {
        this.#violations.record("refused", `step ${ctx.step} ${JSON.stringify(command)}: ${error}`);
      } else if (error.code !== "invalid" || error.field !== "serviceId") {
        this.#violations.record("refusal.wrong", `${error.code} ${error.field}: ${error.message}`);
      } else this.counts.refusals++;
      return [];
    }
    if (refusalExpected) this.#violations.record("refusal.missing", JSON.stringify(command));
    for (const event of events) {
      this.#checker.before(this.#shadow, event, ctx);
      evolve(this.#shadow, event);
      this.#checker.after(this.#shadow, event, ctx);
      this.#timers.apply(event);
      this.#track(event);
    }
    this.#checker.endStep(ctx);
    const settled = this.#timers.nextAt() > this.#now;
    const idleNow = new Set<string>();
    const { step } = ctx;
    const at = { step, now: this.#now, command: describe(command), settled, idleNow };
    checkState(this.#live, { ...at, idleBefore: this.#idle }, this.#violations);
    if (settled) this.#idle = idleNow;
    if (settled && this.counts.steps % timerCheckEvery === 0) this.#checkTimers();
    return events;
  }

  #track(event: DomainEvent): void {
    if (event.type === "WorkflowStarted") {
      this.#taskIndex.set(event.taskId, this.#taskIds.length);
      this.#taskIds.push(event.taskId);
    } else if (event.type === "Terminated") {
      const at = this.#taskIndex.get(event.taskId);
      const last = this.#taskIds.pop();
      this.#taskIndex.delete(event.taskId);
      if (at !== undefined && last !== undefined && last !== event.taskId) {
        this.#taskIds[at] = last;
        this.#taskIndex.set(last, at);
      }
    }
  }

  /** Lets time pass to `target`, firing each due timer at its time, in order. */
  #runUntil(target: number): void {
    for (let timer = this.#timers.popDue(target); timer; timer = this.#timers.popDue(target)) {
      this.#now = Math.max(this.#now, timer.at);
      this.counts.timersFired++;
      this.#execute({ kind: "FireTimer", timer: timer.ref });
    }
    this.#now = Math.max(this.#now, target);
  }

  /** Fires a timer before it is due: nothing may happen. */
  #probeEarly(timer: TimerRef): void {
    this.counts.earlyTimerProbes++;
    const events = this.#execute({ kind: "FireTimer", timer });
    if (events.length > 0) {
      const types = events.map((e) => e.type).join(" ");
      this.#violations.record("probe.early", `${JSON.stringify(timer)} at ${this.#now}: ${types}`);
    }
  }

  /**
   * Timers kept from the events equal those the state says it needs, and the state needs
   * none that is overdue (checkWorkflowInvariants asks the same).
   */
  #checkTimers(): void {
    const kept = this.#timers.live();
    const pending = pendingTimers(this.#live);
    const overdue = pending.filter((t) => t.at <= this.#now);
    if (overdue.length > 0) {
      const ids = overdue.map((t) => `${t.id} at ${t.at}`).join(", ");
      this.#violations.record("timers.overdue", `pending at ${this.#now}: ${ids}`);
    }
    const needed = pending.filter((t) => t.at > this.#now);
    for (const timer of needed) {
      if (kept.get(timer.id)?.at !== timer.at) {
        this.#violations.record("timers.missing", `${timer.id} at ${timer.at}, now ${this.#now}`);
      }
    }
    if (needed.length !== kept.size) {
      const ids = new Set(needed.map((t) => t.id));
      const extra = [...kept.keys()].filter((id) => !ids.has(id));
      this.#violations.record("timers.extra", `${extra.join(", ")} at ${this.#now}`);
    }
  }

  // ---- traffic -----------------------------------------------------------------------------

  #pick<T>(items: readonly T[]): T | undefined {
    return items[Math.floor(this.#random() * items.length)];
  }

  #between(low: number, high: number): number {
    return low + Math.floor(this.#random() * (high - low + 1));
  }

  #randomOffer() {
    const offers = this.#live.offers;
    let skip = Math.floor(this.#random() * offers.size);
    for (const offer of offers.values()) if (skip-- === 0) return offer;
    return undefined;
  }

  #randomTask(accept: (taskId: string) => boolean = () => true, tries = 8) {
    for (let i = 0; i < tries; i++) {
      const taskId = this.#pick(this.#taskIds);
      const task = taskId === undefined ? undefined : this.#live.tasks.get(taskId);
      if (task && accept(task.id)) return task;
    }
    return undefined;
  }

  #usersWhere(accept: (userId: string) => boolean): string[] {
    return [...this.#live.users.keys()].filter(accept);
  }

  #arrive(): void {
    if (this.#taskIds.length >= this.#maxLive) {
      this.#runUntil(this.#now + this.#between(0, 3000));
      return;
    }
    const service = this.#pick(this.#tenant.directory.services);
    const modality = service && this.#pick(service.modalities);
    if (!service || !modality) return;
    const roll = this.#random();
    const rank = roll < 0.2 ? 1 : roll < 0.6 ? 2 : roll < 0.85 ? 3 : 4;
    const from = `c${++this.#callers}-p${rank}@example.com`;
    this.#execute({
      kind: "ReceiveInbound",
      modality: modality as Modality,
      to: service.upn,
      from,
      ...(modality === "InstantMessaging" ? { message: "Hello" } : {}),
    });
  }

  #answer(kind: "AcceptOffer" | "DeclineOffer"): void {
    const offer = this.#randomOffer();
    if (offer) this.#execute({ kind, userId: offer.userId, offerId: offer.id });
  }

  /** An offer rings unanswered: 1 ms before it expires nothing happens, at its time RONA. */
  #letRing(): void {
    const offer = this.#randomOffer();
    if (!offer) return;
    this.#runUntil(offer.expiresAt - 1);
    if (this.#live.offers.has(offer.id)) this.#probeEarly({ kind: "offer", offerId: offer.id });
    this.#runUntil(offer.expiresAt);
  }

  #endTask(): void {
    const userId = this.#pick(
      this.#usersWhere((id) => (this.#live.users.get(id)?.tasks.length ?? 0) > 0),
    );
    const taskId = userId && this.#pick(this.#live.users.get(userId)?.tasks ?? []);
    if (userId && taskId) this.#execute({ kind: "EndTask", userId, taskId });
  }

  #hangup(): void {
    const queued = this.#random() < 0.5;
    const task = this.#randomTask((id) => !queued || this.#live.tasks.get(id)?.status === "queued");
    if (task) this.#execute({ kind: "Hangup", taskId: task.id });
  }

  /** Half the time someone away or set not ready comes back; else anyone sets any status. */
  #presence(): void {
    const back = this.#random() < 0.5;
    const userId = back
      ? this.#pick(
          this.#usersWhere(
            (id) =>
              this.#live.users.get(id)?.state === "NotReady" ||
              this.#live.users.get(id)?.presence !== "Available",
          ),
        )
      : this.#pick(this.#tenant.directory.users)?.id;
    const status: PresenceStatus =
      back || this.#random() < 0.3 ? "Available" : (this.#pick(presenceStatuses) ?? "Away");
    if (userId) this.#execute({ kind: "SetPresence", userId, status });
  }

  #responsibility(): void {
    const service = this.#pick(this.#tenant.directory.services);
    if (!service) return;
    if (this.#random() < 0.05) {
      const stranger = this.#pick(
        this.#tenant.directory.users.filter((u) => !service.members.includes(u.id)),
      );
      if (stranger) {
        const command = { kind: "SetResponsibility", userId: stranger.id, serviceId: service.id };
        this.#execute({ ...command, active: this.#random() < 0.5 } as Command, true);
      }
      return;
    }
    const userId = this.#pick(service.members);
    if (!userId) return;
    const off = this.#live.users.get(userId)?.off.includes(service.id) ?? false;
    const active = off || this.#random() < 0.7;
    this.#execute({ kind: "SetResponsibility", userId, serviceId: service.id, active });
  }

  /** A flow names preferred users, mostly members; a task waiting for them goes on. */
  #preferUsers(): void {
    const task = this.#randomTask((id) => {
      const status = this.#live.tasks.get(id);
      return status?.status === "queued" || status?.wait?.wait.kind === "parameter";
    });
    const service = task && this.#live.directory.servicesById.get(task.serviceId);
    if (!task || !service) return;
    const users = this.#tenant.directory.users;
    const preferredUsers =
      this.#random() < 0.15
        ? []
        : Array.from({ length: this.#between(1, 3) }, () => {
            const userId =
              this.#random() < 0.85 ? this.#pick(service.members) : this.#pick(users)?.id;
            const upn = users.find((u) => u.id === userId)?.upn ?? "";
            return { upn, priority: this.#between(1, 99) };
          });
    const release = task.wait?.wait.kind === "parameter" && this.#random() < 0.7;
    this.#execute({
      kind: "UpdateTask",
      taskId: task.id,
      preferredUsers,
      ...(release ? { parameters: [{ name: readyParameter, value: `${this.#ids}` }] } : {}),
    });
  }

  #setReady(): void {
    const task = this.#randomTask(
      (id) => this.#live.tasks.get(id)?.wait?.wait.kind === "parameter",
    );
    if (task) {
      this.#execute({ kind: "SetParameter", taskId: task.id, name: readyParameter, value: "1" });
    }
  }

  #endAfterCallWork(): void {
    const userId = this.#pick(this.#usersWhere((id) => this.#live.users.get(id)?.acwUntil != null));
    if (userId) this.#execute({ kind: "EndAfterCallWork", userId });
  }

  /** A preferred window: 1 ms before its end only preferred users, at its end anyone. */
  #windowEnds(): void {
    const task = this.#randomTask((id) => {
      const t = this.#live.tasks.get(id);
      return t?.status === "queued" && (t.preferredUntil ?? 0) > this.#now;
    }, 20);
    const until = task?.preferredUntil;
    if (!task || until == null) return;
    this.#runUntil(until - 1);
    const same = this.#live.tasks.get(task.id);
    if (same?.status === "queued" && same.preferredUntil === until) {
      this.#probeEarly({ kind: "preferred", taskId: task.id });
    }
    this.#runUntil(until);
  }

  /** After-call work: 1 ms before its end the user is still wrapping up, then free. */
  #acwEnds(): void {
    const userId = this.#pick(this.#usersWhere((id) => this.#live.users.get(id)?.acwUntil != null));
    const until = userId === undefined ? null : (this.#live.users.get(userId)?.acwUntil ?? null);
    if (userId === undefined || until === null) return;
    this.#runUntil(until - 1);
    if (this.#live.users.get(userId)?.acwUntil === until) this.#probeEarly({ kind: "acw", userId });
    this.#runUntil(until);
  }

  #step(): void {
    this.counts.commands++;
    const roll = this.#random();
    if (roll < 0.16) this.#arrive();
    else if (roll < 0.36) this.#answer("AcceptOffer");
    else if (roll < 0.41) this.#answer("DeclineOffer");
    else if (roll < 0.44) this.#letRing();
    else if (roll < 0.54) this.#endTask();
    else if (roll < 0.58) this.#hangup();
    else if (roll < 0.63) this.#presence();
    else if (roll < 0.65) this.#responsibility();
    else if (roll < 0.7) this.#preferUsers();
    else if (roll < 0.72) this.#setReady();
    else if (roll < 0.74) this.#endAfterCallWork();
    else if (roll < 0.76) this.#windowEnds();
    else if (roll < 0.77) this.#acwEnds();
    else this.#runUntil(this.#now + this.#between(0, 3000));
  }

  run(options: SimOptions): void {
    const began = performance.now();
    for (const user of this.#tenant.directory.users) {
      if (this.#random() < 0.75) {
        this.#execute({ kind: "SetPresence", userId: user.id, status: "Available" });
      }
      this.#now += this.#between(0, 50);
    }
    const every = options.progressEvery ?? 100_000;
    const maxSteps = options.offers * maxStepsPerOffer;
    let nextProgress = every;
    let restarted = false;
    while (this.counts.offers < options.offers && this.counts.steps < maxSteps) {
      if (!restarted && this.counts.offers >= options.offers / 2) {
        // Halfway the engine "restarts": the rest runs on the state restored from a snapshot.
        this.#live = this.#restored();
        restarted = true;
      }
      this.#step();
      if (this.counts.steps >= nextProgress) {
        nextProgress += every;
        this.#finishCounts(began);
        options.onProgress?.(this.counts);
      }
    }
    if (this.counts.offers < options.offers) {
      this.#violations.record(
        "stalled",
        `${this.counts.offers} offers in ${this.counts.steps} steps`,
      );
    }
    this.#checkTimers();
    this.#checkReplay();
    this.#finishCounts(began);
  }

  #finishCounts(began: number): void {
    this.counts.virtualMs = this.#now - start;
    this.counts.elapsedMs = Math.round(performance.now() - began);
  }

  /** The live state through a snapshot in JSON and back, as the engine recovers it. */
  #restored(): TenantState {
    const { tenantId, directory, workflows } = this.#live;
    const snapshot = JSON.parse(JSON.stringify(snapshotOf(this.#live)));
    return restoreState(tenantId, directory, workflows, snapshot);
  }

  /** The log replayed into a fresh state, and a snapshot round trip, equal the live state. */
  #checkReplay(): void {
    const live = comparable(this.#live);
    if (comparable(this.#shadow) !== live) {
      this.#violations.record("replay", "the replayed log differs from the live state");
    }
    if (comparable(this.#restored()) !== live) {
      this.#violations.record("snapshot", "the restored snapshot differs from the live state");
    }
  }
}

/** Runs one seeded simulation until `options.offers` offers were made. */
export function runDistributionSim(options: SimOptions): SimResult {
  const sim = new DistributionSim(options);
  try {
    sim.run(options);
  } catch (error) {
    // A decision that throws anything but a DomainError is a defect; report it with the counts.
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    sim.violations.record("crash", `step ${sim.counts.steps}: ${stack}`);
  }
  return { counts: sim.counts, violations: sim.violations.summary() };
}
