/** The bodies several areas answer with: directory entries, agent states, subscriptions. */
import { Type } from "typebox";
import { component } from "./operation.ts";

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
export const Time = Type.String({ format: "date-time" });
export const NullableTime = Nullable(Time);
export const TaskData = component("TaskEventData");

export const OrgUnitView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  parentId: Nullable(Type.String()),
});

export const RoleAssignment = Type.Object({ role: Type.String(), orgUnitId: Type.String() });

export const UserView = Type.Object({
  id: Type.String(),
  upn: Type.String(),
  email: Type.String(),
  objectId: Type.String(),
  displayName: Type.String(),
  orgUnitId: Type.String(),
  role: Type.String(),
  roleAssignments: Type.Array(RoleAssignment),
  partner: Type.Boolean(),
  homeTenant: Type.Optional(Type.String()),
  capacity: Type.Record(Type.String(), Type.Integer()),
});

export const Routing = Type.Object({
  maxQueueSeconds: Type.Integer(),
  ronaSeconds: Type.Integer(),
  policy: Type.Optional(Type.String()),
  afterCallWorkSeconds: Type.Optional(Type.Integer()),
  preferredUserSeconds: Type.Optional(Type.Integer()),
});

const Person = Type.Object({ id: Type.String(), upn: Type.String(), displayName: Type.String() });

export const ServiceView = Type.Object({
  id: Type.String(),
  upn: Type.String(),
  name: Type.String(),
  displayName: Type.String(),
  description: Type.String(),
  telNumber: Type.String(),
  licence: Type.String(),
  orgUnitId: Type.String(),
  modalities: Type.Array(Type.String()),
  routing: Routing,
  members: Type.Array(Person),
  owners: Type.Array(Person),
  virtualAssistant: Type.Boolean(),
});

export const OfferView = Type.Object({
  id: Type.String(),
  taskId: Type.String(),
  offeredAt: Time,
  expiresAt: Time,
  broadcast: Type.Boolean(),
  task: TaskData,
});

export const AgentState = Type.Object({
  presence: Type.String(),
  state: Type.String(),
  stateSince: NullableTime,
  notReady: Type.Boolean(),
  afterCallWorkUntil: NullableTime,
  tasks: Type.Array(
    Type.Object({ id: Type.String(), modality: Type.String(), serviceId: Type.String() }),
  ),
  offer: Nullable(OfferView),
  services: Type.Array(
    Type.Object({
      id: Type.String(),
      upn: Type.String(),
      displayName: Type.String(),
      responsible: Type.Boolean(),
      modalities: Type.Array(Type.String()),
    }),
  ),
});

/** A line said to or by the customer, as the prompts and messages of a task list them. */
export const TaskText = Type.Object({
  id: Type.Integer({ description: "The event's seq: pass it as `after` to read on." }),
  at: Time,
  text: Type.String(),
  node: Type.Optional(Type.String()),
});

export const Attempt = Type.Object({
  seq: Type.Integer(),
  taskId: Nullable(Type.String()),
  attempt: Type.Integer(),
  status: Type.Integer({ description: "The receiver's HTTP status; 0 when none answered." }),
  latencyMs: Type.Number(),
  error: Nullable(Type.String()),
  at: Time,
});

export const SubscriptionView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: Type.String({
    description:
      "`active`, `paused`, `failing` (the reason in `lastError`), `gone` (the callback answered 404 for ten minutes), `disabled` or `suspended`.",
  }),
  owner: Type.Object({ id: Type.String(), upn: Nullable(Type.String()) }),
  callback: Type.Object(
    {
      url: Type.String({ description: "The callback's origin and path; its query is a secret." }),
      fingerprint: Type.String({ description: "Tells callbacks with the same path apart." }),
    },
    { additionalProperties: false },
  ),
  filter: Type.Object({}),
  cursor: Type.Integer(),
  createdAt: NullableTime,
  lastDeliveryAt: NullableTime,
  lastError: Nullable(Type.String()),
  failingSince: NullableTime,
  notFound: Type.Object({ since: NullableTime, count: Type.Integer() }),
  ownerLostAccess: Type.Boolean(),
  ownerLostAccessAt: NullableTime,
  lag: Type.Object({ events: Type.Integer(), seconds: Type.Number() }),
  parked: Type.Integer(),
});

const Assignment = Type.Object({ serviceId: Type.String(), modality: Type.String() });

export const WorkflowSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  modality: Type.String(),
  version: Type.Integer(),
  createdAt: Time,
  assignedTo: Type.Array(Assignment),
});

export const AddressBookView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  orgUnitId: Type.String(),
  created: NullableTime,
});
