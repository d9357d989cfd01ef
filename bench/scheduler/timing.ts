/** Waiting for a wall-clock moment, and the process's CPU time over a stretch of it. */

/** Resolves at `at` (epoch ms), or at once if it has passed. */
export function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}

/** CPU time (user + system, every thread) in ms since `since`, a `process.cpuUsage()`. */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

/** ms of CPU per second of wall time. */
export function cpuPerSecond(cpuMs: number, wallMs: number): number {
  return wallMs > 0 ? cpuMs / (wallMs / 1000) : 0;
}
