/**
 * The load: one tenant state driven by `decide` alone, in virtual time. Set-up makes most
 * users Available and fills the services with tasks, every offer accepted at once, until the
 * live tasks reach the target. The measured phase then mixes arrivals and ends (balanced
 * around the target) with what becomes of each offer: accepted, declined, or left to ring
 * out, after which its user comes back. Each routing decision (accepts too: they match the
 * user's queues again) is timed, and so is the baseline's scan for the same decision on the
 * same state just before.
 */

import { TimeQueue } from "../../sim/time-queue.ts";
import type { Command } from "../../src/domain/commands.ts";
import { type DecideResult, decide } from "../../src/domain/decide.ts";
import { indexDirectory } from "../../src/domain/directoryIndex.ts";
import { DomainError } from "../../src/domain/errors.ts";
import type { DomainEvent } from "../../src/domain/events.ts";
import { type Modality, routingOf, type Service } from "../../src/domain/model.ts";
import { emptyState, type TenantState } from "../../src/domain/state.ts";
import { type CheckCounts, checkDecision, couldTakeWaiting, emptyChecks, fail } from "./checks.ts";
import type { RoutingDirectory } from "./directory.ts";
import { type Freeing, naiveLongestIdle, naiveNextTask } from "./naive-router.ts";
import { type LoadPicture, pictureOf } from "./picture.ts";
import { type Reader, taskOffered, userOffered } from "./readings.ts";
import type { RoutingKind, Samples } from "./samples.ts";
import { TaskPool } from "./task-pool.ts";

/** How the people behave, in virtual ms. */
export const pace = {
  /** Users set Available at the start; the others stay Offline. */
  availableShare: 0.7,
  /** Arrivals that are calls; the rest are chats. */
  audioShare: 0.6,
  /** Virtual time between one arrival or end and the next. */
  stepMs: [2, 8],
  /** Offers accepted; then declined; the rest ring out (RONA). */
  acceptShare: 0.85,
  declineShare: 0.1,
  acceptAfterMs: [300, 3_000],
  declineAfterMs: [500, 4_000],
  /** From RONA to the user setting themselves Available again. */
  readyAfterMs: [2_000, 10_000],
} as const;

/** Monday 5 January 2026, 09:00 UTC. */
const startOfRun = Date.UTC(2026, 0, 5, 9, 0, 0);

type Due =
  | { readonly kind: "next" }
  | { readonly kind: "accept"; readonly offerId: string; readonly userId: string }
  | { readonly kind: "decline"; readonly offerId: string; readonly userId: string }
  | { readonly kind: "rona"; readonly offerId: string }
  | { readonly kind: "ready"; readonly userId: string };

export class RoutingLoad {
  readonly checks: CheckCounts = emptyChecks();
  readonly state: TenantState;
  readonly #big: ReadonlySet<string>;
  readonly #services: readonly Service[];
  /** Running total of member counts, to draw a service in proportion to its staff. */
  readonly #weights: Float64Array;
  readonly #random: () => number;
  readonly #due = new TimeQueue<Due>();
  readonly #connected = new TaskPool();
  /** Offers made during set-up, accepted at once. */
  readonly #toAccept: string[] = [];
  readonly #newId = () => `x${String(++this.#ids).padStart(10, "0")}`;
  #ids = 0;
  #callers = 0;
  #now = startOfRun;
  #settingUp = true;
  #samples: Samples | null = null;

  constructor({ directory, bigServiceIds }: RoutingDirectory, random: () => number) {
    this.state = emptyState(directory.tenant.id, indexDirectory(directory));
    this.#big = bigServiceIds;
    this.#services = directory.services;
    let total = 0;
    this.#weights = Float64Array.from(directory.services, (s) => (total += s.members.length));
    this.#random = random;
  }

  get virtualSeconds(): number {
    return (this.#now - startOfRun) / 1000;
  }

  /** Sets a random `availableShare` of the users Available; `onProgress` hears every 1,000. */
  setAvailable(onProgress: (users: number) => void): number {
    let done = 0;
    for (const user of this.state.directory.directory.users) {
      if (this.#random() >= pace.availableShare) continue;
      this.#step();
      this.#untimed({ kind: "SetPresence", userId: user.id, status: "Available" }, "set-up");
      if (++done % 1_000 === 0) onProgress(done);
    }
    return done;
  }

  /** Calls and chats arrive, each offer accepted at once, until `target` tasks are live. */
  fill(target: number, onProgress: (tasks: number) => void): void {
    const limit = target * 3;
    for (let arrivals = 0; this.state.tasks.size < target; arrivals++) {
      if (arrivals >= limit) {
        throw new Error(`${limit} arrivals left only ${this.state.tasks.size} tasks live`);
      }
      this.#step();
      this.#inbound();
      for (let offerId = this.#toAccept.pop(); offerId; offerId = this.#toAccept.pop()) {
        const offer = this.state.offers.get(offerId);
        if (!offer) continue;
        this.#step();
        this.#untimed({ kind: "AcceptOffer", userId: offer.userId, offerId }, "set-up");
      }
      if (arrivals % 1_000 === 0) onProgress(this.state.tasks.size);
    }
    this.#settingUp = false;
    this.#due.push(this.#now, { kind: "next" });
  }

  /** Runs until `samples` holds `count` more routing decisions; `onProgress` hears every 500. */
  run(samples: Samples, count: number, target: number, onProgress: (n: number) => void): void {
    this.#samples = samples;
    const until = samples.decisions + count;
    let reported = samples.decisions;
    while (samples.decisions < until) {
      const next = this.#due.pop();
      if (!next) throw new Error("nothing left to do");
      if (next.at > this.#now) this.#now = next.at;
      this.#handle(next.item, target);
      if (samples.decisions - reported >= 500) {
        reported = samples.decisions;
        onProgress(reported - (until - count));
      }
    }
    this.#samples = null;
  }

  picture(): LoadPicture {
    return pictureOf(this.state, this.#big, this.#connected.size);
  }

  #handle(due: Due, target: number): void {
    switch (due.kind) {
      case "next": {
        const live = this.state.tasks.size;
        const arrive = Math.min(0.95, Math.max(0.05, 0.5 + (2.5 * (target - live)) / target));
        if (this.#connected.size === 0 || this.#random() < arrive) this.#inbound();
        else this.#end();
        this.#due.push(this.#now + this.#between(pace.stepMs), { kind: "next" });
        return;
      }
      case "accept": {
        const offer = this.state.offers.get(due.offerId);
        if (offer?.userId !== due.userId) return;
        const { userId, taskId } = offer;
        const command: Command = { kind: "AcceptOffer", userId, offerId: offer.id };
        this.#route("accept", command, () => this.#nextTask(userId, { accepting: taskId }), {
          read: () => taskOffered(userId),
          wakes: this.#servicesOf(userId),
          about: `${userId} accepts ${taskId}`,
        });
        if (couldTakeWaiting(this.state, userId)) this.checks.waitingAfterAccept++;
        return;
      }
      case "decline":
      case "rona":
        this.#reroute(due);
        return;
      case "ready": {
        if (!this.state.users.get(due.userId)?.notReady) return;
        const command: Command = { kind: "SetPresence", userId: due.userId, status: "Available" };
        this.#route(
          "ready",
          command,
          () => this.#nextTask(due.userId, { becomesAvailable: true }),
          {
            read: () => taskOffered(due.userId),
            wakes: this.#servicesOf(due.userId),
            about: `${due.userId} is ready`,
          },
        );
        return;
      }
      default: {
        const never: never = due;
        throw new Error(`unknown due item ${JSON.stringify(never)}`);
      }
    }
  }

  #inbound(): void {
    const service = this.#weightedService();
    const modality: Modality = this.#random() < pace.audioShare ? "Audio" : "InstantMessaging";
    const n = ++this.#callers;
    const command: Command =
      modality === "Audio"
        ? {
            kind: "ReceiveInbound",
            modality,
            to: service.upn,
            from: `+4178${String(n).padStart(7, "0")}`,
          }
        : {
            kind: "ReceiveInbound",
            modality,
            to: service.upn,
            from: `c${n}@customers.test`,
            message: "Hello",
          };
    if (this.#settingUp) {
      this.#untimed(command, `inbound to ${service.id}`);
      return;
    }
    const longestIdle = routingOf(service).policy === "LongestIdle";
    this.#route("inbound", command, () => this.#longestIdle(service.id, modality, []), {
      read: userOffered,
      wakes: [service.id],
      compare: longestIdle,
      about: `${modality} to ${service.id}`,
    });
  }

  #end(): void {
    const taskId = this.#connected.pick(this.#random);
    const userId = taskId === undefined ? null : this.state.tasks.get(taskId)?.userId;
    if (taskId === undefined || !userId) throw new Error(`connected task ${taskId} has no user`);
    const command: Command = { kind: "EndTask", userId, taskId };
    this.#route("end", command, () => this.#nextTask(userId, { releasing: taskId }), {
      read: () => taskOffered(userId),
      wakes: this.#servicesOf(userId),
      about: `${userId} ends ${taskId}`,
    });
  }

  #reroute(due: Extract<Due, { kind: "decline" | "rona" }>): void {
    const offer = this.state.offers.get(due.offerId);
    const task = offer && this.state.tasks.get(offer.taskId);
    if (!offer || !task) return;
    if (due.kind === "decline" && offer.userId !== due.userId) return;
    const service = this.state.directory.servicesById.get(task.serviceId);
    const compare =
      !offer.broadcast && service !== undefined && routingOf(service).policy === "LongestIdle";
    const command: Command =
      due.kind === "decline"
        ? { kind: "DeclineOffer", userId: offer.userId, offerId: offer.id }
        : { kind: "FireTimer", timer: { kind: "offer", offerId: offer.id } };
    const modality = task.data.modality as Modality;
    this.#route(
      due.kind,
      command,
      () => this.#longestIdle(task.serviceId, modality, task.declinedBy),
      {
        read: () => userOffered(task.id),
        wakes: [task.serviceId, ...this.#servicesOf(offer.userId)],
        compare,
        about: `${due.kind} of ${task.id} by ${offer.userId} in ${task.serviceId}`,
      },
    );
    if (due.kind === "rona" && this.state.users.get(offer.userId)?.notReady) {
      this.#due.push(this.#now + this.#between(pace.readyAfterMs), {
        kind: "ready",
        userId: offer.userId,
      });
    }
  }

  /**
   * One measured routing decision: the baseline's scan on the state as it is, then `decide`,
   * each timed on its own; then the offers are checked and the two choices compared.
   */
  #route(
    kind: RoutingKind,
    command: Command,
    baseline: () => string | null,
    how: {
      /** Given the task id `decide` replied with, if any. */
      readonly read: (taskId: string | undefined) => Reader;
      /** The services whose queues the decision matches again. */
      readonly wakes: readonly string[];
      readonly compare?: boolean;
      readonly about?: string;
    },
  ): void {
    const samples = this.#samples;
    if (!samples) throw new Error("a routing decision outside a run");
    const baselineStarted = process.hrtime.bigint();
    const expected = baseline();
    const started = process.hrtime.bigint();
    const result = this.#decide(command);
    const ended = process.hrtime.bigint();
    const big = how.wakes.some((id) => this.#big.has(id));
    samples.record(kind, Number(ended - started), Number(started - baselineStarted), big);
    if (!result) return;
    this.#observe(result.events, kind);
    const taskId = "taskId" in result.reply ? result.reply.taskId : undefined;
    if (how.compare === false) {
      samples.skipCompare(kind);
      return;
    }
    const { actual, otherwise } = how.read(taskId)(result.events, expected);
    samples.compare(kind, expected, actual, otherwise, how.about ?? kind);
  }

  #servicesOf(userId: string): readonly string[] {
    return this.state.directory.servicesOfUser.get(userId) ?? [];
  }

  #longestIdle(serviceId: string, modality: Modality, declined: readonly string[]) {
    return naiveLongestIdle(this.state, serviceId, modality, declined);
  }

  #nextTask(userId: string, freeing: Freeing) {
    return naiveNextTask(this.state, userId, freeing);
  }

  #untimed(command: Command, context: string): void {
    const result = this.#decide(command);
    if (result) this.#observe(result.events, context);
  }

  #decide(command: Command): DecideResult | null {
    try {
      return decide(this.state, command, { now: this.#now, newId: this.#newId });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.checks.refused++;
      fail(this.checks, `${command.kind} refused: ${error.message}`);
      return null;
    }
  }

  /** Checks the decision, keeps the pool of connected tasks, and plans each offer's fate. */
  #observe(events: readonly DomainEvent[], context: string): void {
    checkDecision(this.state, events, this.checks, context);
    for (const event of events) {
      if (event.type === "ConnectedToUser") this.#connected.add(event.taskId);
      else if (event.type === "Terminated") this.#connected.remove(event.taskId);
      else if (event.type === "OfferCreated")
        this.#plan(event.data.offerId, event.data.userId, event.data.expiresAt);
    }
  }

  #plan(offerId: string, userId: string, expiresAt: number): void {
    if (this.#settingUp) {
      this.#toAccept.push(offerId);
      return;
    }
    const r = this.#random();
    if (r < pace.acceptShare) {
      this.#due.push(this.#now + this.#between(pace.acceptAfterMs), {
        kind: "accept",
        offerId,
        userId,
      });
    } else if (r < pace.acceptShare + pace.declineShare) {
      this.#due.push(this.#now + this.#between(pace.declineAfterMs), {
        kind: "decline",
        offerId,
        userId,
      });
    } else {
      this.#due.push(expiresAt, { kind: "rona", offerId });
    }
  }

  #weightedService(): Service {
    const weights = this.#weights;
    const x = this.#random() * (weights.at(-1) ?? 0);
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((weights[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.#services[lo] as Service;
  }

  #between([least, most]: readonly [number, number]): number {
    return least + Math.floor(this.#random() * (most - least + 1));
  }

  /** Set-up steps the clock too, so that users become idle at distinct times. */
  #step(): void {
    this.#now += this.#between(pace.stepMs);
  }
}
