/** Request and response schemas shared by validation, types and the API description. */
import { Type } from "typebox";
import { presenceStatuses } from "../domain/events.ts";

const address = (description: string) => Type.String({ minLength: 1, maxLength: 320, description });

export const CallBody = Type.Object({
  to: address("Service UPN or telephone number"),
  from: Type.String({ maxLength: 320, description: "Caller's number or UPN; empty if anonymous" }),
});

export const ChatBody = Type.Object({
  to: address("Service UPN"),
  from: Type.String({ maxLength: 320 }),
  message: Type.String({ maxLength: 32_000 }),
});

export const EmailBody = Type.Object({
  to: address("Service UPN or mailbox"),
  from: Type.String({ maxLength: 320 }),
  subject: Type.String({ maxLength: 2_000 }),
  body: Type.String({ maxLength: 1_000_000 }),
});

export const TaskIdParams = Type.Object({ taskId: Type.String({ minLength: 1, maxLength: 100 }) });
export const OfferIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const PresenceBody = Type.Object({
  status: Type.Enum([...presenceStatuses]),
});

export const OffersQuery = Type.Object({
  waitMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
});

/** Exactly one of `upn` (a user's token) or `gateway` (an ingress gateway's token). */
export const TokenBody = Type.Object({
  upn: Type.Optional(address("UPN of the user the token speaks for")),
  gateway: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});

export const EventsQuery = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  taskId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  include: Type.Optional(Type.Enum(["trigger", "all"])),
});
