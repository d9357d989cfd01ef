/** Request schemas of the connector's routes, with the certified definition's field names. */
import { type Static, Type } from "typebox";
import type {
  Customer as TaskCustomer,
  NameValue as TaskNameValue,
} from "../domain/taskEventData.ts";
import { textPattern } from "./schemas.ts";

export const text = (maxLength: number) => Type.String({ maxLength, pattern: textPattern });
const list = (maxItems: number) => Type.Array(text(320), { maxItems });

export const TaskTriggerBody = Type.Object(
  {
    config: Type.Object({
      url: Type.String({ minLength: 1, maxLength: 2_000, pattern: textPattern }),
      services: Type.Array(text(320), { minItems: 1, maxItems: 500 }),
      taskEvents: list(50),
      modalities: Type.Optional(list(10)),
      directions: Type.Optional(list(10)),
    }),
  },
  { additionalProperties: false },
);

export const SchedulerTriggerBody = Type.Object(
  {
    config: Type.Object({
      url: Type.String({ minLength: 1, maxLength: 2_000, pattern: textPattern }),
      services: Type.Array(text(320), { minItems: 1, maxItems: 500 }),
      schedulerEntryEvents: list(50),
    }),
  },
  { additionalProperties: false },
);

/** "When the virtual user assistant has an update": callback and services, no event filter. */
export const AssistantTriggerBody = Type.Object(
  {
    config: Type.Object({
      url: Type.String({ minLength: 1, maxLength: 2_000, pattern: textPattern }),
      services: Type.Array(text(320), { minItems: 1, maxItems: 500 }),
    }),
  },
  { additionalProperties: false },
);

export const TriggerIdParams = Type.Object({
  triggerId: Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._:-]+$" }),
});

const strict = { additionalProperties: false } as const;

/** A named value; the reference requires only the name, a missing value is the empty text. */
export const NameValue = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, pattern: textPattern }),
    value: Type.Optional(text(4_000)),
  },
  strict,
);

/** Named values as the engine holds them: each with a value, empty where none was sent. */
export function withValues(items: readonly Static<typeof NameValue>[]): TaskNameValue[];
export function withValues(
  items: readonly Static<typeof NameValue>[] | undefined,
): TaskNameValue[] | undefined;
export function withValues(
  items: readonly Static<typeof NameValue>[] | undefined,
): TaskNameValue[] | undefined {
  return items?.map(({ name, value }) => ({ name, value: value ?? "" }));
}

export const Customer = Type.Object(
  {
    firstName: Type.Optional(text(200)),
    lastName: Type.Optional(text(200)),
    displayName: Type.Optional(text(400)),
    company: Type.Optional(text(400)),
    jobTitle: Type.Optional(text(400)),
    department: Type.Optional(text(400)),
    streetAddress: Type.Optional(text(400)),
    postCode: Type.Optional(text(40)),
    city: Type.Optional(text(200)),
    state: Type.Optional(text(200)),
    country: Type.Optional(text(200)),
    primaryTelNumber: Type.Optional(text(64)),
    telNumbers: Type.Optional(Type.Array(NameValue, { maxItems: 50 })),
    UPN: Type.Optional(text(320)),
    imAddress: Type.Optional(text(320)),
    email: Type.Optional(text(320)),
    customFields: Type.Optional(Type.Array(NameValue, { maxItems: 100 })),
  },
  strict,
);

/** An agent a task is offered to first. */
export const PreferredUser = Type.Object(
  {
    upn: Type.String({ minLength: 1, maxLength: 320, pattern: textPattern }),
    priority: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 99, description: "1 high to 99 low; 99 if none" }),
    ),
  },
  strict,
);

/** `TaskInformation` of the certified definition. */
export const TaskInformationBody = Type.Object(
  {
    customer: Type.Optional(Customer),
    customContextParameters: Type.Optional(Type.Array(NameValue, { maxItems: 100 })),
    preferredUsers: Type.Optional(Type.Array(PreferredUser, { maxItems: 10 })),
  },
  strict,
);

/** The customer as the engine holds it: its numbers and custom fields each with a value. */
export function customerOf(customer: Static<typeof Customer>): TaskCustomer {
  const { telNumbers, customFields, ...rest } = customer;
  const numbers = withValues(telNumbers);
  const fields = withValues(customFields);
  return {
    ...rest,
    ...(numbers === undefined ? {} : { telNumbers: numbers }),
    ...(fields === undefined ? {} : { customFields: fields }),
  };
}
