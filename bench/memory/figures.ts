/** What `npm run bench -- memory` measures, and what it holds against the goal. */

/** Heap a waiting task may cost at most. */
export const goalBytesPerTask = 2_048;

export interface MemoryReadings {
  /** Live heap of the provisioned engine, warmed up, with no task. */
  readonly emptyHeapBytes: number;
  /** Live heap with every call waiting. */
  readonly waitingHeapBytes: number;
  /** Tasks live, and of them waiting in the queue, when the second reading was taken. */
  readonly liveTasks: number;
  readonly queuedTasks: number;
  readonly callsPerSecond: number;
  /** Errors the engine reported that nobody waited for (none are expected). */
  readonly errors: readonly string[];
}

export interface MemoryBenchFigures {
  readonly config: {
    readonly calls: number;
    readonly inFlight: number;
    readonly smoke: boolean;
    readonly node: string;
  };
  readonly method: string;
  readonly readings: MemoryReadings;
  readonly bytesPerWaitingTask: number;
  readonly goalBytesPerTask: number;
  /** Bytes per waiting task over the goal: at most 1 meets it. */
  readonly ratioToGoal: number;
  readonly failures: readonly string[];
}

export const method =
  "used V8 heap after repeated forced full collections, read for the empty engine and " +
  "again with every call waiting, in the same process; the difference over the calls";

export function computeFigures(
  config: MemoryBenchFigures["config"],
  readings: MemoryReadings,
): MemoryBenchFigures {
  const bytesPerWaitingTask = (readings.waitingHeapBytes - readings.emptyHeapBytes) / config.calls;
  const ratioToGoal = bytesPerWaitingTask / goalBytesPerTask;
  const failures: string[] = [];
  if (readings.liveTasks !== config.calls || readings.queuedTasks !== config.calls) {
    failures.push(
      `${config.calls} calls should wait: ${readings.liveTasks} live, ${readings.queuedTasks} queued`,
    );
  }
  if (readings.errors.length > 0) failures.push(`engine errors: ${readings.errors.join("; ")}`);
  // A few thousand tasks make a noisy figure: the smoke run checks the measurement only.
  if (!config.smoke && ratioToGoal > 1) {
    failures.push(
      `${Math.round(bytesPerWaitingTask)} bytes per waiting task, above the goal of ${goalBytesPerTask}`,
    );
  }
  return {
    config,
    method,
    readings,
    bytesPerWaitingTask,
    goalBytesPerTask,
    ratioToGoal,
    failures,
  };
}
