/**
 * The load: every agent long-polls for an offer, accepts it and hangs the task up (as the
 * gateway would when the caller leaves); every caller worker places a call and waits until
 * that task is hung up before the next, so at most one call per worker is in flight. A
 * warm-up precedes the measured window; afterwards the callers stop and the agents finish
 * the tasks still open.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { ApiClient, ApiResponse } from "../test/support/api-client.ts";
import { serviceUpn } from "./fixture.ts";
import type { Credentials } from "./provision.ts";
import type { ServerReading } from "./server-probe.ts";
import { type CallKind, CallStats } from "./stats.ts";
import { TaskTracker } from "./task-tracker.ts";

export type LoadPhase = "warm-up" | "measure" | "drain";

export interface LoadTick {
  readonly phase: LoadPhase;
  readonly elapsedMs: number;
  readonly tasks: number;
}

export interface LoadPlan {
  readonly client: ApiClient;
  readonly credentials: Credentials;
  readonly callers: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Reads the server's counters; called as the measured window opens and as it closes. */
  readonly read: () => Promise<ServerReading>;
  readonly onTick?: (tick: LoadTick) => void;
}

export interface LoadResult {
  readonly before: ServerReading;
  readonly after: ServerReading;
  /** Tasks whose hang-up was acknowledged within the measured window. */
  readonly tasksInWindow: number;
  readonly tasksTotal: number;
  readonly stats: CallStats;
}

interface Offer {
  readonly id: string;
  readonly taskId: string;
}

/** How long a caller waits for its task to be hung up before counting an error. */
const taskTimeoutMs = 10_000;
const longPollMs = 1000;

class Driver {
  readonly stats = new CallStats();
  readonly tracker = new TaskTracker();
  phase: LoadPhase = "warm-up";
  stopCallers = false;
  stopAgents = false;
  tasksTotal = 0;
  tasksInWindow = 0;
  readonly #client: ApiClient;

  constructor(client: ApiClient) {
    this.#client = client;
  }

  get measuring(): boolean {
    return this.phase === "measure";
  }

  /** One timed API call; undefined (and an error counted) unless it answered 2xx. */
  async call<T>(
    kind: CallKind,
    method: "GET" | "POST",
    path: string,
    token: string,
    body?: unknown,
  ): Promise<ApiResponse<T> | undefined> {
    const started = performance.now();
    try {
      const response = await this.#client.request<T>(method, path, token, body);
      if (response.status >= 200 && response.status < 300) {
        if (this.measuring) this.stats.sample(kind, performance.now() - started);
        return response;
      }
      this.stats.error(kind, `HTTP ${response.status} ${JSON.stringify(response.body)}`);
    } catch (error) {
      this.stats.error(kind, error instanceof Error ? error.message : String(error));
    }
    return undefined;
  }

  taskDone(taskId: string): void {
    this.tracker.done(taskId);
    this.tasksTotal++;
    if (this.measuring) this.tasksInWindow++;
  }
}

async function agentLoop(d: Driver, token: string, gatewayToken: string): Promise<void> {
  while (!d.stopAgents) {
    const polled = await d.call<{ offers: Offer[] }>(
      "offers",
      "GET",
      `/api/agent/offers?waitMs=${longPollMs}`,
      token,
    );
    const offer = polled?.body.offers[0];
    if (!offer) {
      if (!polled) await sleep(10);
      continue;
    }
    const accept = `/api/agent/offers/${encodeURIComponent(offer.id)}/accept`;
    if (!(await d.call("accept", "POST", accept, token))) continue;
    const hangup = `/api/ingress/tasks/${encodeURIComponent(offer.taskId)}/hangup`;
    if (await d.call("hangup", "POST", hangup, gatewayToken)) d.taskDone(offer.taskId);
  }
}

async function callerLoop(d: Driver, worker: number, gatewayToken: string): Promise<void> {
  for (let n = 0; !d.stopCallers; n++) {
    const from = `+4179${String(worker % 1000).padStart(3, "0")}${String(n % 10_000).padStart(4, "0")}`;
    const started = performance.now();
    const created = await d.call<{ taskId: string }>(
      "calls",
      "POST",
      "/api/ingress/calls",
      gatewayToken,
      {
        to: serviceUpn,
        from,
      },
    );
    if (!created) {
      await sleep(10);
      continue;
    }
    const { taskId } = created.body;
    if (await d.tracker.wait(taskId, taskTimeoutMs)) {
      if (d.measuring) d.stats.sample("task", performance.now() - started);
    } else {
      d.stats.error("task", `task ${taskId} not hung up within ${taskTimeoutMs} ms`);
    }
  }
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const d = new Driver(plan.client);
  const { gatewayToken, agentTokens } = plan.credentials;
  const started = performance.now();
  const ticker = setInterval(() => {
    plan.onTick?.({ phase: d.phase, elapsedMs: performance.now() - started, tasks: d.tasksTotal });
  }, 200);
  try {
    const agents = agentTokens.map((token) => agentLoop(d, token, gatewayToken));
    const callers = Array.from({ length: plan.callers }, (_, i) => callerLoop(d, i, gatewayToken));
    await sleep(plan.warmupMs);
    const before = await plan.read();
    d.phase = "measure";
    await sleep(Math.max(0, plan.measureMs - (performance.now() - before.at)));
    const after = await plan.read();
    d.phase = "drain";
    d.stopCallers = true;
    await Promise.all(callers);
    d.stopAgents = true;
    await Promise.all(agents);
    return {
      before,
      after,
      tasksInWindow: d.tasksInWindow,
      tasksTotal: d.tasksTotal,
      stats: d.stats,
    };
  } finally {
    clearInterval(ticker);
  }
}
