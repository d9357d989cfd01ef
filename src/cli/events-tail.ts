/** `cirrus events tail`: prints the log as JSON lines, and with --follow keeps printing. */
import { setTimeout as sleep } from "node:timers/promises";
import { taskEventTypes } from "../domain/events.ts";
import type { Config } from "./config.ts";
import { openConfiguredStore } from "./open-runtime.ts";

export interface TailOptions {
  readonly after: number;
  readonly follow: boolean;
  readonly tenant?: string;
  readonly all: boolean;
}

export async function tailEvents(config: Config, options: TailOptions): Promise<void> {
  const store = await openConfiguredStore(config);
  let after = options.after;
  let running = true;
  process.once("SIGINT", () => {
    running = false;
  });
  try {
    while (running) {
      const events = await store.readEvents({
        after,
        limit: 1000,
        ...(options.tenant ? { tenantId: options.tenant } : {}),
        ...(options.all ? {} : { types: taskEventTypes }),
      });
      for (const event of events) {
        const line = { ...event, at: new Date(event.at).toISOString() };
        process.stdout.write(`${JSON.stringify(line)}\n`);
        after = event.seq;
      }
      if (events.length === 1000) continue;
      if (!options.follow) break;
      await sleep(250);
    }
  } finally {
    await store.close();
  }
}
