/** The audit trail: each administrator's change is an `AdminChanged` event in the log. */
import type { Engine } from "../engine/engine.ts";
import type { Caller } from "./auth.ts";

export async function audit(
  engine: Engine,
  caller: Caller,
  action: string,
  target: string,
  details: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  const actorUserId = caller.user?.id ?? `gateway:${caller.principal.kind}`;
  await engine.execute(caller.tenantId, {
    kind: "RecordAdminChange",
    actorUserId,
    action,
    target,
    details,
  });
}
