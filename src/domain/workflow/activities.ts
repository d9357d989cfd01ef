/**
 * The activity catalogue as data: for each activity the schema of its settings, its exits,
 * whether it lets time pass, which settings are templates and which parameters it sets and
 * reads. The validator and (later) the interpreter both read it; docs/workflows.md is the spec.
 */
import { type Static, type TObject, Type } from "typebox";
import { distributionPriorities } from "../model.ts";

export const activityNames = [
  "Start",
  "Accept",
  "Announcement",
  "CollectInformation",
  "SaveToParameter",
  "CheckParameter",
  "GetAvailableUsers",
  "GetQueuePosition",
  "InputCustomer",
  "InputCustomerAdvanced",
  "Queue",
  "QueueTask",
  "WaitForParameter",
  "OpeningHours",
  "Transfer",
  "Voicemail",
  "Disconnect",
] as const;
export type ActivityName = (typeof activityNames)[number];

export function isActivityName(name: string): name is ActivityName {
  return (activityNames as readonly string[]).includes(name);
}

export const checkOperators = [
  "equals",
  "notEquals",
  "contains",
  "matches",
  "isEmpty",
  "isNotEmpty",
] as const;
export type CheckOperator = (typeof checkOperators)[number];

export const weekDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** A parameter name: what `{{name}}` placeholders and CheckParameter refer to. */
export const parameterNamePattern = "^[A-Za-z_][A-Za-z0-9_]*$";

const strict = { additionalProperties: false } as const;
const whole = (minimum: number, maximum: number) => Type.Integer({ minimum, maximum });
const ParameterName = Type.String({ minLength: 1, maxLength: 64, pattern: parameterNamePattern });
const Text = Type.String({ maxLength: 8_000 });
const Template = Type.String({ maxLength: 8_000 });
const Name = Type.String({ minLength: 1, maxLength: 320 });

const NoSettings = Type.Object({}, strict);

const InputSettings = Type.Object(
  {
    parameter: ParameterName,
    prompt: Type.Optional(Text),
    minLength: Type.Optional(whole(1, 64)),
    maxLength: Type.Optional(whole(1, 64)),
    pattern: Type.Optional(Type.String({ maxLength: 1_000 })),
    retries: Type.Optional(whole(0, 10)),
    timeoutSeconds: Type.Optional(whole(1, 600)),
  },
  strict,
);

const QueueSettings = Type.Object(
  {
    maxQueueSeconds: Type.Optional(whole(5, 86_400)),
    ronaSeconds: Type.Optional(whole(5, 300)),
    priority: Type.Optional(Type.Enum([...distributionPriorities])),
  },
  strict,
);

const ParameterOnly = Type.Object({ parameter: ParameterName }, strict);

/** One activity's entry; `waits` marks the activities that let time pass. */
export interface ActivitySpec {
  readonly settings: TObject;
  readonly requiredExits: readonly string[];
  readonly optionalExits: readonly string[];
  readonly waits: boolean;
  /** Settings whose strings (or, for an object, whose values) are `{{name}}` templates. */
  readonly templates: readonly string[];
}

const spec = <S extends TObject>(
  settings: S,
  requiredExits: readonly string[],
  waits: boolean,
  more: { optionalExits?: readonly string[]; templates?: readonly string[] } = {},
) => ({
  settings,
  requiredExits,
  optionalExits: more.optionalExits ?? [],
  waits,
  templates: more.templates ?? [],
});

export const activityCatalogue = {
  Start: spec(NoSettings, ["next"], false),
  Accept: spec(NoSettings, ["next"], false),
  Announcement: spec(
    Type.Object({ message: Template, durationSeconds: Type.Optional(whole(0, 600)) }, strict),
    ["next"],
    true,
    { templates: ["message"] },
  ),
  CollectInformation: spec(
    Type.Object(
      {
        method: Type.Optional(Type.Enum([...httpMethods])),
        url: Type.String({ minLength: 1, maxLength: 8_000 }),
        headers: Type.Optional(Type.Record(Type.String(), Template)),
        body: Type.Optional(Template),
        timeoutSeconds: Type.Optional(whole(1, 60)),
        mappings: Type.Optional(
          Type.Array(
            Type.Object(
              { parameter: ParameterName, path: Type.String({ minLength: 1, maxLength: 1_000 }) },
              strict,
            ),
          ),
        ),
      },
      strict,
    ),
    ["success", "failure", "timeout"],
    true,
    { templates: ["url", "headers", "body"] },
  ),
  SaveToParameter: spec(
    Type.Object({ parameter: ParameterName, value: Template }, strict),
    ["next"],
    false,
    { templates: ["value"] },
  ),
  CheckParameter: spec(
    Type.Object(
      {
        parameter: Type.String({ minLength: 1, maxLength: 64 }),
        operator: Type.Enum([...checkOperators]),
        value: Type.Optional(Text),
      },
      strict,
    ),
    ["match", "noMatch"],
    false,
  ),
  GetAvailableUsers: spec(ParameterOnly, ["next"], false),
  GetQueuePosition: spec(ParameterOnly, ["next"], false),
  InputCustomer: spec(InputSettings, ["success", "invalid", "timeout"], true),
  InputCustomerAdvanced: spec(InputSettings, ["success", "invalid", "timeout"], true),
  // Without `noUsers`, a task nobody can take waits to its maximum queue time.
  Queue: spec(QueueSettings, ["timeout"], true, { optionalExits: ["noUsers", "connected"] }),
  QueueTask: spec(QueueSettings, ["timeout"], true, { optionalExits: ["noUsers", "connected"] }),
  WaitForParameter: spec(
    Type.Object(
      {
        parameter: Type.String({ minLength: 1, maxLength: 64 }),
        equals: Type.Optional(Text),
        timeoutSeconds: whole(1, 86_400),
      },
      strict,
    ),
    ["changed", "timeout"],
    true,
  ),
  OpeningHours: spec(
    Type.Object(
      {
        timeZone: Type.String({ minLength: 1, maxLength: 100 }),
        weekly: Type.Array(
          Type.Object(
            {
              days: Type.Array(Type.Enum([...weekDays]), { minItems: 1 }),
              from: Type.String(),
              to: Type.String(),
            },
            strict,
          ),
        ),
        holidays: Type.Optional(Type.Array(Type.String())),
      },
      strict,
    ),
    ["open", "closed", "holiday"],
    false,
  ),
  Transfer: spec(
    Type.Object(
      {
        target: Type.Object(
          { service: Type.Optional(Name), number: Type.Optional(Name), user: Type.Optional(Name) },
          strict,
        ),
      },
      strict,
    ),
    ["failure"],
    false,
  ),
  Voicemail: spec(
    Type.Object({ message: Type.Optional(Text), maxSeconds: Type.Optional(whole(5, 600)) }, strict),
    [],
    false,
  ),
  Disconnect: spec(NoSettings, [], false),
} as const satisfies Record<ActivityName, ActivitySpec>;

/** The settings of one activity, as its schema describes them. */
export type ActivitySettings<A extends ActivityName> = Static<
  (typeof activityCatalogue)[A]["settings"]
>;

/** How a workflow compiles a `pattern` or `matches` regular expression. */
export function workflowRegExp(pattern: string): RegExp {
  return new RegExp(pattern, "u");
}
