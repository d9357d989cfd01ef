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

export const roles = [
  "PartnerAdmin",
  "TenantAdmin",
  "OuAdmin",
  "TeamOwner",
  "TeamOwnerLimited",
  "Supervisor",
  "User",
] as const;
export type Role = (typeof roles)[number];

/**
 * A role granted at an organisation unit: it reaches that unit and everything below it
 * ("reading up the path"). Tenant Admin reaches the whole tenant wherever it is granted.
 */
export interface RoleAssignment {
  readonly role: Role;
  readonly orgUnitId: string;
}

export interface Tenant {
  readonly id: string;
  readonly name: string;
}

/**
 * What happens to a flow whose owner lost the right to register it (a role taken away):
 * `keep` it firing, as the product description says, or `suspend` it until an administrator
 * reassigns it. Either way it is marked and listed.
 */
export const revokedOwnerFlowModes = ["keep", "suspend"] as const;
export type RevokedOwnerFlowMode = (typeof revokedOwnerFlowModes)[number];

export interface TenantSettings {
  readonly revokedOwnerFlows: RevokedOwnerFlowMode;
}

export const defaultTenantSettings: TenantSettings = { revokedOwnerFlows: "keep" };

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
  /** The role granted at the user's own organisation unit. */
  readonly role: Role;
  /** Further roles granted at other units, e.g. OU Admin of a second branch. */
  readonly roleAssignments?: readonly RoleAssignment[];
  /**
   * The identity tenant a partner account belongs to (the partner's own directory); absent
   * for the tenant's own accounts. A partner account holds only the Partner Admin role.
   */
  readonly homeTenant?: string;
  /** Tasks per modality the user may hold at once; `defaultCapacity` for the rest. */
  readonly capacity?: Partial<Record<Modality, number>>;
}

/**
 * Who of a service's free members is offered a task:
 * - `LongestIdle`: the one idle the longest;
 * - `RoundRobin`: the next in member order after the one offered last;
 * - `Serial`: the first in member order;
 * - `Broadcast`: all of them at once; the first to accept takes it, the others are withdrawn.
 */
export const distributionPolicies = ["LongestIdle", "RoundRobin", "Serial", "Broadcast"] as const;
export type DistributionPolicy = (typeof distributionPolicies)[number];

/** Distribution priorities, lowest first; a queue serves higher ones first. */
export const distributionPriorities = ["Low", "Normal", "High", "Urgent"] as const;
export type DistributionPriority = (typeof distributionPriorities)[number];

/** The rank a priority has in the queue: Low 1 … Urgent 4. */
export function priorityRank(priority: DistributionPriority): number {
  return distributionPriorities.indexOf(priority) + 1;
}

/** Routing settings of a service. */
export interface RoutingSettings {
  /** Seconds a task may wait in the queue before it leaves unconnected. */
  readonly maxQueueSeconds: number;
  /** Seconds an offer rings before it is redirected (RONA) and the user set not ready. */
  readonly ronaSeconds: number;
  /** `LongestIdle` unless set. */
  readonly policy?: DistributionPolicy;
  /** Seconds a user stays in after-call work once a task of this service ends; 0 unless set. */
  readonly afterCallWorkSeconds?: number;
  /** Seconds a queued task waits for its preferred users before anyone may take it; 30 unless set. */
  readonly preferredUserSeconds?: number;
}

/** How many tasks of a modality a user holds at once, unless the user says otherwise. */
export const defaultCapacity: Readonly<Record<Modality, number>> = {
  Audio: 1,
  InstantMessaging: 3,
  Email: 2,
  ExternalTask: 3,
};

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
  /** User ids of its Team/Service Owners: the owners' roles reach this service. */
  readonly owners?: readonly string[];
  readonly routing: RoutingSettings;
  /**
   * The virtual user assistant takes part in the service's calls and chats: when one ends,
   * its transcript is kept and Voice Transcription Ready is raised.
   */
  readonly virtualAssistant?: boolean;
}

export interface Directory {
  readonly tenant: Tenant;
  readonly orgUnits: readonly OrgUnit[];
  readonly users: readonly User[];
  readonly services: readonly Service[];
}

export const defaultRouting: RoutingSettings = { maxQueueSeconds: 300, ronaSeconds: 15 };

/** The settings of a service with every default filled in. */
export function routingOf(service: Service): Required<RoutingSettings> {
  return {
    policy: "LongestIdle",
    afterCallWorkSeconds: 0,
    preferredUserSeconds: 30,
    ...service.routing,
  };
}

/** Every role the user holds: the one at their own unit first, then the further ones. */
export function roleAssignmentsOf(user: User): readonly RoleAssignment[] {
  return [{ role: user.role, orgUnitId: user.orgUnitId }, ...(user.roleAssignments ?? [])];
}

/** Whether the user holds the role at any unit. */
export function holdsRole(user: User, role: Role): boolean {
  return roleAssignmentsOf(user).some((assignment) => assignment.role === role);
}

/** Telephone numbers compare without spaces, dashes or brackets. */
export function normaliseTelNumber(value: string): string {
  return value.replace(/[\s\-().]/g, "");
}
