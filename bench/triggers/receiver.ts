/**
 * The callback receiver: a plain node:http server on loopback that answers 200 at once and
 * records, per request, when it arrived, the webhook-id and the payload's taskId and event.
 * Subscription k posts to `/s/k`; the undici baseline posts to `/b`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { nowMs } from "./time.ts";

export interface Receipt {
  /** The subscription number from `/s/{k}`; -1 for the baseline. */
  readonly sub: number;
  readonly id: string;
  readonly taskId: string;
  readonly event: string;
  /** The payload's `terminated` as epoch ms; NaN when it has none. */
  readonly terminated: number;
  readonly bytes: number;
  /** Monotonic ms (see time.ts) when the whole request had arrived. */
  readonly at: number;
}

/** The first request of a path since the previous `take`, kept whole to check its signature. */
export interface Sample {
  readonly sub: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Received {
  readonly receipts: readonly Receipt[];
  readonly samples: readonly Sample[];
}

export interface Receiver {
  /** `http://127.0.0.1:port`. */
  readonly url: string;
  /** Requests received so far; from a child process as last reported (a few ms old). */
  count(): number;
  /** What arrived since the previous call, in arrival order, and each path's first request. */
  take(): Promise<Received>;
  /** CPU seconds of the process the receiver runs in. */
  cpuSeconds(): Promise<number>;
  close(): Promise<void>;
}

const subOf = (url: string | undefined): number =>
  url?.startsWith("/s/") ? Number(url.slice(3)) : -1;

function payloadFields(body: string): { taskId: string; event: string; terminated: number } {
  try {
    const json = JSON.parse(body) as { taskId?: unknown; event?: unknown; terminated?: unknown };
    return {
      taskId: String(json.taskId ?? ""),
      event: String(json.event ?? ""),
      terminated: typeof json.terminated === "string" ? Date.parse(json.terminated) : Number.NaN,
    };
  } catch {
    return { taskId: "", event: "", terminated: Number.NaN };
  }
}

/** The recording server itself, wherever it runs. */
export class ReceiptLog {
  #receipts: Receipt[] = [];
  #samples: Sample[] = [];
  readonly #sampled = new Set<number>();
  #count = 0;
  readonly #server: Server;

  constructor() {
    this.#server = createServer((request, response) => this.#handle(request, response));
    this.#server.keepAliveTimeout = 60_000;
  }

  get count(): number {
    return this.#count;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  take(): Received {
    const taken = { receipts: this.#receipts, samples: this.#samples };
    this.#receipts = [];
    this.#samples = [];
    this.#sampled.clear();
    return taken;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.closeAllConnections();
      this.#server.close(() => resolve());
    });
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const at = nowMs();
      const body = Buffer.concat(chunks).toString("utf8");
      const sub = subOf(request.url);
      const id = String(request.headers["webhook-id"] ?? "");
      this.#receipts.push({ sub, id, ...payloadFields(body), bytes: body.length, at });
      this.#count++;
      if (!this.#sampled.has(sub)) {
        this.#sampled.add(sub);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) headers[name] = String(value);
        this.#samples.push({ sub, headers, body });
      }
      response.writeHead(200).end();
    });
  }
}

/** The receiver in this very process. */
export async function startInlineReceiver(): Promise<Receiver> {
  const log = new ReceiptLog();
  const url = await log.listen();
  return {
    url,
    count: () => log.count,
    take: async () => log.take(),
    cpuSeconds: async () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1e6;
    },
    close: () => log.close(),
  };
}
