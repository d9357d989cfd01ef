/** What the benchmark reads from the server itself: `/healthz` and `/metrics`. */
import type { ApiClient } from "../test/support/api-client.ts";

/** The server's counters at one instant. */
export interface ServerReading {
  /** Sequence number of the newest event: every event written so far, internal ones too. */
  readonly lastSeq: number;
  readonly commitBatchSum: number;
  readonly commitBatchCount: number;
  readonly commitSecondsSum: number;
  readonly cpuSeconds: number;
  /** Our own clock when the reading came back, ms. */
  readonly at: number;
  /** CPU time of the benchmark process itself (the load generator) so far. */
  readonly benchCpuSeconds: number;
}

/** The value of an unlabelled sample `name` in Prometheus text, or NaN. */
export function metricValue(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
  return match?.[1] === undefined ? Number.NaN : Number(match[1]);
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

export async function readServer(client: ApiClient): Promise<ServerReading> {
  const [health, metrics] = await Promise.all([
    client.request<{ lastSeq: number }>("GET", "/healthz", ""),
    client.request<string>("GET", "/metrics", ""),
  ]);
  if (health.status !== 200 || metrics.status !== 200) {
    throw new Error(`healthz ${health.status}, metrics ${metrics.status}`);
  }
  const text = metrics.body;
  return {
    lastSeq: health.body.lastSeq,
    commitBatchSum: metricValue(text, "cirrus_commit_batch_events_sum"),
    commitBatchCount: metricValue(text, "cirrus_commit_batch_events_count"),
    commitSecondsSum: metricValue(text, "cirrus_commit_duration_seconds_sum"),
    cpuSeconds: metricValue(text, "cirrus_process_process_cpu_seconds_total"),
    at: performance.now(),
    benchCpuSeconds: cpuSeconds(process.cpuUsage()),
  };
}
