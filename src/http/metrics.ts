/** Prometheus metrics of the engine and the HTTP API. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Engine } from "../engine/engine.ts";

export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<"method" | "route" | "status">;
}

export function createMetrics(engine: Engine): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "cirrus_process_" });
  const events = new Counter({
    name: "cirrus_events_total",
    help: "Events committed to the log, by type",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: "cirrus_commit_batch_events",
    help: "Events per group commit",
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [registry],
  });
  const commitSeconds = new Histogram({
    name: "cirrus_commit_duration_seconds",
    help: "Time to write one group commit durably",
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5],
    registers: [registry],
  });
  new Gauge({
    name: "cirrus_live_tasks",
    help: "Tasks not yet terminated",
    labelNames: ["tenant", "status"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const tenantId of engine.tenantIds()) {
        const counts = { workflow: 0, queued: 0, connected: 0 };
        for (const task of engine.state(tenantId)?.tasks.values() ?? []) counts[task.status]++;
        for (const [status, n] of Object.entries(counts)) this.set({ tenant: tenantId, status }, n);
      }
    },
  });
  new Gauge({
    name: "cirrus_log_last_seq",
    help: "Sequence number of the newest durable event",
    registers: [registry],
    collect() {
      this.set(engine.committedSeq);
    },
  });
  engine.onCommit((committed, ms) => {
    batchSize.observe(committed.length);
    commitSeconds.observe(ms / 1000);
    for (const event of committed) events.inc({ type: event.type });
  });
  const httpDuration = new Histogram({
    name: "cirrus_http_request_duration_seconds",
    help: "HTTP request duration by route",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  return { registry, httpDuration };
}
