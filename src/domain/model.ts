/**
 * The directory of a tenant: organisation units, users and services. It is configuration,
 * read by the engine and changed only by administration, never by a task.
 */

export const licenceTiers = [
  "BasicRouting",
  "AdvancedRouting",
  "EnterpriseRouting",
  "ContactCenter",
] as const;
export type LicenceTier = (typeof licenceTiers)[number];

export const modalities = ["Audio", "InstantMessaging", "Email", "ExternalTask"] as const;
export type Modality = (typeof modalities)[number];

export const directions = ["Inbound", "Outbound"] as const;
export type Direction = (typeof directions)[number];

export const roles = ["TenantAdmin", "OuAdmin", "TeamOwner", "Supervisor", "User"] as const;
export type Role = (typeof roles)[number];

export interface Tenant {
  readonly id: string;
  readonly name: string;
}

/** A node of the organisation tree; `parentId` is null at the root. */
export interface OrgUnit {
  readonly id: string;
  readonly tenantId: string;
  readonly parentId: string | null;
  readonly name: string;
}

export interface User {
  readonly id: string;
  readonly tenantId: string;
  readonly orgUnitId: string;
  readonly upn: string;
  readonly email: string;
  /** Object id in the identity provider (AAD object id in the connector's words). */
  readonly objectId: string;
  readonly displayName: string;
  readonly role: Role;
}

/** Routing settings of a service's built-in inbound workflow. */
export interface RoutingSettings {
  /** Seconds a task may wait in the queue before it leaves unconnected. */
  readonly maxQueueSeconds: number;
  /** Seconds an offer rings before it is redirected (RONA) and the user set not ready. */
  readonly ronaSeconds: number;
}

export interface Service {
  readonly id: string;
  readonly tenantId: string;
  readonly orgUnitId: string;
  readonly upn: string;
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  /** E.164, e.g. +41445001234; empty when the service has no number. */
  readonly telNumber: string;
  readonly licence: LicenceTier;
  readonly modalities: readonly Modality[];
  /** User ids of the members who receive this service's tasks. */
  readonly members: readonly string[];
  readonly routing: RoutingSettings;
}

export interface Directory {
  readonly tenant: Tenant;
  readonly orgUnits: readonly OrgUnit[];
  readonly users: readonly User[];
  readonly services: readonly Service[];
}

export const defaultRouting: RoutingSettings = { maxQueueSeconds: 300, ronaSeconds: 15 };

/** Telephone numbers compare without spaces, dashes or brackets. */
export function normaliseTelNumber(value: string): string {
  return value.replace(/[\s\-().]/g, "");
}
