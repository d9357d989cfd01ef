/**
 * Notices when the engine's timers run far behind. Node runs the timers that are overdue
 * when a pass starts in due-date order, draining microtasks in between and doing no I/O
 * until the pass ends; a timer armed during a pass waits for the next. So the bench arms
 * its own timers in advance, one every `stepMs` over the whole span: each runs in turn
 * among the engine's, and how late it runs is how late the entries due at the same moment
 * start. Past `giveUpMs` the run gives up; the rest of a saturated pass would take minutes.
 */
export const stepMs = 250;

export class LagWatchdog {
  readonly #giveUpMs: number;
  readonly #onGiveUp: () => void;
  readonly #timers: NodeJS.Timeout[] = [];
  #maxLagMs = 0;
  #gaveUpAt: number | undefined;

  constructor(giveUpMs: number, onGiveUp: () => void) {
    this.#giveUpMs = giveUpMs;
    this.#onGiveUp = onGiveUp;
  }

  get maxLagMs(): number {
    return this.#maxLagMs;
  }

  /** When it gave up (epoch ms), if it did. */
  get gaveUpAt(): number | undefined {
    return this.#gaveUpAt;
  }

  /** Arms a timer every `stepMs` from `from` until `until` (epoch ms). */
  start(from: number, until: number): void {
    const now = Date.now();
    for (let due = from; due <= until; due += stepMs) {
      this.#timers.push(setTimeout(() => this.#check(due), Math.max(0, due - now)));
    }
  }

  stop(): void {
    for (const timer of this.#timers.splice(0)) clearTimeout(timer);
  }

  #check(due: number): void {
    const now = Date.now();
    const lag = now - due;
    this.#maxLagMs = Math.max(this.#maxLagMs, lag);
    if (lag <= this.#giveUpMs || this.#gaveUpAt !== undefined) return;
    this.#gaveUpAt = now;
    this.stop();
    this.#onGiveUp();
  }
}
