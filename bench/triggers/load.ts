/**
 * The load: tasks without agents. Each task is `POST /api/ingress/calls` (WorkflowStarted,
 * SystemAccepted, InQueue) and, once that is acknowledged, `POST …/hangup` (QueueLeft,
 * Terminated). Every request's send and acknowledgement times are kept: they bracket the
 * commit of the events it produced.
 */
import type { ApiClient } from "../../test/support/api-client.ts";
import { serviceUpn } from "../fixture.ts";
import { nowMs, pause } from "./time.ts";

export interface TaskTimes {
  readonly taskId: string;
  readonly callSent: number;
  readonly callAcked: number;
  hangupSent: number;
  /** The wall clock (epoch ms) as the hang-up was sent, to compare with `terminated`. */
  hangupSentWall: number;
  /** NaN until the hang-up was acknowledged (and for ever if it failed). */
  hangupAcked: number;
}

type Posted<T> = { readonly ok: true; readonly body: T } | { readonly ok: false };

export class TaskLog {
  readonly tasks = new Map<string, TaskTimes>();
  started = 0;
  errors = 0;
  readonly firstErrors: string[] = [];
  #serial = 0;
  readonly #client: ApiClient;
  readonly #token: string;

  constructor(client: ApiClient, gatewayToken: string) {
    this.#client = client;
    this.#token = gatewayToken;
  }

  /** One task: the call, then its hang-up. */
  async run(): Promise<void> {
    this.started++;
    const n = this.#serial++;
    const from = `+4178${String(n % 10_000_000).padStart(7, "0")}`;
    const callSent = nowMs();
    const created = await this.#post<{ taskId: string }>("/api/ingress/calls", 201, {
      to: serviceUpn,
      from,
    });
    if (!created.ok) return;
    const times: TaskTimes = {
      taskId: created.body.taskId,
      callSent,
      callAcked: nowMs(),
      hangupSent: Number.NaN,
      hangupSentWall: Number.NaN,
      hangupAcked: Number.NaN,
    };
    this.tasks.set(times.taskId, times);
    times.hangupSentWall = Date.now();
    times.hangupSent = nowMs();
    const hangup = `/api/ingress/tasks/${encodeURIComponent(times.taskId)}/hangup`;
    if ((await this.#post(hangup, 204)).ok) times.hangupAcked = nowMs();
  }

  async #post<T>(path: string, status: number, body?: unknown): Promise<Posted<T>> {
    try {
      const response = await this.#client.request<T>("POST", path, this.#token, body);
      if (response.status === status) return { ok: true, body: response.body };
      this.#error(`${path}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    } catch (error) {
      this.#error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { ok: false };
  }

  #error(line: string): void {
    this.errors++;
    if (this.firstErrors.length < 5) this.firstErrors.push(line);
  }
}

export interface PacedResult {
  /** Most tasks the generator was ever behind its schedule (it stops at `maxInFlight`). */
  readonly maxBehind: number;
}

/** Starts `perSecond` tasks a second, open loop, until `endAt`; then waits for them. */
export async function pacedLoad(
  log: TaskLog,
  perSecond: number,
  endAt: number,
  maxInFlight: number,
): Promise<PacedResult> {
  const start = nowMs();
  const running = new Set<Promise<void>>();
  let started = 0;
  let maxBehind = 0;
  for (let now = start; now < endAt; now = nowMs()) {
    const due = Math.floor(((now - start) * perSecond) / 1000) + 1;
    while (started < due && running.size < maxInFlight) {
      started++;
      const task = log.run().finally(() => running.delete(task));
      running.add(task);
    }
    maxBehind = Math.max(maxBehind, due - started);
    await pause(1);
  }
  await Promise.all(running);
  return { maxBehind };
}

export interface MaxResult {
  /** Times a caller worker had to wait for the deliveries to catch up. */
  readonly heldBack: number;
}

/**
 * As fast as it goes: `workers` loops of one task after another until `endAt`, each first
 * waiting while more than `bound` deliveries are outstanding, so the backlog stays bounded.
 */
export async function maxLoad(
  log: TaskLog,
  workers: number,
  endAt: number,
  outstanding: () => number,
  bound: number,
): Promise<MaxResult> {
  let heldBack = 0;
  const worker = async () => {
    while (nowMs() < endAt) {
      if (outstanding() > bound) {
        heldBack++;
        while (outstanding() > bound && nowMs() < endAt) await pause(1);
        continue;
      }
      await log.run();
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return { heldBack };
}
