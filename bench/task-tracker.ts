/**
 * Joins the two sides of a task: the caller worker waits for the hang-up of the task it
 * created. The agent side may finish a task before the caller has even seen its id (the
 * offer is committed with the call), so completions may arrive before the wait.
 */
export class TaskTracker {
  readonly #waiting = new Map<string, () => void>();
  readonly #doneEarly = new Set<string>();

  /** The task was hung up (the hang-up returned 204). */
  done(taskId: string): void {
    const resolve = this.#waiting.get(taskId);
    if (resolve) {
      this.#waiting.delete(taskId);
      resolve();
    } else {
      this.#doneEarly.add(taskId);
    }
  }

  /** Resolves true once the task is done, or false after `timeoutMs`. */
  wait(taskId: string, timeoutMs: number): Promise<boolean> {
    if (this.#doneEarly.delete(taskId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(taskId);
        resolve(false);
      }, timeoutMs);
      this.#waiting.set(taskId, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
