/**
 * The heap after forced full collections, so that two readings differ by what stayed alive.
 * `gc` is exposed at run time (V8 flag, then read from a fresh context), because the bench
 * runs through `tsx` without `--expose-gc`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | undefined;

function exposedGc(): () => void {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/**
 * Bytes of live heap: collections repeat (letting pending callbacks and finalisers run
 * between them) until a pass frees less than 64 KiB, at most eight times.
 */
export async function settledHeapBytes(): Promise<number> {
  collect ??= exposedGc();
  let used = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 8; pass++) {
    await sleep(10);
    collect();
    const now = getHeapStatistics().used_heap_size;
    const freed = used - now;
    used = now;
    if (freed < 64 * 1024) break;
  }
  return used;
}
