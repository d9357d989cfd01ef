/**
 * Small directories for distribution tests: users `u1`…`uN` (UPN `u1@cirrus.test`) and
 * services named by the test, each with its members, modalities and routing settings.
 */
import {
  type Directory,
  defaultRouting,
  type Modality,
  modalities,
  type RoutingSettings,
  type User,
} from "../../src/domain/model.ts";

export interface ServiceSpec {
  /** Also the service's id; its UPN is `name@cirrus.test`. */
  readonly name: string;
  readonly members: readonly string[];
  readonly routing?: Partial<RoutingSettings>;
  readonly modalities?: readonly Modality[];
}

export interface UserSpec {
  readonly capacity?: Partial<Record<Modality, number>>;
}

const tenantId = "t";

export const upnOf = (name: string) => `${name}@cirrus.test`;

export function routingDirectory(
  services: readonly ServiceSpec[],
  users: number | Readonly<Record<string, UserSpec>> = 5,
): Directory {
  const specs: Record<string, UserSpec> =
    typeof users === "number"
      ? Object.fromEntries(Array.from({ length: users }, (_, i) => [`u${i + 1}`, {}]))
      : { ...users };
  const userList: User[] = Object.entries(specs).map(([id, spec], i) => ({
    id,
    tenantId,
    orgUnitId: "root",
    upn: upnOf(id),
    email: upnOf(id),
    objectId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
    displayName: id.toUpperCase(),
    role: "User",
    ...(spec.capacity === undefined ? {} : { capacity: spec.capacity }),
  }));
  return {
    tenant: { id: tenantId, name: "Test" },
    orgUnits: [{ id: "root", tenantId, parentId: null, name: "Test" }],
    users: userList,
    services: services.map((spec) => ({
      id: spec.name,
      tenantId,
      orgUnitId: "root",
      upn: upnOf(spec.name),
      name: spec.name,
      displayName: spec.name,
      description: "",
      telNumber: "",
      licence: "ContactCenter",
      modalities: spec.modalities ?? modalities,
      members: spec.members,
      routing: { ...defaultRouting, ...spec.routing },
    })),
  };
}
