/** The memory benchmark's report, as printed. */
import type { MemoryBenchFigures } from "./figures.ts";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const whole = (n: number) => Math.round(n).toLocaleString("en-US");

export function formatMemoryReport(figures: MemoryBenchFigures): string {
  const { config, readings } = figures;
  const lines = [
    `Memory per waiting task (${config.smoke ? "smoke, goal not asserted" : "full run"})`,
    `  calls waiting           ${whole(config.calls)} (${whole(readings.queuedTasks)} queued, ${whole(readings.liveTasks)} live)`,
    `  issued at               ${whole(readings.callsPerSecond)} calls/s, ${config.inFlight} in flight`,
    `  heap, empty engine      ${mb(readings.emptyHeapBytes)}`,
    `  heap, calls waiting     ${mb(readings.waitingHeapBytes)}`,
    `  per waiting task        ${whole(figures.bytesPerWaitingTask)} bytes`,
    `  goal                    ≤ ${whole(figures.goalBytesPerTask)} bytes: ratio ${figures.ratioToGoal.toFixed(2)}`,
    `  method                  ${figures.method}`,
    `  node                    ${config.node}`,
    "",
    figures.failures.length === 0
      ? "Result: OK"
      : `Result: FAILED\n${figures.failures.map((f) => `  - ${f}`).join("\n")}`,
    "",
  ];
  return lines.join("\n");
}
