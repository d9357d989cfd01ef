/**
 * A call whose caller hangs up while it waits: its events run to Queue Left and Terminated.
 * Calls nobody takes wait in the queue to its maximum time, so tests that need a call to end
 * end it this way.
 */
import assert from "node:assert/strict";
import type { ApiClient } from "./api-client.ts";

export async function endedCall(
  api: ApiClient,
  token: string,
  to: string,
  from = "+41790000001",
): Promise<string> {
  const call = await api.request<{ taskId: string }>("POST", "/api/ingress/calls", token, {
    to,
    from,
  });
  assert.equal(call.status, 201, `call to ${to}`);
  const hangup = await api.request("POST", `/api/ingress/tasks/${call.body.taskId}/hangup`, token);
  assert.equal(hangup.status, 204, `hang-up of ${call.body.taskId}`);
  return call.body.taskId;
}
