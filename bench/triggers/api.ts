/** The few API calls the trigger benchmark makes besides the load. */
import type { ApiClient, ApiResponse } from "../../test/support/api-client.ts";
import { serviceUpn } from "../fixture.ts";

/** A registered subscription and the receiver path it posts to (`/s/{k}`). */
export interface Subscription {
  readonly k: number;
  readonly id: string;
  readonly secret: string;
}

/** The trigger events one call and its hang-up produce, in the order they happen. */
export const callEvents = ["WorkflowStarted", "SystemAccepted", "InQueue"] as const;
export const hangupEvents = ["QueueLeft", "Terminated"] as const;
export const taskEvents = [...callEvents, ...hangupEvents] as const;

function expect<T>(response: ApiResponse<T>, status: number, what: string): T {
  if (response.status !== status) {
    throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

export async function gatewayToken(client: ApiClient, adminToken: string): Promise<string> {
  const response = await client.request<{ token: string }>(
    "POST",
    "/api/admin/tokens",
    adminToken,
    { gateway: "bench" },
  );
  return expect(response, 201, "gateway token").token;
}

/** Registers subscriptions k = first … first + count - 1, all for the service and its events. */
export function registerSubscriptions(
  client: ApiClient,
  adminToken: string,
  receiverUrl: string,
  first: number,
  count: number,
): Promise<Subscription[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const k = first + i;
      const config = { url: `${receiverUrl}/s/${k}`, services: [serviceUpn], taskEvents };
      const response = await client.request<{ id: string; secret: string }>(
        "POST",
        "/v1/triggers/tasks",
        adminToken,
        { config },
      );
      const { id, secret } = expect(response, 201, `subscription ${k}`);
      return { k, id, secret };
    }),
  );
}

export async function deleteSubscriptions(
  client: ApiClient,
  adminToken: string,
  subscriptions: readonly Subscription[],
): Promise<void> {
  await Promise.all(
    subscriptions.map(async (s) => {
      const path = `/v1/triggers/tasks/${encodeURIComponent(s.id)}`;
      expect(await client.request("DELETE", path, adminToken), 204, `delete ${s.id}`);
    }),
  );
}
