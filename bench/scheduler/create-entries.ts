/**
 * Pending entries created through the engine, as the connector's CreateSchedulerEntry does:
 * `inFlight` commands issued in one go, so that group commit writes them in one
 * transaction, and the next chunk once they are all durable.
 */
import type { EntryWrite } from "../../src/domain/scheduler.ts";
import type { Engine } from "../../src/engine/engine.ts";

export const benchTenant = "demo";
export const benchService = "service-support";

/**
 * One attempt that nobody takes: its task waits in the queue for the rest of the run rather
 * than time out and schedule anything else.
 */
export function entryWrite(dueAt: number, n: number): EntryWrite {
  return {
    serviceId: benchService,
    destination: `+4179${String(n % 10_000_000).padStart(7, "0")}`,
    priority: "Normal",
    dueAt,
    maxAttempts: 1,
    attemptTimeoutSeconds: 86_400,
    maxQueueSeconds: 3_600,
    ronaSeconds: 20,
    parameters: [],
    retryDelaySeconds: 60,
    createdBy: "user-admin",
  };
}

/** Creates one entry per due date and stores its id at the same index of `ids`. */
export async function createEntries(
  engine: Engine,
  dueAts: Float64Array,
  ids: string[],
  inFlight: number,
  onProgress: (created: number) => void,
): Promise<void> {
  for (let start = 0; start < dueAts.length; start += inFlight) {
    const end = Math.min(dueAts.length, start + inFlight);
    const chunk: Promise<void>[] = [];
    for (let i = start; i < end; i++) {
      const entry = entryWrite(dueAts[i] ?? 0, i);
      chunk.push(
        engine.execute(benchTenant, { kind: "CreateSchedulerEntry", entry }).then((reply) => {
          if (!("entryId" in reply)) throw new Error("CreateSchedulerEntry gave no entryId");
          ids[i] = reply.entryId;
        }),
      );
    }
    await Promise.all(chunk);
    onProgress(end);
  }
}
