/**
 * The delivery engine: one consumer per trigger subscription, fed by the engine's commits.
 * Registering, removing, pausing, resuming and replaying subscriptions go through here.
 */
import { randomUUID } from "node:crypto";
import { canSeeEventOf } from "../domain/access.ts";
import { DomainError } from "../domain/errors.ts";
import { assistantEventTypes, schedulerEntryEventTypes, taskEventTypes } from "../domain/events.ts";
import type { RevokedOwnerFlowMode } from "../domain/model.ts";
import type { Clock } from "../engine/clock.ts";
import type { Engine } from "../engine/engine.ts";
import type { Store, StoredEvent } from "../store/port.ts";
import {
  registerOperation,
  type SubscriptionFilter,
  type SubscriptionKind,
  type SubscriptionPatch,
  type SubscriptionRecord,
} from "../store/subscription-records.ts";
import { redactedUrl } from "./callback-url.ts";
import { Consumer } from "./consumer.ts";
import type { ConsumerDeps } from "./consumer-deps.ts";
import { CursorWriter } from "./cursor-writer.ts";
import { EventFeed } from "./event-feed.ts";
import type { DeliveryOutcome, Sender } from "./http-sender.ts";
import type { RetryPolicy } from "./retry-policy.ts";
import { newSigningSecret, Signer } from "./signing.ts";
import { namesService, serviceUpnOf } from "./subscription-filter.ts";
import {
  defaultSubscriptionLimits,
  limitVariables,
  type SubscriptionLimits,
} from "./subscription-limits.ts";

export interface DispatcherOptions {
  readonly store: Store;
  readonly engine: Engine;
  readonly clock: Clock;
  readonly sender: Sender;
  readonly policy: RetryPolicy;
  readonly random?: () => number;
  readonly observe?: (outcome: DeliveryOutcome, event: StoredEvent) => void;
  readonly onError?: (error: unknown, context: string) => void;
  /** How many subscriptions may exist; the defaults when not given. */
  readonly limits?: SubscriptionLimits;
}

export interface NewSubscription {
  readonly tenantId: string;
  readonly kind: SubscriptionKind;
  readonly ownerUserId: string;
  readonly url: string;
  readonly filter: SubscriptionFilter;
}

const typesOf: Readonly<Record<SubscriptionKind, ReadonlySet<string>>> = {
  task: new Set(taskEventTypes),
  scheduler: new Set<string>(schedulerEntryEventTypes),
  assistant: new Set<string>(assistantEventTypes),
};

export class Dispatcher {
  readonly #options: DispatcherOptions;
  readonly #feed: EventFeed;
  readonly #signer = new Signer();
  readonly #cursors: CursorWriter;
  readonly #consumers = new Map<string, Consumer>();
  #unsubscribe: (() => void) | undefined;
  #registering: Promise<unknown> = Promise.resolve();

  private constructor(options: DispatcherOptions) {
    this.#options = options;
    this.#feed = new EventFeed(options.store, () => options.engine.committedSeq);
    this.#cursors = new CursorWriter(options.store, (error) =>
      options.onError?.(error, "saving subscription cursors"),
    );
  }

  static async start(options: DispatcherOptions): Promise<Dispatcher> {
    const dispatcher = new Dispatcher(options);
    dispatcher.#unsubscribe = options.engine.onCommit((events) => dispatcher.#committed(events));
    for (const record of await options.store.listSubscriptions()) {
      await dispatcher.#startConsumer(record);
    }
    return dispatcher;
  }

  /**
   * Creates a subscription that receives events committed from now on. The same owner
   * registering the same callback URL (byte for byte) for the same kind again replaces the
   * filter of the one they have instead — the flow service registers again whenever a flow
   * is saved, and two subscriptions would deliver everything twice. Registrations run one
   * after another, so two at once cannot both create one.
   */
  register(input: NewSubscription): Promise<SubscriptionRecord> {
    const next = this.#registering.then(() => this.#register(input));
    this.#registering = next.catch(() => {});
    return next;
  }

  async #register(input: NewSubscription): Promise<SubscriptionRecord> {
    const existing = this.#sameFlow(input);
    if (existing) {
      const { status } = existing.record;
      // Registering again says the flow is alive: what stopped it on its own side is over.
      const revived = status === "failing" || status === "disabled";
      await existing.update({
        filter: input.filter,
        ...(revived ? { status: "active", failingSince: null } : {}),
      });
      return existing.record;
    }
    this.#checkLimits(input);
    const record: SubscriptionRecord = {
      ...input,
      id: randomUUID(),
      secret: newSigningSecret(),
      cursor: this.#options.engine.committedSeq,
      status: "active",
      lastError: null,
      lastDeliveryAt: null,
      failingSince: null,
      createdAt: this.#options.clock.now(),
      ownerLostAccessAt: null,
      notFoundSince: null,
      notFoundCount: 0,
    };
    await this.#options.store.insertSubscription(record);
    await this.#startConsumer(record);
    return record;
  }

  /** A 409 naming the limit a new subscription would exceed. */
  #checkLimits(input: NewSubscription): void {
    const limits = this.#options.limits ?? defaultSubscriptionLimits;
    const tenant = this.list(input.tenantId).map((c) => c.record);
    const callback = redactedUrl(input.url);
    const counts: Record<keyof SubscriptionLimits, number> = {
      perOwner: tenant.filter((r) => r.ownerUserId === input.ownerUserId).length,
      perTenant: tenant.length,
      perCallback: tenant.filter((r) => redactedUrl(r.url) === callback).length,
    };
    const what: Record<keyof SubscriptionLimits, [string, string]> = {
      perOwner: ["config", "triggers of yours, the most one owner may have"],
      perTenant: ["config", "triggers in this tenant, the most it may have"],
      perCallback: [
        "config.url",
        "triggers calling this URL's origin and path, the most one may have",
      ],
    };
    for (const key of ["perOwner", "perTenant", "perCallback"] as const) {
      if (counts[key] >= limits[key]) {
        const [field, text] = what[key];
        throw DomainError.conflict(
          `there are ${counts[key]} ${text} (${limitVariables[key]}=${limits[key]}); delete one first`,
          field,
        );
      }
    }
  }

  #sameFlow(input: NewSubscription): Consumer | undefined {
    for (const consumer of this.#consumers.values()) {
      const { record } = consumer;
      if (
        record.tenantId === input.tenantId &&
        record.kind === input.kind &&
        record.ownerUserId === input.ownerUserId &&
        record.url === input.url
      ) {
        return consumer;
      }
    }
    return undefined;
  }

  get(id: string): Consumer | undefined {
    return this.#consumers.get(id);
  }

  list(tenantId: string): Consumer[] {
    return [...this.#consumers.values()].filter((c) => c.record.tenantId === tenantId);
  }

  async pause(id: string): Promise<void> {
    await this.#require(id).update({ status: "paused" });
  }

  /** Back to delivering, whatever stopped it (a pause, or failing for too long). */
  async resume(id: string): Promise<void> {
    await this.#require(id).update({
      status: "active",
      failingSince: null,
      notFoundSince: null,
      notFoundCount: 0,
    });
  }

  /**
   * Marks the tenant's flows whose owner lost access (`ownerLostAccessAt`), or no longer
   * has, and suspends or resumes them as the tenant's setting says.
   */
  async reviewOwners(
    tenantId: string,
    mode: RevokedOwnerFlowMode,
    ownerMayKeep: (record: SubscriptionRecord) => boolean,
  ): Promise<void> {
    const now = this.#options.clock.now();
    for (const consumer of this.list(tenantId)) {
      const { record } = consumer;
      const lost = !ownerMayKeep(record);
      const patch: SubscriptionPatch = {};
      if (lost && record.ownerLostAccessAt === null)
        Object.assign(patch, { ownerLostAccessAt: now });
      if (!lost && record.ownerLostAccessAt !== null)
        Object.assign(patch, { ownerLostAccessAt: null });
      const suspend = lost && mode === "suspend";
      if (suspend && (record.status === "active" || record.status === "failing")) {
        Object.assign(patch, { status: "suspended" });
      }
      if (!suspend && record.status === "suspended") Object.assign(patch, { status: "active" });
      if (Object.keys(patch).length > 0) await consumer.update(patch);
    }
  }

  /** Gives a flow to another owner (who must be allowed to own it: the caller checks). */
  async reassign(id: string, ownerUserId: string): Promise<void> {
    await this.#require(id).update({ ownerUserId });
  }

  /** Delivers every matching event from `fromSeq` on again (receivers de-duplicate by id). */
  replay(id: string, fromSeq: number): void {
    this.#require(id).rewind(Math.max(0, fromSeq - 1));
  }

  #require(id: string): Consumer {
    const consumer = this.#consumers.get(id);
    if (!consumer) throw new Error(`no subscription ${id}`);
    return consumer;
  }

  /** Stops and deletes a subscription; false if there was none. */
  async remove(id: string): Promise<boolean> {
    const consumer = this.#consumers.get(id);
    this.#consumers.delete(id);
    this.#cursors.forget(id);
    if (consumer) {
      this.#signer.forget(consumer.record.secret);
      void consumer.stop();
    }
    return this.#options.store.deleteSubscription(id);
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await Promise.all([...this.#consumers.values()].map((c) => c.stop()));
    await this.#cursors.stop();
    await this.#options.sender.close();
  }

  async #startConsumer(record: SubscriptionRecord): Promise<void> {
    const parked = await this.#options.store.listParked(record.id);
    const consumer = new Consumer(record, parked, this.#deps(record.kind));
    this.#consumers.set(record.id, consumer);
    consumer.start();
  }

  #deps(kind: SubscriptionKind): ConsumerDeps {
    const { store, clock, sender, policy } = this.#options;
    return {
      store,
      feed: this.#feed,
      cursors: this.#cursors,
      sender,
      signer: this.#signer,
      clock,
      policy,
      random: this.#options.random ?? Math.random,
      types: typesOf[kind],
      visible: (subscription, event) => this.#visible(subscription, event),
      gone: async (id) => {
        await this.remove(id);
      },
      observe: this.#options.observe ?? (() => {}),
      onError: this.#options.onError ?? (() => {}),
    };
  }

  /**
   * What the owner may see goes out. An owner who lost access to a service they registered
   * the flow for (a role taken away) does not silence it: as the seed says, their flows keep
   * firing for the services they registered — checked when they did.
   */
  #visible(subscription: SubscriptionRecord, event: StoredEvent): boolean {
    const state = this.#options.engine.state(subscription.tenantId);
    if (!state) return false;
    // A scheduler entry's or the assistant's payload names no service id; its detail does.
    const data = event.data as { serviceId?: string };
    const detail = event.detail as { serviceId?: string } | null;
    const serviceId = data.serviceId ?? detail?.serviceId;
    const owner = state.directory.usersById.get(subscription.ownerUserId);
    const operation = registerOperation[subscription.kind];
    if (
      owner &&
      canSeeEventOf(state.directory, owner, operation, { ...(serviceId ? { serviceId } : {}) })
    ) {
      return true;
    }
    return namesService(subscription.filter, serviceUpnOf(event));
  }

  #committed(events: readonly StoredEvent[]): void {
    this.#feed.push(events);
    const tenants = new Set(events.map((e) => e.tenantId));
    for (const consumer of this.#consumers.values()) {
      if (tenants.has(consumer.record.tenantId)) consumer.notify();
    }
  }
}
