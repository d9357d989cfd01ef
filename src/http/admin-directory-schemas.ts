/** Request schemas of the directory's admin API: organisation units, users, roles, services. */
import { Type } from "typebox";
import { licenceTiers, modalities, roles } from "../domain/model.ts";
import { RoutingBody, textPattern } from "./schemas.ts";

const strict = { additionalProperties: false } as const;
/** A change names at least one field. */
const change = { additionalProperties: false, minProperties: 1 } as const;

const text = (minLength: number, maxLength: number, description: string) =>
  Type.String({ minLength, maxLength, pattern: textPattern, description });

/** Ids as the directory has them (generated ones are `ou-…`, `user-…`, `service-…`). */
const id = (description: string) =>
  Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._:-]+$", description });

/** A user principal name or mailbox: local part @ domain, as identity providers allow them. */
const address = (description: string) =>
  Type.String({
    minLength: 3,
    maxLength: 320,
    pattern: "^[A-Za-z0-9._%+'!#^~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$",
    description,
  });

const userIds = (description: string) =>
  Type.Array(id("User id"), { maxItems: 1_000, uniqueItems: true, description });

const tasks = Type.Optional(Type.Integer({ minimum: 0, maximum: 100 }));
const capacity = Type.Object(
  { Audio: tasks, InstantMessaging: tasks, Email: tasks, ExternalTask: tasks },
  { ...strict, description: "Tasks per modality the user holds at once; defaults for the rest" },
);

const telNumber = Type.String({
  maxLength: 16,
  pattern: "^(\\+[1-9][0-9]{1,14})?$",
  description: "E.164, e.g. +41445001234; empty for none",
});

const serviceModalities = Type.Array(Type.Enum([...modalities]), {
  minItems: 1,
  uniqueItems: true,
});

export const OrgUnitIdParams = Type.Object({ orgUnitId: id("Organisation unit id") });

export const OrgUnitBody = Type.Object(
  {
    name: text(1, 200, "Display name of the unit"),
    parentId: id("The unit it sits under"),
  },
  strict,
);

/** Rename or move a unit; a move carries its sub-units, users and services along. */
export const OrgUnitChange = Type.Object(
  {
    name: Type.Optional(text(1, 200, "Display name of the unit")),
    parentId: Type.Optional(id("The unit to move it under")),
  },
  change,
);

export const UserBody = Type.Object(
  {
    upn: address("User principal name, unique in the tenant"),
    displayName: text(1, 256, "Name shown to others"),
    email: Type.Optional(address("Mailbox; the UPN when left out")),
    orgUnitId: id("The unit the user belongs to"),
    objectId: Type.Optional(
      Type.String({ format: "uuid", description: "Object id in the identity provider" }),
    ),
    role: Type.Optional(
      Type.Enum([...roles], {
        description: "Role at the user's own unit; User (PartnerAdmin for a partner) if left out",
      }),
    ),
    homeTenant: Type.Optional(id("A partner account's own tenant; it holds only PartnerAdmin")),
    capacity: Type.Optional(capacity),
  },
  strict,
);

export const UserChange = Type.Object(
  {
    displayName: Type.Optional(text(1, 256, "Name shown to others")),
    email: Type.Optional(address("Mailbox")),
    orgUnitId: Type.Optional(id("Move the user, and the role at their own unit, here")),
    capacity: Type.Optional(capacity),
  },
  change,
);

export const RoleAssignmentBody = Type.Object(
  {
    role: Type.Enum([...roles]),
    orgUnitId: id("The unit the role is granted at; it reaches that unit and below"),
  },
  strict,
);

export const ServiceBody = Type.Object(
  {
    upn: address("Service UPN, unique among users and services"),
    name: text(1, 100, "Short name"),
    displayName: text(1, 256, "Name shown to callers and agents"),
    description: Type.Optional(text(0, 2_000, "What the service is for")),
    telNumber: Type.Optional(telNumber),
    orgUnitId: id("The unit the service belongs to"),
    licence: Type.Optional(
      Type.Enum([...licenceTiers], {
        description: "BasicRouting if left out; set by Tenant and Partner Admins only",
      }),
    ),
    modalities: serviceModalities,
    members: Type.Optional(userIds("Users who receive the service's tasks, in member order")),
    owners: Type.Optional(userIds("The service's Team/Service Owners")),
    routing: Type.Optional(RoutingBody),
    virtualAssistant: Type.Optional(
      Type.Boolean({ description: "The virtual user assistant takes part in calls and chats" }),
    ),
  },
  strict,
);

export const ServiceChange = Type.Object(
  {
    displayName: Type.Optional(text(1, 256, "Name shown to callers and agents")),
    description: Type.Optional(text(0, 2_000, "What the service is for")),
    telNumber: Type.Optional(telNumber),
    orgUnitId: Type.Optional(id("Move the service here")),
    modalities: Type.Optional(serviceModalities),
    members: Type.Optional(userIds("The members, replacing the current ones")),
    owners: Type.Optional(userIds("The owners, replacing the current ones")),
    virtualAssistant: Type.Optional(
      Type.Boolean({ description: "The virtual user assistant takes part in calls and chats" }),
    ),
  },
  change,
);

export const LicenceBody = Type.Object({ licence: Type.Enum([...licenceTiers]) }, strict);

/** A revocation may name the assignment in the query instead of a body. */
export const RoleAssignmentQuery = Type.Object(
  {
    role: Type.Optional(Type.Enum([...roles])),
    orgUnitId: Type.Optional(id("The unit the role is granted at")),
  },
  strict,
);
