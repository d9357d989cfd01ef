/**
 * Request schemas of scheduler entries and external tasks, with the certified definition's
 * field names, ranges and defaults (`SchedulerEntryWriteData`, `ExternalTaskWriteDto`).
 */
import { Type } from "typebox";
import { distributionPriorities } from "../domain/model.ts";
import { destinationOutcomes, entryLimits } from "../domain/schedulerEntry.ts";
import { Customer, NameValue, PreferredUser, text } from "./connector-schemas.ts";

const strict = { additionalProperties: false } as const;

const ranged = (limits: { readonly min: number; readonly max: number; readonly default: number }) =>
  Type.Optional(
    Type.Integer({ minimum: limits.min, maximum: limits.max, default: limits.default }),
  );

const Priority = Type.Union(
  distributionPriorities.map((p) => Type.Literal(p)),
  { description: "Low, Normal (the default), High or Urgent" },
);

export const SchedulerEntryBody = Type.Object(
  {
    ReferenceId: Type.Optional(text(200)),
    destination: Type.String({
      minLength: 3,
      maxLength: 320,
      pattern: "^(\\+?[0-9 ()./-]{3,32}|[^\\s@]+@[^\\s@]+)$",
      description: "A telephone number (E.164 preferred) or a UPN",
    }),
    distributionPriority: Type.Optional(Priority),
    dueDateTimeUtc: Type.String({ format: "date-time", maxLength: 40 }),
    serviceUpn: Type.String({ minLength: 1, maxLength: 320 }),
    maxAttempts: ranged(entryLimits.maxAttempts),
    attemptTimeoutInSeconds: ranged(entryLimits.attemptTimeoutInSeconds),
    maxQueueTimeInSeconds: ranged(entryLimits.maxQueueTimeInSeconds),
    ronaTimeoutInSeconds: ranged(entryLimits.ronaTimeoutInSeconds),
    customCallContextParameters: Type.Optional(Type.Array(NameValue, { maxItems: 100 })),
    customer: Type.Optional(Customer),
  },
  strict,
);

export const SchedulerEntryParams = Type.Object({
  SchedulerEntryID: Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._:-]+$" }),
});

export const SchedulerEntriesQuery = Type.Object({
  serviceUpn: Type.String({ minLength: 1, maxLength: 320 }),
});

export const ExternalTaskBody = Type.Object(
  {
    serviceUpn: Type.String({ minLength: 1, maxLength: 320 }),
    customerIdentifier: Type.Optional(text(320)),
    customer: Type.Optional(Customer),
    customContextParameters: Type.Optional(Type.Array(NameValue, { maxItems: 100 })),
    distributionPriority: Type.Optional(Priority),
    preferredUsers: Type.Optional(Type.Array(PreferredUser, { maxItems: 10 })),
  },
  strict,
);

export const ExternalTaskParams = Type.Object({
  externalTaskId: Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._:-]+$" }),
});

export const DestinationBody = Type.Object(
  {
    outcome: Type.Union(
      destinationOutcomes.map((o) => Type.Literal(o)),
      {
        description: "What came of dialling the destination",
      },
    ),
  },
  strict,
);
