/**
 * Server-Sent Events over a hijacked reply: headers, a heartbeat comment every 15 s, and a
 * client that falls too far behind is dropped (it reconnects). Streams never go idle, so the
 * server ends them when it closes.
 */
import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { problem } from "./problem.ts";
import type { StreamRegistry } from "./stream-registry.ts";

const heartbeatMs = 15_000;

export interface SseStream {
  /** Writes one event; nothing once the stream is closed. */
  send(id: number, name: string, body: unknown): void;
  /** Writes a comment line, e.g. to open the stream at once. */
  comment(text: string): void;
  /** Ends the stream from the server's side (the close handler runs). */
  destroy(): void;
  readonly closed: boolean;
}

/**
 * Returns how a route of `app` opens a stream for the request's caller; `onClose` runs once
 * when it ends. A caller whose token holds its maximum of streams is answered 429 instead
 * (undefined). The stream ends when the registry says the caller's access did.
 */
export function sseStreams(
  app: FastifyInstance,
  maxBufferedBytes: number,
  registry: StreamRegistry,
) {
  const open = new Set<ServerResponse>();
  app.addHook("preClose", async () => {
    for (const raw of open) raw.end();
  });
  return (
    request: FastifyRequest,
    reply: FastifyReply,
    onClose: () => void,
  ): SseStream | undefined => {
    if (registry.full(request.caller)) {
      reply
        .code(429)
        .type("application/problem+json")
        .send(
          problem(
            429,
            "too_many_streams",
            `a token may hold at most ${registry.maxPerToken} open streams`,
            "authorization",
          ),
        );
      return undefined;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    let closed = false;
    // Ended cleanly, so that a client sees the stream end and reconnects as it is now.
    const unregister = registry.open(request.caller, () => raw.end());
    const heartbeat = setInterval(() => raw.write(": keep-alive\n\n"), heartbeatMs);
    const close = () => {
      if (closed) return;
      closed = true;
      open.delete(raw);
      unregister();
      clearInterval(heartbeat);
      onClose();
    };
    open.add(raw);
    raw.on("close", close);
    // The client may have gone while the token was looked up: then "close" has fired already.
    if (raw.destroyed || request.raw.destroyed) close();
    return {
      send(id, name, body) {
        if (closed) return;
        raw.write(`id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(body)}\n\n`);
        if (raw.writableLength > maxBufferedBytes) raw.destroy();
      },
      comment(text) {
        if (!closed) raw.write(`: ${text}\n\n`);
      },
      destroy: () => raw.destroy(),
      get closed() {
        return closed;
      },
    };
  };
}
