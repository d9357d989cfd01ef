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
