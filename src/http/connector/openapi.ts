/**
 * The slice of OpenAPI 2.0, with the Power Automate `x-ms-*` extensions, that the Cirrus
 * connector definition is written in, plus the small helpers its parts share.
 */

/** Where Power Automate shows a field: up front, behind "advanced", or not at all. */
export type Visibility = "important" | "advanced" | "internal";

/** A drop-down filled from another operation of the connector. */
export interface DynamicValues {
  readonly operationId: string;
  readonly "value-path"?: string;
  readonly "value-title"?: string;
}

export interface Schema {
  readonly $ref?: string;
  readonly type?: "object" | "array" | "string" | "integer" | "boolean";
  readonly format?: "int32" | "date-time";
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: number;
  readonly enum?: readonly string[];
  readonly example?: string;
  readonly "x-ms-summary"?: string;
  readonly "x-ms-visibility"?: Visibility;
  readonly "x-ms-dynamic-values"?: DynamicValues;
  readonly "x-ms-notification-url"?: boolean;
}

interface ParameterBase {
  readonly name: string;
  readonly description?: string;
  readonly required?: boolean;
  readonly "x-ms-summary"?: string;
  readonly "x-ms-visibility"?: Visibility;
}

export interface BodyParameter extends ParameterBase {
  readonly in: "body";
  readonly schema: Schema;
}

export interface SimpleParameter extends ParameterBase {
  readonly in: "path" | "query";
  readonly type: "string" | "array";
  readonly items?: Schema;
  readonly "x-ms-url-encoding"?: "single" | "double";
  readonly "x-ms-dynamic-values"?: DynamicValues;
}

export type Parameter = BodyParameter | SimpleParameter;

export interface Response {
  readonly description: string;
  readonly schema?: Schema;
  readonly "x-ms-summary"?: string;
}

export type Responses = Readonly<Record<string, Response>>;

export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags?: readonly string[];
  readonly "x-ms-summary"?: string;
  readonly "x-ms-visibility"?: Visibility;
  readonly "x-ms-trigger"?: "single" | "batch";
  readonly parameters?: readonly Parameter[];
  readonly responses: Responses;
}

export interface PathItem {
  /** What a webhook trigger registered at this path later posts to its callback URL. */
  readonly "x-ms-notification-content"?: { readonly description: string; readonly schema: Schema };
  readonly get?: Operation;
  readonly post?: Operation;
  readonly put?: Operation;
  readonly delete?: Operation;
}

export type Paths = Readonly<Record<string, PathItem>>;

export const definitionNames = [
  "TaskEventData",
  "TaskInformation",
  "Customer",
  "TelNumber",
  "CustomField",
  "CustomContextParameter",
  "PreferredUser",
  "ServiceUpnValues",
  "UserUpnValues",
  "EventValues",
  "TaskModality",
  "TaskDirection",
  "AddressBook",
  "NameValue",
  "AddressBookList",
  "ContactReadDto",
  "ContactWriteDto",
  "Address",
  "DistributionPriority",
  "DistributionPriorityList",
  "SchedulerEntryEventData",
  "SchedulerEntryWriteData",
  "ExternalTaskWriteDto",
  "ExternalTaskWriteResult",
  "Modality",
  // Beyond the certified connector: the virtual user assistant.
  "VoiceTranscriptionReadyEventData",
  "AssistantTranscriptLine",
  "AssistantData",
] as const;
export type DefinitionName = (typeof definitionNames)[number];
export type Definitions = Readonly<Record<DefinitionName, Schema>>;

/** A reference to one of the connector's own definitions; the name is checked at compile time. */
export function ref(name: DefinitionName): Schema {
  return { $ref: `#/definitions/${name}` };
}

type ErrorStatus = 400 | 401 | 403 | 404 | 500 | 504;

const errorText: Readonly<Record<ErrorStatus, string>> = {
  400: "The request is malformed or does not pass validation.",
  401: "The bearer token is missing or not known to Cirrus.",
  403: "The token is valid but does not grant access to this resource.",
  404: "Cirrus has nothing under this id.",
  500: "Cirrus failed while handling the request.",
  504: "Cirrus did not answer in time.",
};

/**
 * The failure responses of an operation: the listed statuses with Cirrus's standard wording
 * (or the wording given), followed by the catch-all `default`.
 */
export function failures(
  ...statuses: readonly (ErrorStatus | readonly [ErrorStatus, string])[]
): Responses {
  const out: Record<string, Response> = {};
  for (const entry of statuses) {
    const [status, description] = typeof entry === "number" ? [entry, errorText[entry]] : entry;
    out[String(status)] = { description };
  }
  out.default = { description: "The request failed; the body is a problem document." };
  return out;
}

/** Path parameters are single-encoded by Power Automate, as Cirrus's router expects. */
export function pathParameter(
  name: string,
  fields: Omit<SimpleParameter, "name" | "in" | "type" | "required" | "x-ms-url-encoding">,
): SimpleParameter {
  return {
    name,
    in: "path",
    "x-ms-url-encoding": "single",
    required: true,
    type: "string",
    ...fields,
  };
}

/** A labelled field of a definition: its type, the label Power Automate shows, and its meaning. */
export function field(
  type: "string" | "integer" | "boolean",
  label: string,
  description: string,
  extra: Schema = {},
): Schema {
  return { type, description, "x-ms-summary": label, ...extra };
}

/** A field whose label is also its JSON Schema `title` (shown in trigger outputs). */
export function titled(label: string, description: string, extra: Schema = {}): Schema {
  return field("string", label, description, { title: label, ...extra });
}
