/** Commands the engine tests issue often. */
import assert from "node:assert/strict";
import type { Engine } from "../../src/engine/engine.ts";

export const demoTenant = "demo";

/** A call to the demo tenant's support line; resolves with the task id once durable. */
export async function callSupport(engine: Engine): Promise<string> {
  const reply = await engine.execute(demoTenant, {
    kind: "ReceiveInbound",
    modality: "Audio",
    to: "support@demo.cirrus.test",
    from: "+41791112233",
  });
  assert.ok("taskId" in reply);
  return reply.taskId;
}

/**
 * Makes a support member available and busy with a call of their own: further calls then
 * wait in the queue (with no member available they would leave it by its noUsers exit).
 * Resolves with the member's task id.
 */
export async function occupySupportMember(engine: Engine, userId = "user-grace"): Promise<string> {
  await engine.execute(demoTenant, { kind: "SetPresence", userId, status: "Available" });
  const taskId = await callSupport(engine);
  const offerId = engine.state(demoTenant)?.users.get(userId)?.offerId;
  assert.ok(offerId, `${userId} is offered the call`);
  await engine.execute(demoTenant, { kind: "AcceptOffer", userId, offerId });
  return taskId;
}
