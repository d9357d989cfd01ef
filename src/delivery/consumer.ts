/**
 * One subscription's consumer: reads the log after its cursor, delivers what matches, parks
 * what fails, and advances the cursor once every event up to it is delivered or parked.
 * Events of one task go out in order, one at a time, in the task's lane: a task with parked
 * events queues every other event of it by seq, so retries, replays and restarts keep the
 * order. Different tasks go out concurrently (up to `concurrency` lanes at once) and do not
 * wait for each other: a receiver hanging on one task's POST holds back that task only,
 * while reading goes on. Retries follow the retry policy.
 */
import type { StoredEvent } from "../store/port.ts";
import type {
  ParkedDelivery,
  SubscriptionPatch,
  SubscriptionRecord,
} from "../store/subscription-records.ts";
import { AttemptLog } from "./attempt-log.ts";
import type { ConsumerDeps } from "./consumer-deps.ts";
import { nextAttemptAt, retryAfterMs } from "./retry-policy.ts";
import { webhookId } from "./signing.ts";
import { matchesFilter } from "./subscription-filter.ts";

const pageSize = 500;
const concurrency = 64;
/** Events read but not yet delivered or parked; reading waits beyond this. */
const maxUnfinished = 2_000;
const idleCheckMs = 30_000;
const maxErrorBackoffMs = 30_000;
/** A receiver answering 404 this many times in a row, over at least `goneAfterMs`, is gone. */
const goneAfterNotFound = 3;
const goneAfterMs = 10 * 60_000;

/** Parked deliveries are grouped by task; events without a task form a group each. */
const groupOf = (seq: number, taskId: string | null) => taskId ?? `seq:${seq}`;

interface AttemptResult {
  readonly kind: "delivered" | "failed" | "gone";
  readonly error: string | null;
  /** How long the receiver asked to wait (429 or 503 with `Retry-After`), capped. */
  readonly retryAfterMs?: number | undefined;
}

export class Consumer {
  readonly attempts = new AttemptLog();
  #record: SubscriptionRecord;
  readonly #deps: ConsumerDeps;
  /** Parked deliveries by task, each queue in seq order; its head is the next to try. */
  readonly #parked = new Map<string, ParkedDelivery[]>();
  #wake: (() => void) | undefined;
  #woken = false;
  #stopped = false;
  #running: Promise<void> | undefined;
  /** A replay asked for: where the cursor goes once every lane is done. */
  #rewindTo: number | undefined;
  /** Events read and waiting for their first attempt, by task, in seq order. */
  readonly #lanes = new Map<string, StoredEvent[]>();
  /** Tasks whose lane is being worked on. */
  readonly #active = new Set<string>();
  /** Seqs read but not yet delivered or parked: the cursor stays before the lowest. */
  readonly #unfinished = new Set<number>();
  /** Lanes and retries under way, awaited when stopping. */
  readonly #workers = new Set<Promise<void>>();
  /** Tasks whose parked deliveries are being retried. */
  readonly #retrying = new Set<string>();
  /** Where reading got to; the cursor follows once what was read is done. */
  #readThrough: number;

  constructor(record: SubscriptionRecord, parked: readonly ParkedDelivery[], deps: ConsumerDeps) {
    this.#record = record;
    this.#deps = deps;
    this.#readThrough = record.cursor;
    for (const delivery of parked) if (!delivery.dead) this.#queueParked(delivery);
  }

  get record(): SubscriptionRecord {
    return this.#record;
  }

  get parkedCount(): number {
    let count = 0;
    for (const queue of this.#parked.values()) count += queue.length;
    return count;
  }

  start(): void {
    this.#running ??= this.#loop();
  }

  /** New events may be there, or the record changed. */
  notify(): void {
    this.#woken = true;
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.notify();
    await this.#running;
    while (this.#workers.size > 0) await Promise.all([...this.#workers]);
  }

  /** Delivers again everything after `cursor` (a replay), once the page in hand is done. */
  rewind(cursor: number): void {
    this.#rewindTo = cursor;
    this.notify();
  }

  /**
   * Changes the record and persists it: the cursor and last delivery through the cursor
   * writer (batched), anything else at once.
   */
  async update(patch: SubscriptionPatch): Promise<void> {
    this.#record = { ...this.#record, ...patch };
    const { cursor, lastDeliveryAt, ...rest } = patch;
    if (cursor !== undefined || lastDeliveryAt !== undefined) {
      this.#deps.cursors.save({
        id: this.#record.id,
        cursor: this.#record.cursor,
        lastDeliveryAt: this.#record.lastDeliveryAt,
      });
    }
    if (Object.keys(rest).length > 0) {
      await this.#deps.store.updateSubscription(this.#record.id, rest);
    }
    this.notify();
  }

  /** Paused, disabled, suspended, gone or stopped: nothing more is attempted. */
  #halted(): boolean {
    const { status } = this.#record;
    return (
      this.#stopped ||
      status === "paused" ||
      status === "disabled" ||
      status === "suspended" ||
      status === "gone"
    );
  }

  /** Runs passes until stopped; a failing pass (the store, say) is logged and retried. */
  async #loop(): Promise<void> {
    let errors = 0;
    while (!this.#stopped) {
      try {
        await this.#pass();
        errors = 0;
      } catch (error) {
        errors++;
        this.#deps.onError(error, `subscription ${this.#record.id}`);
        this.#record = { ...this.#record, lastError: `delivery stalled: ${String(error)}` };
        this.#woken = false;
        await this.#sleep(Math.min(maxErrorBackoffMs, 100 * 2 ** errors));
      }
    }
  }

  async #pass(): Promise<void> {
    this.#woken = false;
    // A replay waits until nothing read is in flight, so that no task's order is crossed.
    if (this.#rewindTo !== undefined && this.#unfinished.size === 0) {
      const cursor = this.#rewindTo;
      this.#rewindTo = undefined;
      this.#readThrough = cursor;
      this.#lanes.clear();
      await this.update({ cursor });
    }
    await this.#disableIfFailingTooLong();
    if (this.#halted()) {
      if (!this.#woken) await this.#sleep(idleCheckMs);
      return;
    }
    this.#startRetries();
    this.#kick();
    if (this.#rewindTo === undefined && this.#unfinished.size < maxUnfinished) {
      const page = await this.#deps.feed.read(
        this.#readThrough,
        pageSize,
        this.#record.tenantId,
        this.#deps.types,
      );
      if (page.through > this.#readThrough) {
        this.#enqueue(page.events);
        this.#readThrough = page.through;
        this.#advanceCursor();
        return;
      }
    }
    if (!this.#woken) await this.#sleep(this.#untilNextRetry());
  }

  /** Puts what the subscription wants of a page into the lanes of its tasks. */
  #enqueue(events: readonly StoredEvent[]): void {
    for (const event of events) {
      if (!matchesFilter(this.#record.filter, event) || !this.#deps.visible(this.#record, event)) {
        continue;
      }
      const key = groupOf(event.seq, event.taskId);
      this.#unfinished.add(event.seq);
      const lane = this.#lanes.get(key);
      if (lane) lane.push(event);
      else this.#lanes.set(key, [event]);
    }
    this.#kick();
  }

  /** Starts work on waiting lanes, up to `concurrency` at once. */
  #kick(): void {
    if (this.#halted()) return;
    for (const key of this.#lanes.keys()) {
      if (this.#active.size >= concurrency) return;
      if (this.#active.has(key)) continue;
      this.#track(this.#work(key));
    }
  }

  #track(work: Promise<void>): void {
    this.#workers.add(work);
    void work.finally(() => this.#workers.delete(work));
  }

  /** Delivers a task's lane in order, each event once delivered or parked. */
  async #work(key: string): Promise<void> {
    this.#active.add(key);
    let errors = 0;
    try {
      for (;;) {
        const lane = this.#lanes.get(key);
        const event = lane?.[0];
        if (!lane || !event) {
          this.#lanes.delete(key);
          return;
        }
        if (this.#halted()) return;
        try {
          if (!(await this.#first(key, event))) return;
          errors = 0;
        } catch (error) {
          // The store failed us: report it, wait, and try the same event again.
          errors++;
          this.#deps.onError(error, `subscription ${this.#record.id}`);
          this.#record = { ...this.#record, lastError: `delivery stalled: ${String(error)}` };
          await new Promise((resolve) =>
            setTimeout(resolve, Math.min(maxErrorBackoffMs, 100 * 2 ** errors)),
          );
          continue;
        }
        lane.shift();
        this.#unfinished.delete(event.seq);
      }
    } finally {
      this.#active.delete(key);
      this.#advanceCursor();
      this.#kick();
      this.notify();
    }
  }

  /**
   * An event's first attempt, or its place behind the task's parked ones; false when the
   * subscription ended or stopped and the event stays unfinished.
   */
  async #first(key: string, event: StoredEvent): Promise<boolean> {
    if (this.#parked.has(key)) {
      const parked = this.#parkBehind(key, event);
      if (parked) await this.#deps.store.parkDeliveries([parked]);
      return true;
    }
    const outcome = await this.#attempt(event, 1);
    // A removed subscription keeps nothing.
    if (outcome.kind === "gone" || this.#stopped) return false;
    if (outcome.kind === "failed") {
      const parked = this.#parkFailed(key, event, 1, outcome);
      await this.#deps.store.parkDeliveries([parked]);
      if (parked.dead) await this.#giveUp(outcome.error);
    }
    return true;
  }

  /** Moves the cursor up to the lowest event still in flight (batched by the cursor writer). */
  #advanceCursor(): void {
    if (this.#stopped || this.#rewindTo !== undefined) return;
    let lowest = Number.POSITIVE_INFINITY;
    for (const seq of this.#unfinished) if (seq < lowest) lowest = seq;
    const cursor = Math.min(this.#readThrough, lowest - 1);
    if (cursor <= this.#record.cursor) return;
    this.#record = { ...this.#record, cursor };
    this.#deps.cursors.save({
      id: this.#record.id,
      cursor,
      lastDeliveryAt: this.#record.lastDeliveryAt,
    });
  }

  /**
   * Retries what is due in the background, each task on its own (up to `concurrency` at
   * once), so that a retry hanging on one task does not hold back another's.
   */
  #startRetries(): void {
    const now = this.#deps.clock.now();
    for (const [key, queue] of this.#parked) {
      if (this.#retrying.size >= concurrency) return;
      if (this.#retrying.has(key) || (queue[0]?.dueAt ?? Infinity) > now) continue;
      this.#retrying.add(key);
      this.#track(
        this.#retryTask(key, queue)
          .catch((error: unknown) => {
            this.#deps.onError(error, `subscription ${this.#record.id}`);
            this.#record = { ...this.#record, lastError: `delivery stalled: ${String(error)}` };
            // The store failed: the task's next try waits a moment.
            return new Promise<void>((resolve) => setTimeout(resolve, 1_000));
          })
          .finally(() => {
            this.#retrying.delete(key);
            this.notify();
          }),
      );
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#woken || this.#stopped) return Promise.resolve();
    // On the clock, so that a virtual one moves retries and Retry-After waits in tests.
    return new Promise((resolve) => {
      const timer = this.#deps.clock.at(this.#deps.clock.now() + Math.max(0, ms), done);
      function done() {
        timer?.cancel();
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }

  #untilNextRetry(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const queue of this.#parked.values()) next = Math.min(next, queue[0]?.dueAt ?? next);
    return Math.min(idleCheckMs, next - this.#deps.clock.now());
  }

  /** Queues an event behind a task's parked ones; undefined if it was queued already. */
  #parkBehind(key: string, event: StoredEvent): ParkedDelivery | undefined {
    const parked: ParkedDelivery = {
      subscriptionId: this.#record.id,
      seq: event.seq,
      taskId: event.taskId,
      attempt: 0,
      dueAt: 0,
      lastError: null,
      dead: false,
    };
    return this.#queueParked(parked, key) ? parked : undefined;
  }

  /** A first attempt failed: park it for its retry, or dead when the schedule has none. */
  #parkFailed(key: string, event: StoredEvent, attempt: number, outcome: AttemptResult) {
    const lastError = outcome.error;
    const dueAt = this.#nextDue(attempt, outcome.retryAfterMs);
    const parked: ParkedDelivery = {
      subscriptionId: this.#record.id,
      seq: event.seq,
      taskId: event.taskId,
      attempt,
      dueAt: dueAt ?? 0,
      lastError,
      dead: dueAt === undefined,
    };
    if (!parked.dead) this.#queueParked(parked, key);
    return parked;
  }

  /** Inserts by seq (a replay or restart may bring earlier events); false if present. */
  #queueParked(parked: ParkedDelivery, key = groupOf(parked.seq, parked.taskId)): boolean {
    const queue = this.#parked.get(key);
    if (!queue) {
      this.#parked.set(key, [parked]);
      return true;
    }
    if (queue.some((p) => p.seq === parked.seq)) return false;
    const at = queue.findIndex((p) => p.seq > parked.seq);
    if (at < 0) queue.push(parked);
    else queue.splice(at, 0, parked);
    return true;
  }

  /** When the next attempt is due: when the receiver asked, else by the schedule. */
  #nextDue(attempt: number, retryAfter?: number): number | undefined {
    const now = this.#deps.clock.now();
    const scheduled = nextAttemptAt(this.#deps.policy, attempt, now, this.#deps.random());
    if (scheduled === undefined || retryAfter === undefined) return scheduled;
    return now + retryAfter;
  }

  /** Attempts one delivery; `gone` when the receiver said 410 and the subscription ended. */
  async #attempt(event: StoredEvent, attempt: number): Promise<AttemptResult> {
    const body = JSON.stringify(event.data);
    const id = webhookId(this.#record.id, event.seq);
    const at = new Date(this.#deps.clock.now());
    const headers = this.#deps.signer.headers(this.#record.secret, id, at, body);
    const outcome = await this.#deps.sender.send(this.#record.url, headers, body);
    this.attempts.add({
      seq: event.seq,
      taskId: event.taskId,
      attempt,
      status: outcome.status,
      latencyMs: outcome.latencyMs,
      error: outcome.error,
      at: this.#deps.clock.now(),
    });
    this.#deps.observe(outcome, event);
    if (outcome.status === 410) {
      this.#stopped = true;
      await this.#deps.gone(this.#record.id);
      return { kind: "gone", error: outcome.error };
    }
    await this.#judgeAnswer(outcome.status);
    if (outcome.error === null) {
      await this.#delivered();
      return { kind: "delivered", error: null };
    }
    const asked = outcome.status === 429 || outcome.status === 503;
    return {
      kind: "failed",
      error: outcome.error,
      retryAfterMs: asked ? retryAfterMs(outcome.retryAfter, this.#deps.clock.now()) : undefined,
    };
  }

  /**
   * What an answer says about the subscription beyond this delivery: 404 several times in a
   * row over at least ten minutes is a flow deleted without its DELETE (`gone`); 401 or 403
   * is a receiver refusing us (`failing` at once, with the reason); any other answer ends a
   * run of 404s.
   */
  async #judgeAnswer(status: number): Promise<void> {
    const record = this.#record;
    const now = this.#deps.clock.now();
    const delivering = record.status === "active" || record.status === "failing";
    if (status === 404) {
      const notFoundSince = record.notFoundSince ?? now;
      const notFoundCount = record.notFoundCount + 1;
      const gone =
        delivering && notFoundCount >= goneAfterNotFound && now - notFoundSince >= goneAfterMs;
      const reason = `HTTP 404 ${notFoundCount} times in a row since ${new Date(notFoundSince).toISOString()}: the flow is gone`;
      await this.update({
        notFoundSince,
        notFoundCount,
        ...(gone ? { status: "gone", lastError: reason } : {}),
      });
      return;
    }
    if (status !== 0 && record.notFoundCount > 0) {
      await this.update({ notFoundSince: null, notFoundCount: 0 });
    }
    if ((status === 401 || status === 403) && delivering) {
      const reason = status === 401 ? "Unauthorized" : "Forbidden";
      await this.update({
        status: "failing",
        failingSince: record.failingSince ?? now,
        lastError: `HTTP ${status} ${reason}: the receiver refuses our requests`,
      });
    }
  }

  async #delivered(): Promise<void> {
    const now = this.#deps.clock.now();
    if (this.#record.status === "failing") {
      await this.update({ status: "active", failingSince: null, lastDeliveryAt: now });
    } else {
      // Kept in memory; it is written with the next cursor move.
      this.#record = { ...this.#record, lastDeliveryAt: now };
    }
  }

  /** Delivers the head of every task whose next attempt is due, and what waits behind it. */
  /** Delivers a task's parked head, and what waits behind it, while they are due. */
  async #retryTask(key: string, queue: ParkedDelivery[]): Promise<void> {
    while (!this.#halted()) {
      const head = queue[0];
      if (!head || head.dueAt > this.#deps.clock.now()) return;
      const event = await this.#deps.feed.eventAt(this.#record.tenantId, head.seq);
      const attempt = head.attempt + 1;
      // An event that is no longer in the log has nothing left to deliver.
      const outcome: AttemptResult = event
        ? await this.#attempt(event, attempt)
        : { kind: "delivered", error: null };
      if (outcome.kind === "gone" || this.#stopped) return;
      if (outcome.kind === "delivered") {
        queue.shift();
        await this.#deps.store.deleteParked(this.#record.id, head.seq);
      } else {
        const dueAt = this.#nextDue(attempt, outcome.retryAfterMs);
        if (dueAt === undefined) {
          queue.shift();
          await this.#deps.store.parkDeliveries([
            { ...head, attempt, lastError: outcome.error, dead: true },
          ]);
          await this.#giveUp(outcome.error);
        } else {
          const next = { ...head, attempt, dueAt, lastError: outcome.error };
          queue[0] = next;
          await this.#deps.store.parkDeliveries([next]);
          return;
        }
      }
      // What waited behind is due now; a head with retries of its own keeps its time.
      const following = queue[0];
      if (following && following.attempt === 0) queue[0] = { ...following, dueAt: 0 };
      if (queue.length === 0) this.#parked.delete(key);
    }
  }

  /**
   * The last retry of a delivery failed: the subscription is failing, or disabled once it
   * has failed for longer than allowed. A pause, a suspension or `gone` stands; only the
   * error is recorded then.
   */
  async #giveUp(lastError: string | null): Promise<void> {
    const failingSince = this.#record.failingSince ?? this.#deps.clock.now();
    const { status } = this.#record;
    if (status === "paused" || status === "suspended" || status === "gone") {
      await this.update({ failingSince, lastError });
      return;
    }
    const tooLong = this.#deps.clock.now() - failingSince >= this.#deps.policy.disableAfterMs;
    await this.update({ status: tooLong ? "disabled" : "failing", failingSince, lastError });
  }

  async #disableIfFailingTooLong(): Promise<void> {
    const { status, failingSince } = this.#record;
    if (status !== "failing" || failingSince === null) return;
    if (this.#deps.clock.now() - failingSince >= this.#deps.policy.disableAfterMs) {
      await this.update({ status: "disabled" });
    }
  }
}
