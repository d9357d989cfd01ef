/**
 * Runs the HTTP request of the Collect Information activity. `collectRequester(options)`
 * returns `{ run, close }`: `run(request)` never throws and answers either the response
 * (any status; redirects are not followed, a 3xx is just a response) or a failure with a
 * short reason; `close()` shuts the connection pools down.
 *
 * Unless `allowPrivate` is set, a URL may not reach loopback, private or otherwise internal
 * addresses: address literals are refused up front and names are checked after DNS, on every
 * connection. Origins in `trustedOrigins` (the server itself) are always let through.
 */
import { Agent, type Dispatcher, request as undiciRequest } from "undici";
import { guardedLookup, isInternalAddress } from "../delivery/address-guard.ts";
import type { CollectRequestSpec } from "../domain/events.ts";
import type { CollectOutcome } from "../domain/workflow/interpreter.ts";

export type CollectRequest = CollectRequestSpec;
export type { CollectOutcome };

export interface CollectRequesterOptions {
  readonly allowPrivate: boolean;
  /** Origins (e.g. "http://127.0.0.1:8080") always allowed even if internal: the server itself. */
  readonly trustedOrigins: readonly string[];
  /** Largest response body read, in bytes; 65536 unless given. */
  readonly maxBodyBytes?: number;
}

export interface CollectRequester {
  run(request: CollectRequest): Promise<CollectOutcome>;
  /** Trusts one more origin, e.g. the server's own once it listens. */
  trust(origin: string): void;
  close(): Promise<void>;
}

const defaultMaxBodyBytes = 65_536;
const maxReasonLength = 200;
// Timers take at most a signed 32-bit delay.
const maxTimeoutMs = 2_147_483_647;
const timeoutCodes = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

class BodyTooLarge extends Error {}

function failure(reason: string): CollectOutcome {
  return { kind: "failure", reason: reason.slice(0, maxReasonLength) };
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Why the URL may not be requested, or the parsed URL. */
function checkUrl(url: string, guarded: (origin: string) => boolean): URL | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "invalid URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return `unsupported protocol ${parsed.protocol} (only http and https)`;
  }
  // Sockets skip `lookup` for an address literal, so those are checked here.
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (guarded(parsed.origin) && isInternalAddress(host)) return `${host} is an internal address`;
  return parsed;
}

type ResponseBody = Dispatcher.ResponseData["body"];

/** Drops a body not wanted; undici reports the abort as an error that nobody needs. */
function discard(body: ResponseBody): void {
  body.on("error", () => {});
  body.destroy();
}

/** The body as UTF-8 text, or BodyTooLarge past `limit` bytes. */
async function readBody(body: ResponseBody, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += bytes.length;
    if (size > limit) {
      discard(body);
      throw new BodyTooLarge(`response body larger than ${limit} bytes`);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function reasonOf(error: unknown, signal: AbortSignal): string {
  if (error instanceof BodyTooLarge) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (signal.aborted || (typeof code === "string" && timeoutCodes.has(code))) return "timed out";
  // Connection errors often carry the real cause one level down (`fetch failed`-style).
  const cause = (error as { cause?: unknown } | null)?.cause;
  const message = error instanceof Error ? error.message : String(error);
  return cause instanceof Error && cause.message ? `${message}: ${cause.message}` : message;
}

export function collectRequester(options: CollectRequesterOptions): CollectRequester {
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const trusted = new Set(options.trustedOrigins.flatMap((o) => originOf(o) ?? []));
  const guarded = (origin: string) => !options.allowPrivate && !trusted.has(origin);
  const open = new Agent({ connections: 16, keepAliveTimeout: 10_000 });
  const checked = new Agent({
    connections: 16,
    keepAliveTimeout: 10_000,
    connect: { lookup: guardedLookup },
  });

  async function run(request: CollectRequest): Promise<CollectOutcome> {
    const url = checkUrl(request.url, guarded);
    if (typeof url === "string") return failure(url);
    const timeoutMs = Math.ceil(request.timeoutMs);
    if (!(timeoutMs >= 1 && timeoutMs <= maxTimeoutMs)) return failure("invalid time limit");
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await undiciRequest(url, {
        method: request.method,
        dispatcher: guarded(url.origin) ? checked : open,
        headers: request.headers,
        body: request.body ?? null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        // The whole exchange, a slowly trickled body included.
        signal,
      });
      const declared = Number(response.headers["content-length"]);
      if (declared > maxBodyBytes) {
        discard(response.body);
        return failure(`response body larger than ${maxBodyBytes} bytes`);
      }
      const body = await readBody(response.body, maxBodyBytes);
      return { kind: "response", status: response.statusCode, body };
    } catch (error) {
      return failure(reasonOf(error, signal));
    }
  }

  return {
    run,
    trust: (origin) => {
      const parsed = originOf(origin);
      if (parsed) trusted.add(parsed);
    },
    close: async () => {
      await Promise.all([open.close(), checked.close()]);
    },
  };
}
