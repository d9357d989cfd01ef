/**
 * The baseline: the same POSTs sent straight by undici from the bench process to the same
 * receiver, through one Pool with the delivery engine's concurrency, signed the same way
 * (Standard Webhooks) with a payload Cirrus delivered. `replay` offers them on the schedule
 * the paced round's events were committed on; `flood` sends as fast as it goes.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { Pool } from "undici";
import { type LatencySummary, summarize } from "./latency.ts";
import type { Receipt } from "./receiver.ts";
import { nowMs, pause } from "./time.ts";

export interface BaselineResult {
  readonly posts: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Scheduled send → arrival at the receiver. */
  readonly latency: LatencySummary;
  readonly errors: number;
  /** POSTs the receiver has no record of. */
  readonly missing: number;
}

export class UndiciBaseline {
  readonly #pool: Pool;
  readonly #body: string;
  readonly #webhook = new Webhook(`whsec_${randomBytes(24).toString("base64")}`);
  readonly #scheduled = new Map<string, number>();
  #serial = 0;
  #errors = 0;
  #first = Number.POSITIVE_INFINITY;
  #last = 0;

  constructor(receiverUrl: string, connections: number, body: string) {
    this.#pool = new Pool(receiverUrl, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
    this.#body = body;
  }

  /** Offers one POST per time in `times` (ascending), shifted to start now. */
  async replay(times: readonly number[]): Promise<void> {
    const shift = nowMs() + 2 - (times[0] ?? 0);
    const sending: Promise<void>[] = [];
    let next = 0;
    while (next < times.length) {
      const now = nowMs();
      for (let at = (times[next] ?? 0) + shift; at <= now; at = (times[next] ?? 0) + shift) {
        sending.push(this.#post(at));
        if (++next >= times.length) break;
      }
      await pause(1);
    }
    await Promise.all(sending);
  }

  /** `count` POSTs, `workers` at a time, each sent as soon as the previous one is answered. */
  async flood(count: number, workers: number): Promise<void> {
    let left = count;
    const worker = async () => {
      while (left-- > 0) await this.#post(nowMs());
    };
    await Promise.all(Array.from({ length: workers }, worker));
  }

  async #post(scheduledAt: number): Promise<void> {
    const id = `msg_baseline_${this.#serial++}`;
    const now = new Date();
    const headers = {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": this.#webhook.sign(id, now, this.#body),
    };
    this.#scheduled.set(id, scheduledAt);
    this.#first = Math.min(this.#first, nowMs());
    try {
      const response = await this.#pool.request({
        method: "POST",
        path: "/b",
        headers,
        body: this.#body,
      });
      await response.body.dump();
      if (response.statusCode !== 200) this.#errors++;
    } catch {
      this.#errors++;
    }
    this.#last = Math.max(this.#last, nowMs());
  }

  /** The figures, given what the receiver recorded meanwhile. */
  result(receipts: readonly Receipt[]): BaselineResult {
    const latencies: number[] = [];
    for (const r of receipts) {
      const scheduled = r.sub === -1 ? this.#scheduled.get(r.id) : undefined;
      if (scheduled !== undefined) latencies.push(r.at - scheduled);
    }
    const posts = this.#scheduled.size;
    const seconds = Math.max(0, this.#last - this.#first) / 1000;
    return {
      posts,
      seconds,
      perSecond: seconds > 0 ? posts / seconds : 0,
      latency: summarize(latencies),
      errors: this.#errors,
      missing: posts - latencies.length,
    };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
