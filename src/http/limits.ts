/**
 * What one client may hold of the server: how long it may take to send a request, how many
 * connections it and everyone together may keep, and how many event streams one token may
 * have open. Each is set by an environment variable (read in src/cli/config.ts); the defaults
 * suit a single server.
 */
import type { Server, Socket } from "node:net";

export interface ServerLimits {
  /** Time to send a whole request, headers and body (`CIRRUS_REQUEST_TIMEOUT_MS`). */
  readonly requestTimeoutMs: number;
  /** Time to send the headers (`CIRRUS_HEADERS_TIMEOUT_MS`). */
  readonly headersTimeoutMs: number;
  /** A socket silent this long is closed (`CIRRUS_CONNECTION_TIMEOUT_MS`); streams beat every 15 s. */
  readonly connectionTimeoutMs: number;
  /** An idle kept-alive connection is closed after this (`CIRRUS_KEEP_ALIVE_TIMEOUT_MS`). */
  readonly keepAliveTimeoutMs: number;
  /** Open connections in all (`CIRRUS_MAX_CONNECTIONS`). */
  readonly maxConnections: number;
  /** Open connections from one address (`CIRRUS_MAX_CONNECTIONS_PER_ADDRESS`). */
  readonly maxConnectionsPerAddress: number;
  /** Open event streams of one token (`CIRRUS_MAX_STREAMS_PER_TOKEN`). */
  readonly maxStreamsPerToken: number;
}

export const defaultLimits: ServerLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  connectionTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 500,
  maxStreamsPerToken: 8,
};

/** The environment variable setting each limit. */
export const limitVariables: Readonly<Record<keyof ServerLimits, string>> = {
  requestTimeoutMs: "CIRRUS_REQUEST_TIMEOUT_MS",
  headersTimeoutMs: "CIRRUS_HEADERS_TIMEOUT_MS",
  connectionTimeoutMs: "CIRRUS_CONNECTION_TIMEOUT_MS",
  keepAliveTimeoutMs: "CIRRUS_KEEP_ALIVE_TIMEOUT_MS",
  maxConnections: "CIRRUS_MAX_CONNECTIONS",
  maxConnectionsPerAddress: "CIRRUS_MAX_CONNECTIONS_PER_ADDRESS",
  maxStreamsPerToken: "CIRRUS_MAX_STREAMS_PER_TOKEN",
};

/**
 * Destroys a connection beyond the global cap or its address's cap as it is accepted, before
 * a byte of it is read.
 */
export function capConnections(server: Server, limits: ServerLimits): void {
  const perAddress = new Map<string, number>();
  let total = 0;
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "";
    const mine = perAddress.get(address) ?? 0;
    if (total >= limits.maxConnections || mine >= limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    total++;
    perAddress.set(address, mine + 1);
    socket.once("close", () => {
      total--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });
}
