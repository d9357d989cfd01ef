/**
 * Flows whose owner lost the right to register them (a role taken away, a service out of
 * reach): marked with the date, kept or suspended as the tenant's setting says.
 */
import { mayOwnFlow } from "../domain/access.ts";
import { registerOperation } from "../store/subscription-records.ts";
import type { RouteDeps } from "./routes/deps.ts";

/** Looks at every flow of the tenant again, e.g. after a role or a setting changed. */
export async function reviewFlowOwners(
  deps: Pick<RouteDeps, "engine" | "store" | "dispatcher">,
  tenantId: string,
): Promise<void> {
  const settings = await deps.store.loadTenantSettings(tenantId);
  const index = deps.engine.requireState(tenantId).directory;
  await deps.dispatcher.reviewOwners(tenantId, settings.revokedOwnerFlows, (record) =>
    mayOwnFlow(
      index,
      index.usersById.get(record.ownerUserId),
      registerOperation[record.kind],
      record.filter.services,
    ),
  );
}
