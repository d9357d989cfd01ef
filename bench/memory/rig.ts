/**
 * The engine as `serve` runs it — the embedded SQLite store (synchronous FULL), the system
 * clock, random UUIDs, the demo directory, and the delivery dispatcher that reads every
 * commit (its feed of recent events counts, as in the server) — with nobody signed in, so every call to the
 * support line waits in its queue. Its maximum queue time is an hour, so that no call
 * leaves while the heap is measured.
 */
import { randomUUID } from "node:crypto";
import { Dispatcher } from "../../src/delivery/dispatcher.ts";
import { httpSender } from "../../src/delivery/http-sender.ts";
import { retryPolicyFromEnv } from "../../src/delivery/retry-policy.ts";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import type { Directory } from "../../src/domain/model.ts";
import { systemClock } from "../../src/engine/clock.ts";
import { Engine } from "../../src/engine/engine.ts";
import type { Store } from "../../src/store/port.ts";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.ts";

export const tenantId = "demo";
export const serviceId = "service-support";
const maxQueueSeconds = 3_600;

/** The demo directory, its support line waiting an hour before a call leaves the queue. */
function benchDirectory(): Directory {
  const directory = demoDirectory();
  return {
    ...directory,
    services: directory.services.map((service) =>
      service.id === serviceId
        ? { ...service, routing: { ...service.routing, maxQueueSeconds } }
        : service,
    ),
  };
}

export interface Rig {
  readonly engine: Engine;
  readonly store: Store;
  readonly errors: string[];
  /** Stops the dispatcher and the engine, and closes the store. */
  close(): Promise<void>;
}

export async function openRig(file: string): Promise<Rig> {
  const errors: string[] = [];
  const record = (error: unknown, context: string) =>
    errors.push(`${context}: ${error instanceof Error ? error.message : String(error)}`);
  const store = openSqliteStore({ file, synchronous: "FULL" });
  const engine = await Engine.open({
    store,
    clock: systemClock,
    newId: randomUUID,
    onError: record,
    onFatal: (error) => record(error, "fatal"),
  });
  const policy = retryPolicyFromEnv({});
  const dispatcher = await Dispatcher.start({
    store,
    engine,
    clock: systemClock,
    sender: httpSender({ timeoutMs: policy.timeoutMs, allowPrivate: false }),
    policy,
    onError: record,
  });
  await engine.provision(benchDirectory());
  const close = async () => {
    await dispatcher.stop();
    await engine.close();
    await store.close();
  };
  return { engine, store, errors, close };
}

/** One call to the support line; resolves with its task id once durable. */
export async function call(engine: Engine, n: number): Promise<string> {
  const reply = await engine.execute(tenantId, {
    kind: "ReceiveInbound",
    modality: "Audio",
    to: "support@demo.cirrus.test",
    from: `+4179${String(n).padStart(7, "0")}`,
  });
  if (!("taskId" in reply)) throw new Error(`call ${n} was not received`);
  return reply.taskId;
}

/** Issues `count` calls, `inFlight` at a time. */
export async function callMany(
  engine: Engine,
  count: number,
  inFlight: number,
  first = 0,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += inFlight) {
    const size = Math.min(inFlight, count - start);
    const batch = Array.from({ length: size }, (_, i) => call(engine, first + start + i));
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

/** How many live tasks there are, and how many of them wait in the support queue. */
export function waitingCounts(engine: Engine): { live: number; queued: number } {
  const state = engine.requireState(tenantId);
  let queued = 0;
  for (const task of state.tasks.values()) if (task.status === "queued") queued++;
  const inQueue = state.queues.get(serviceId)?.length ?? 0;
  return { live: state.tasks.size, queued: Math.min(queued, inQueue) };
}
