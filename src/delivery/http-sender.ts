/**
 * Sends one delivery: a JSON POST through a keep-alive pool per origin, with a time limit.
 * Never throws: the outcome says what happened.
 */
import { Agent } from "undici";
import { guardedLookup, isInternalAddress } from "./address-guard.ts";
import { callbackTarget } from "./callback-url.ts";

export interface DeliveryOutcome {
  /** HTTP status, or 0 when no response came. */
  readonly status: number;
  readonly latencyMs: number;
  /** Why it failed, when it did. */
  readonly error: string | null;
  /** The receiver's `Retry-After` header, as sent, when it gave one. */
  readonly retryAfter?: string;
}

export interface Sender {
  send(url: string, headers: Record<string, string>, body: string): Promise<DeliveryOutcome>;
  close(): Promise<void>;
}

export function httpSender(options: { timeoutMs: number; allowPrivate: boolean }): Sender {
  const agent = new Agent({
    connections: 64,
    keepAliveTimeout: 30_000,
    connect: options.allowPrivate ? {} : { lookup: guardedLookup },
  });
  return {
    async send(url, headers, body) {
      const started = performance.now();
      let target: ReturnType<typeof callbackTarget>;
      try {
        target = callbackTarget(url);
      } catch {
        return { status: 0, latencyMs: 0, error: "the callback URL is not an absolute URL" };
      }
      // Sockets skip `lookup` for an address literal, so those are checked here.
      if (!options.allowPrivate && isInternalAddress(target.host)) {
        return { status: 0, latencyMs: 0, error: `${target.host} is an internal address` };
      }
      try {
        // The path goes out as given: a URL parser would re-encode what the receiver signed.
        const response = await agent.request({
          origin: target.origin,
          path: target.path,
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
          // The whole attempt, a receiver trickling its answer included.
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        // Only the status matters; drain so the connection can be reused.
        await response.body.dump({ limit: 64 * 1024 });
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        const retryAfter = response.headers["retry-after"];
        return {
          status: response.statusCode,
          latencyMs: performance.now() - started,
          error: ok ? null : `HTTP ${response.statusCode}`,
          ...(typeof retryAfter === "string" ? { retryAfter } : {}),
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { status: 0, latencyMs: performance.now() - started, error: message };
      }
    },
    close: () => agent.close(),
  };
}
