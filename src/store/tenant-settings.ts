/** A tenant's stored settings read defensively: unknown or missing values take the defaults. */
import {
  defaultTenantSettings,
  revokedOwnerFlowModes,
  type TenantSettings,
} from "../domain/model.ts";

export function settingsOf(stored: unknown): TenantSettings {
  const mode = (stored as { revokedOwnerFlows?: unknown } | undefined)?.revokedOwnerFlows;
  return (revokedOwnerFlowModes as readonly unknown[]).includes(mode)
    ? { revokedOwnerFlows: mode as TenantSettings["revokedOwnerFlows"] }
    : defaultTenantSettings;
}
