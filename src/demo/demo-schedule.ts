/**
 * The demo's planned outbound calls: a sales call-back to a key customer in a quarter of an
 * hour (three attempts) and a support follow-up in two hours. Seeded once, on a store that
 * has never scheduled anything.
 */
import type { EntryWrite } from "../domain/scheduler.ts";

export function demoSchedulerEntries(now: number, retryDelaySeconds: number): EntryWrite[] {
  const common = {
    attemptTimeoutSeconds: 3_600,
    maxQueueSeconds: 300,
    ronaSeconds: 20,
    retryDelaySeconds,
    createdBy: "user-admin",
  };
  return [
    {
      ...common,
      serviceId: "service-sales",
      referenceId: "quote-2026-118",
      destination: "+41791234567",
      priority: "High",
      dueAt: now + 15 * 60_000,
      maxAttempts: 3,
      parameters: [{ name: "reason", value: "Quote for 40 seats" }],
      customer: { firstName: "Chiara", lastName: "Rossi", company: "Rossi Trasporti" },
    },
    {
      ...common,
      serviceId: "service-support",
      referenceId: "case-5521",
      destination: "+41447001122",
      priority: "Normal",
      dueAt: now + 2 * 3_600_000,
      maxAttempts: 2,
      parameters: [{ name: "case", value: "5521" }],
    },
  ];
}
