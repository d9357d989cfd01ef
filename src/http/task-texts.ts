/**
 * The texts of one task kept in the log: what the customer wrote to the agent
 * (`CustomerMessage`) and what the workflow said to the customer (`WorkflowSaid`).
 */
import type { Store } from "../store/port.ts";

export interface TextsQuery {
  readonly after?: number;
  readonly limit?: number;
}

export async function taskTexts(
  store: Store,
  tenantId: string,
  taskId: string,
  type: "CustomerMessage" | "WorkflowSaid",
  query: TextsQuery,
) {
  const events = await store.readEvents({
    tenantId,
    taskId,
    types: [type],
    after: query.after ?? 0,
    limit: query.limit ?? 100,
  });
  return events.map((event) => {
    const data = event.data as { text: string; node?: string };
    return {
      id: event.seq,
      at: new Date(event.at).toISOString(),
      text: data.text,
      ...(data.node === undefined ? {} : { node: data.node }),
    };
  });
}
