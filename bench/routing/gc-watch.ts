/**
 * Garbage-collection pauses during a phase, from perf_hooks `gc` entries: a slow decision's
 * time may be a pause rather than routing work. Entries arrive after the synchronous phase
 * ends, so `stop` waits a moment (a timer; one setImmediate is not enough) before counting.
 */
import { constants, PerformanceObserver } from "node:perf_hooks";

export interface GcFigures {
  readonly pauses: number;
  readonly ms: number;
  readonly majorPauses: number;
  readonly majorMs: number;
  readonly longestMs: number;
}

export function watchGc(): { stop(): Promise<GcFigures> } {
  let pauses = 0;
  let ms = 0;
  let majorPauses = 0;
  let majorMs = 0;
  let longestMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      pauses++;
      ms += entry.duration;
      longestMs = Math.max(longestMs, entry.duration);
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        majorPauses++;
        majorMs += entry.duration;
      }
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    async stop() {
      await new Promise((resolve) => setTimeout(resolve, 20));
      observer.disconnect();
      return { pauses, ms, majorPauses, majorMs, longestMs };
    },
  };
}
