/**
 * A webhook receiver on loopback, shaped like the flow service's callback: it records every
 * POST and answers with the status a test chooses per request.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  /** The request target exactly as it arrived (path and query). */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly json: Record<string, unknown>;
  readonly status: number;
}

export interface Receiver {
  readonly url: string;
  /** Every request, including the ones answered with a failure. */
  readonly received: Received[];
  /** Chooses the status for a request; 200 unless set. */
  respond: (headers: IncomingHttpHeaders, attempt: number) => number;
  /** How long to take before answering. */
  delayMs: number;
  /** Resolves once `predicate` holds for what was received, or rejects after `ms`. */
  until(predicate: (received: readonly Received[]) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const waiters = new Set<() => void>();
  const receiver: Receiver = {
    url: "",
    received,
    respond: () => 200,
    delayMs: 0,
    until: (predicate, ms = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`receiver: condition not met within ${ms} ms (${received.length} received)`),
          );
        }, ms);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const id = String(request.headers["webhook-id"] ?? "");
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      const status = receiver.respond(request.headers, attempt);
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // Recorded as sent; the test decides whether that is a failure.
      }
      const answer = () => {
        received.push({
          target: String(request.url),
          headers: request.headers,
          body,
          json,
          status,
        });
        response.writeHead(status).end();
        for (const waiter of [...waiters]) waiter();
      };
      if (receiver.delayMs > 0) setTimeout(answer, receiver.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, { url: `http://127.0.0.1:${port}/hook` });
}
