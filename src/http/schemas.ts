/** Request schemas shared by validation, types and the API description. */
import { Type } from "typebox";
import { presenceStatuses } from "../domain/events.ts";
import { distributionPolicies, revokedOwnerFlowModes, roles } from "../domain/model.ts";

/**
 * Text as the stores can keep it: no NUL characters and no unpaired surrogates (PostgreSQL
 * refuses both in JSON). The pattern runs with Unicode semantics, so pairs pass.
 */
export const textPattern = "^[^\\u0000\\uD800-\\uDFFF]*$";

const text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, pattern: textPattern, ...(description ? { description } : {}) });

const address = (description: string) =>
  Type.String({ minLength: 1, maxLength: 320, pattern: textPattern, description });

/** Ids this API hands out (UUIDs) and accepts back. */
const id = Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._:-]+$" });

const strict = { additionalProperties: false } as const;

export const CallBody = Type.Object(
  {
    to: address("Service UPN or telephone number"),
    from: text(320, "Caller's number or UPN; empty if anonymous"),
  },
  strict,
);

export const ChatBody = Type.Object(
  { to: address("Service UPN"), from: text(320), message: text(32_000) },
  strict,
);

export const EmailBody = Type.Object(
  {
    to: address("Service UPN or mailbox"),
    from: text(320),
    subject: text(2_000),
    body: text(200_000),
  },
  strict,
);

export const TaskIdParams = Type.Object({ taskId: id });

/** A position in the log or a transcript to read after: no store holds one past 2^53 − 1. */
export const AfterPosition = (description?: string) =>
  Type.Integer({
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    ...(description === undefined ? {} : { description }),
  });

export const MessagesQuery = Type.Object(
  {
    after: Type.Optional(AfterPosition("Only messages after this id")),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })),
  },
  strict,
);

/** What the customer entered: DTMF digits on a call, or a chat message; exactly one. */
export const InputBody = Type.Object(
  {
    digits: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 65,
        pattern: "^[0-9*#]+$",
        description: "DTMF digits; a trailing # ends the entry",
      }),
    ),
    message: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 4_000,
        pattern: textPattern,
        description: "Chat message",
      }),
    ),
  },
  strict,
);
export const OfferIdParams = Type.Object({ id });

export const PresenceBody = Type.Object({ status: Type.Enum([...presenceStatuses]) }, strict);

export const OffersQuery = Type.Object({
  waitMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
});

/** Exactly one of `upn` (a user's token) or `gateway` (an ingress gateway's token). */
export const TokenBody = Type.Object(
  {
    upn: Type.Optional(address("UPN of the user the token speaks for")),
    gateway: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        pattern: textPattern,
        description: "Gateway name",
      }),
    ),
    expiresInSeconds: Type.Optional(
      Type.Integer({
        minimum: 60,
        maximum: 10 * 366 * 86_400,
        description: "The token stops working this long after it is made; never, if not given",
      }),
    ),
  },
  strict,
);

export const UserIdParams = Type.Object({ userId: id });

export const RoleBody = Type.Object({ role: Type.Enum([...roles]) }, strict);

export const SettingsBody = Type.Object(
  {
    revokedOwnerFlows: Type.Enum([...revokedOwnerFlowModes], {
      description: "keep: flows of an owner who lost access keep firing; suspend: they stop",
    }),
  },
  strict,
);

export const OwnerBody = Type.Object({ upn: address("UPN of the new owner") }, strict);

export const TokenIdParams = Type.Object({
  id: Type.String({ minLength: 16, maxLength: 16, pattern: "^[0-9a-f]{16}$" }),
});

export const EventsQuery = Type.Object({
  after: Type.Optional(AfterPosition()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })),
  taskId: Type.Optional(id),
  include: Type.Optional(Type.Enum(["trigger", "all"])),
});

export const ServiceIdParams = Type.Object({ serviceId: id });

export const ResponsibilityBody = Type.Object(
  {
    active: Type.Boolean({
      description: "Whether the user takes the service's tasks; off, none are offered",
    }),
  },
  strict,
);

const seconds = (minimum: number, maximum: number, description: string) =>
  Type.Optional(Type.Integer({ minimum, maximum, description }));

/** Routing settings to change; the ones left out keep their value. */
export const RoutingBody = Type.Object(
  {
    maxQueueSeconds: seconds(1, 86_400, "Seconds a task may wait in the queue"),
    ronaSeconds: seconds(5, 300, "Seconds an offer rings before it goes to the next user"),
    policy: Type.Optional(
      Type.Enum([...distributionPolicies], { description: "Who of the free members is offered" }),
    ),
    afterCallWorkSeconds: seconds(0, 3_600, "Wrap-up time after each task; 0 for none"),
    preferredUserSeconds: seconds(
      0,
      3_600,
      "How long only a task's preferred users are offered it",
    ),
  },
  strict,
);
