/**
 * The engine: one command loop per tenant over the pure domain. A command is decided at
 * once against the tenant's live state; its events join the open group-commit batch and the
 * caller is answered when they are durable. Timers are derived from events. On start, and
 * after a failed write, every tenant is rebuilt from the store.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Command, CommandReply } from "../domain/commands.ts";
import { decide } from "../domain/decide.ts";
import { indexDirectory } from "../domain/directoryIndex.ts";
import { checkDirectory } from "../domain/directoryRules.ts";
import { DomainError } from "../domain/errors.ts";
import type { Directory } from "../domain/model.ts";
import { snapshotOf } from "../domain/snapshot.ts";
import { replaceDirectory, type TenantState } from "../domain/state.ts";
import { pendingTimers, type Timer, timerChangeOf } from "../domain/timers.ts";
import { workflowIdOf } from "../domain/workflow/catalog.ts";
import type { CollectOutcome } from "../domain/workflow/interpreter.ts";
import { type PendingRequest, pendingRequests, requestOf } from "../domain/workflow/requests.ts";
import type { Snapshot, Store, StoredEvent } from "../store/port.ts";
import { WriterLockError } from "../store/writer-lock-error.ts";
import type { Clock } from "./clock.ts";
import { toRow } from "./event-rows.ts";
import { GroupCommit } from "./group-commit.ts";
import { loadTenant, loadWorkflowCatalog, type TenantRuntime } from "./tenant-runtime.ts";
import { TimerQueue } from "./timer-queue.ts";

export interface EngineOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Events of a tenant between two snapshots of its state, at least; 10,000 unless set. */
  readonly snapshotEvery?: number;
  /**
   * A large state waits for more: this many events per task, scheduler entry and user it
   * holds (10 unless set), so that copying it stays a small share of the work.
   */
  readonly snapshotEventsPerItem?: number;
  /** Errors nobody waits for, e.g. of a command a timer issued. */
  readonly onError?: (error: unknown, context: string) => void;
  /** The engine stopped for good, e.g. another process took over the store. */
  readonly onFatal?: (error: unknown) => void;
  /**
   * Runs Collect Information's HTTP requests; never rejects. Without it such requests are
   * not sent and their waits time out.
   */
  readonly collect?: (request: PendingRequest["request"]) => Promise<CollectOutcome>;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => {});
}

/** How long a command waits for a recovery before it is answered "unavailable". */
const recoveryPatienceMs = 5_000;

export type CommitListener = (events: readonly StoredEvent[], durationMs: number) => void;

/**
 * Events a tenant's state waits for before its next snapshot: `every`, or `perItem` events
 * per task, scheduler entry and user it holds when that is more. Copying a state costs in
 * proportion to its size; so does the wait, which keeps the copying a small share.
 */
export function snapshotThreshold(state: TenantState, every: number, perItem: number): number {
  return Math.max(every, perItem * (state.tasks.size + state.entries.size + state.users.size));
}

export class Engine {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #newId: () => string;
  readonly #snapshotEvery: number;
  readonly #snapshotEventsPerItem: number;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #onFatal: (error: unknown) => void;
  readonly #collect: EngineOptions["collect"];
  /** Waits whose request is out, so that a recovery does not send it twice. */
  readonly #inFlight = new Set<string>();
  /** Serialises recoveries and provisioning, which both replace tenant runtimes. */
  #exclusive: Promise<unknown> = Promise.resolve();
  /** Cuts a recovery's backoff short when the engine closes. */
  readonly #closing = new AbortController();
  #tenants = new Map<string, TenantRuntime>();
  readonly #listeners = new Set<CommitListener>();
  readonly #commit: GroupCommit;
  #seq = 0;
  #committedSeq = 0;
  #recovering: Promise<void> | undefined;
  #closed = false;

  private constructor(options: EngineOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#newId = options.newId;
    this.#snapshotEvery = options.snapshotEvery ?? 10_000;
    this.#snapshotEventsPerItem = options.snapshotEventsPerItem ?? 10;
    this.#onError = options.onError ?? (() => {});
    this.#onFatal = options.onFatal ?? (() => {});
    this.#collect = options.collect;
    this.#commit = new GroupCommit({
      write: (batch) => this.#store.append(batch),
      snapshotsDue: () => this.#snapshotsDue(),
      committed: (events, ms) => {
        this.#committedSeq = events.at(-1)?.seq ?? this.#committedSeq;
        for (const listener of this.#listeners) {
          try {
            listener(events, ms);
          } catch (error) {
            this.#onError(error, "commit listener");
          }
        }
      },
      failed: (error) => this.#writeFailed(error),
      now: () => performance.now(),
    });
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const engine = new Engine(options);
    await options.store.lockWriter();
    await engine.#loadAll();
    return engine;
  }

  /** The newest event decided, durable or about to be. */
  get lastSeq(): number {
    return this.#seq;
  }

  /** The newest event known to be durable. */
  get committedSeq(): number {
    return this.#committedSeq;
  }

  tenantIds(): string[] {
    return [...this.#tenants.keys()];
  }

  /** The live state of a tenant, for queries. Callers must not change it. */
  state(tenantId: string): TenantState | undefined {
    return this.#tenants.get(tenantId)?.state;
  }

  /** The live state of a tenant that must exist; a 404 naming `tenantId` otherwise. */
  requireState(tenantId: string): TenantState {
    const state = this.state(tenantId);
    if (!state) throw DomainError.notFound("tenantId", `no tenant ${tenantId}`);
    return state;
  }

  onCommit(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Decides the command and resolves with its reply once its events are durable. */
  async execute(tenantId: string, command: Command): Promise<CommandReply> {
    await this.#ready();
    const runtime = this.#tenants.get(tenantId);
    if (!runtime) throw DomainError.notFound("tenantId", `no tenant ${tenantId}`);
    let decided: ReturnType<typeof decide>;
    try {
      decided = decide(runtime.state, command, { now: this.#clock.now(), newId: this.#newId });
    } catch (error) {
      // A domain error is thrown before any event; anything else may have left the state
      // half-changed, so rebuild it from what is durable.
      if (!(error instanceof DomainError)) this.#recover();
      throw error;
    }
    const { events, reply } = decided;
    // A reply without events still rests on the state before it: wait until that is durable.
    if (events.length === 0) {
      await this.#commit.barrier();
      return reply;
    }
    const rows = events.map((event) => toRow(++this.#seq, tenantId, event));
    for (const event of events) {
      const change = timerChangeOf(event);
      for (const id of change.clear) this.#clearTimer(runtime, id);
      for (const timer of change.set) this.#setTimer(runtime, timer);
    }
    runtime.eventsSinceSnapshot += rows.length;
    await this.#commit.add(rows);
    // Requests go out once the wait they answer is durable.
    for (const event of events) {
      const request = requestOf(event);
      if (request) this.#send(tenantId, request);
    }
    return reply;
  }

  /** Creates a tenant, or replaces its directory, and starts routing for it. */
  async provision(directory: Directory): Promise<void> {
    checkDirectory(directory);
    await this.#ready();
    let redistribute = false;
    await this.#serially(async () => {
      if (this.#closed) throw DomainError.unavailable("the engine is shutting down");
      await this.#store.saveDirectory(directory);
      const existing = this.#tenants.get(directory.tenant.id);
      if (existing) {
        replaceDirectory(existing.state, indexDirectory(directory));
        redistribute = true;
        return;
      }
      const runtime = await loadTenant(this.#store, directory);
      this.#tenants.set(runtime.tenantId, runtime);
      this.#armTimers(runtime);
    });
    // New members may take what waits in the queues now.
    if (redistribute) await this.execute(directory.tenant.id, { kind: "Redistribute" });
  }

  /**
   * Reads the tenant's workflows and assignments from the store again: new tasks start with
   * what is assigned now; live tasks keep the version they started with.
   */
  async reloadWorkflows(tenantId: string): Promise<void> {
    await this.#ready();
    await this.#serially(async () => {
      const runtime = this.#tenants.get(tenantId);
      if (runtime) runtime.state.workflows = await loadWorkflowCatalog(this.#store, tenantId);
    });
  }

  /** Timers of the tenant set and not yet fired or cleared. */
  timersPending(tenantId: string): number {
    return this.#tenants.get(tenantId)?.timers?.size ?? 0;
  }

  /** How many live tasks of the tenant run some version of the workflow. */
  tasksRunning(tenantId: string, workflowId: string): number {
    let count = 0;
    for (const task of this.state(tenantId)?.tasks.values() ?? []) {
      if (task.workflow !== null && workflowIdOf(task.workflow) === workflowId) count++;
    }
    return count;
  }

  /** Resolves once every command decided so far has been written (or has failed). */
  drained(): Promise<void> {
    return this.#commit.drained();
  }

  /** Waits for every accepted command to be written, then stops all timers. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#closing.abort();
    await this.#commit.drained();
    while (this.#recovering) await this.#recovering;
    for (const runtime of this.#tenants.values()) this.#stopTimers(runtime);
  }

  /** Waits out a recovery, for a while; then, or once closed, the engine is unavailable. */
  async #ready(): Promise<void> {
    const deadline = Date.now() + recoveryPatienceMs;
    while (this.#recovering && !this.#closed && Date.now() < deadline) {
      const waited = new AbortController();
      const signal = AbortSignal.any([waited.signal, this.#closing.signal]);
      await Promise.race([this.#recovering, pause(deadline - Date.now(), signal)]);
      waited.abort();
    }
    if (this.#closed) throw DomainError.unavailable("the engine is shutting down");
    if (this.#recovering) {
      throw DomainError.unavailable("the store is unavailable; recovery is being retried");
    }
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#exclusive.then(work, work);
    this.#exclusive = run.catch(() => {});
    return run;
  }

  /** What a failed write means for the engine, and for the commands that waited on it. */
  #writeFailed(error: unknown): DomainError {
    if (error instanceof WriterLockError) {
      // Another process may be writing: stop at once rather than fork the log.
      this.#closed = true;
      this.#closing.abort();
      for (const runtime of this.#tenants.values()) this.#stopTimers(runtime);
      this.#onFatal(error);
    } else {
      this.#recover();
    }
    const reason = error instanceof Error ? error.message : String(error);
    return DomainError.unavailable(`the command's events were not written (${reason})`, error);
  }

  /** Rebuilds every tenant from the store once pending writes have settled; retries until done. */
  #recover(): void {
    if (this.#recovering) return;
    this.#recovering = this.#serially(async () => {
      await this.#commit.drained();
      for (let attempt = 0; !this.#closed; attempt++) {
        try {
          await this.#loadAll();
          return;
        } catch (error) {
          this.#onError(error, `recovery attempt ${attempt + 1}`);
          await pause(Math.min(100 * 2 ** attempt, 5_000), this.#closing.signal);
        }
      }
    }).finally(() => {
      this.#recovering = undefined;
    });
  }

  /** Loads every tenant, then swaps them in at once: a failed load leaves the old state. */
  async #loadAll(): Promise<void> {
    const seq = await this.#store.maxSeq();
    const loaded = new Map<string, TenantRuntime>();
    for (const tenant of await this.#store.listTenants()) {
      const directory = await this.#store.loadDirectory(tenant.id);
      if (directory) loaded.set(tenant.id, await loadTenant(this.#store, directory));
    }
    for (const runtime of this.#tenants.values()) this.#stopTimers(runtime);
    this.#tenants = loaded;
    this.#seq = seq;
    this.#committedSeq = seq;
    // Only now, with `seq` known, may an overdue timer issue a command.
    for (const runtime of loaded.values()) this.#armTimers(runtime);
  }

  #armTimers(runtime: TenantRuntime): void {
    for (const timer of pendingTimers(runtime.state)) this.#setTimer(runtime, timer);
    // Requests in flight when the process stopped are sent again: receivers see them twice.
    for (const request of pendingRequests(runtime.state, this.#clock.now())) {
      this.#send(runtime.tenantId, request);
    }
  }

  /** Sends a request unless it is in flight already or its task no longer waits for it. */
  #send(tenantId: string, { taskId, waitId, request }: PendingRequest): void {
    const collect = this.#collect;
    if (!collect || this.#closed || this.#inFlight.has(waitId)) return;
    if (this.state(tenantId)?.tasks.get(taskId)?.wait?.waitId !== waitId) return;
    this.#inFlight.add(waitId);
    collect(request)
      .then((outcome) => {
        this.#inFlight.delete(waitId);
        if (this.#closed) return;
        return this.execute(tenantId, { kind: "CompleteRequest", taskId, waitId, outcome });
      })
      .catch((error) => {
        this.#inFlight.delete(waitId);
        if (!this.#closed) this.#onError(error, `request of task ${taskId}`);
      });
  }

  /** The runtime's timers, created with it: a due timer issues its command. */
  #timersOf(runtime: TenantRuntime): TimerQueue {
    runtime.timers ??= new TimerQueue(this.#clock, (timer) => {
      this.execute(runtime.tenantId, { kind: "FireTimer", timer: timer.ref }).catch((error) => {
        // The timer is set again when the state is rebuilt after a failed write.
        if (!this.#closed) this.#onError(error, `timer ${timer.id}`);
      });
    });
    return runtime.timers;
  }

  #setTimer(runtime: TenantRuntime, timer: Timer): void {
    this.#timersOf(runtime).set(timer);
  }

  #clearTimer(runtime: TenantRuntime, id: string): void {
    runtime.timers?.clear(id);
  }

  #stopTimers(runtime: TenantRuntime): void {
    runtime.timers?.stop();
  }

  #snapshotsDue(): Snapshot[] {
    const due: Snapshot[] = [];
    for (const runtime of this.#tenants.values()) {
      const threshold = snapshotThreshold(
        runtime.state,
        this.#snapshotEvery,
        this.#snapshotEventsPerItem,
      );
      if (runtime.eventsSinceSnapshot < threshold) continue;
      runtime.eventsSinceSnapshot = 0;
      due.push({
        tenantId: runtime.tenantId,
        seq: this.#seq,
        state: structuredClone(snapshotOf(runtime.state)),
      });
    }
    return due;
  }
}
