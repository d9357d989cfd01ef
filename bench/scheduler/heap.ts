/**
 * Memory after a forced full collection, so that two readings differ by what stayed alive.
 * `gc` is exposed at run time (V8 flag, then read from a fresh context), because the bench
 * runs through `tsx` without `--expose-gc`.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export interface MemoryReading {
  readonly heapUsedBytes: number;
  readonly rssBytes: number;
}

let collect: (() => void) | undefined;

function exposedGc(): () => void {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** Collects garbage twice (weak references and finalisers are cleared in the second pass). */
export function forceGc(): void {
  collect ??= exposedGc();
  collect();
  collect();
}

export function settledMemory(): MemoryReading {
  forceGc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsedBytes: heapUsed, rssBytes: rss };
}
