/**
 * Long polls for offers: an agent asking for offers when it has none waits until an offer
 * for it is committed, or until its wait runs out.
 */
import type { Engine } from "../engine/engine.ts";

type Wake = () => void;

export class OfferWaiters {
  readonly #waiting = new Map<string, Set<Wake>>();

  constructor(engine: Engine) {
    engine.onCommit((events) => {
      for (const event of events) {
        if (event.type !== "OfferCreated") continue;
        const { userId } = event.data as { userId: string };
        const key = `${event.tenantId}/${userId}`;
        const wakes = this.#waiting.get(key);
        if (!wakes) continue;
        this.#waiting.delete(key);
        for (const wake of wakes) wake();
      }
    });
  }

  /** Answers every waiting poll, e.g. before the server closes. */
  wakeAll(): void {
    const all = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const wakes of all) for (const wake of wakes) wake();
  }

  /** Resolves when an offer for the user is committed or after `ms`, whichever is first. */
  wait(tenantId: string, userId: string, ms: number): Promise<void> {
    const key = `${tenantId}/${userId}`;
    return new Promise((resolve) => {
      let wakes = this.#waiting.get(key);
      if (!wakes) {
        wakes = new Set();
        this.#waiting.set(key, wakes);
      }
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        wakes.delete(wake);
        if (wakes.size === 0 && this.#waiting.get(key) === wakes) this.#waiting.delete(key);
        resolve();
      }, ms);
      wakes.add(wake);
    });
  }
}
