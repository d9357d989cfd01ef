/**
 * The limits the connector's routes enforce, carried into the definition Cirrus serves: each
 * request definition is walked beside the TypeBox schema its route validates with, and every
 * limit keyword of the schema (lengths, counts, ranges, patterns, enums, closed objects) is
 * copied onto it. A property on one side only, or one definition given two sets of limits,
 * stops the build, so the served definition cannot drift from what the server accepts.
 */
import type { TSchema } from "typebox";
import {
  AddressBookParams,
  ContactBody,
  ContactsQuery,
  ExternalIdsBody,
} from "../address-book-schemas.ts";
import {
  AssistantTriggerBody,
  SchedulerTriggerBody,
  TaskInformationBody,
  TaskTriggerBody,
  TriggerIdParams,
} from "../connector-schemas.ts";
import {
  ExternalTaskBody,
  ExternalTaskParams,
  SchedulerEntriesQuery,
  SchedulerEntryBody,
  SchedulerEntryParams,
} from "../outbound-schemas.ts";
import { TaskIdParams } from "../schemas.ts";
import type { DefinitionName, Definitions, Paths, Schema } from "./openapi.ts";

const limitKeys = [
  "maxLength",
  "minLength",
  "pattern",
  "maxItems",
  "minItems",
  "minimum",
  "maximum",
  "enum",
  "additionalProperties",
] as const;

type Loose = Record<string, unknown>;

/** The request definitions and the schema their route validates with. */
const validatedBy: Partial<Record<DefinitionName, TSchema>> = {
  TaskInformation: TaskInformationBody,
  ContactWriteDto: ContactBody,
  SchedulerEntryWriteData: SchedulerEntryBody,
  ExternalTaskWriteDto: ExternalTaskBody,
};

/** TypeBox's `Union` of literals, as OpenAPI 2.0 says it: an enum. */
function enumOf(schema: Loose): readonly unknown[] | undefined {
  const options = schema.anyOf;
  if (!Array.isArray(options)) return undefined;
  const values = options.map((o: Loose) => o.const);
  return values.every((v) => typeof v === "string") ? values : undefined;
}

/** The limit keywords of a TypeBox schema. */
export function limitsOf(schema: TSchema): Loose {
  const loose = schema as Loose;
  const out: Loose = {};
  for (const key of limitKeys) if (key in loose) out[key] = loose[key];
  const values = enumOf(loose);
  if (values) out.enum = values;
  return out;
}

/** The definitions with the limits of their validating schemas; throws on any mismatch. */
export function withLimits(definitions: Definitions): Definitions {
  const out = structuredClone(definitions) as unknown as Record<string, Loose>;
  const seen = new Map<string, string>();

  function apply(target: Loose, schema: TSchema, at: string): void {
    const ref = typeof target.$ref === "string" ? target.$ref : undefined;
    if (ref) {
      const name = ref.replace("#/definitions/", "");
      const fingerprint = JSON.stringify(schema);
      const before = seen.get(name);
      if (before !== undefined && before !== fingerprint) {
        throw new Error(`definition ${name} is validated by two different schemas (${at})`);
      }
      if (before !== undefined) return;
      seen.set(name, fingerprint);
      const definition = out[name];
      if (!definition) throw new Error(`${at} refers to a missing definition ${name}`);
      apply(definition, schema, name);
      return;
    }
    Object.assign(target, limitsOf(schema));
    const loose = schema as Loose;
    const properties = loose.properties as Record<string, TSchema> | undefined;
    if (properties) {
      const mine = (target.properties ?? {}) as Record<string, Loose>;
      const names = (o: object) => Object.keys(o).sort().join(",");
      if (names(mine) !== names(properties)) {
        throw new Error(`${at}: the definition has ${names(mine)}, the route ${names(properties)}`);
      }
      for (const [name, property] of Object.entries(properties)) {
        const field = mine[name];
        if (field) apply(field, property, `${at}.${name}`);
      }
    }
    if (loose.items && target.items)
      apply(target.items as Loose, loose.items as TSchema, `${at}[]`);
  }

  for (const [name, schema] of Object.entries(validatedBy)) {
    apply({ $ref: `#/definitions/${name}` }, schema, name);
  }
  return out as unknown as Definitions;
}

/** Keys the served definition may carry beyond the reference: the limits it enforces. */
export const declaredLimitKeys: readonly string[] = limitKeys;

export type { Schema };

/** The schemas an operation's parameters are validated with: by parameter name, or `body`. */
const parametersValidatedBy: Readonly<Record<string, Readonly<Record<string, TSchema>>>> = {
  RegisterTaskWebHook: { body: TaskTriggerBody },
  RegisterSchedulerEntryTrigger: { body: SchedulerTriggerBody },
  RegisterAssistantTrigger: { body: AssistantTriggerBody },
  DeleteTaskEventsTrigger: TriggerIdParams.properties,
  DeleteSchedulerEntriesTrigger: TriggerIdParams.properties,
  DeleteAssistantTrigger: TriggerIdParams.properties,
  UpdateTask: TaskIdParams.properties,
  RemoveExternalTask: ExternalTaskParams.properties,
  UpdateSchedulerEntry: SchedulerEntryParams.properties,
  DeleteSchedulerEntry: SchedulerEntryParams.properties,
  GetSchedulerEntries: SchedulerEntriesQuery.properties,
  // A list in the query arrives repeated or comma-separated; the definition declares the list.
  GetContacts: { ...AddressBookParams.properties, externalIds: listOf(ContactsQuery) },
  AddContact: AddressBookParams.properties,
  UpdateContact: AddressBookParams.properties,
  RemoveContacts: { ...AddressBookParams.properties, body: ExternalIdsBody },
  ClearContacts: AddressBookParams.properties,
};

/** The array form of a query's `externalIds`, which is a text or a list of them. */
function listOf(query: typeof ContactsQuery): TSchema {
  const forms = (query.properties.externalIds as unknown as Loose).anyOf as TSchema[];
  const list = forms.find((form) => (form as Loose).type === "array");
  if (!list) throw new Error("the contacts query takes no list of external ids");
  return list;
}

/** The paths with the limits of the path, query and inline body parameters they validate. */
export function pathsWithLimits(paths: Paths): Paths {
  const out = structuredClone(paths) as unknown as Record<string, Record<string, Loose>>;
  for (const item of Object.values(out)) {
    for (const operation of Object.values(item)) {
      const schemas = parametersValidatedBy[String(operation.operationId)];
      if (!schemas || !Array.isArray(operation.parameters)) continue;
      for (const parameter of operation.parameters as Loose[]) {
        const key = parameter.in === "body" ? "body" : String(parameter.name);
        const schema = schemas[key];
        if (!schema) continue;
        copyLimits(parameter.in === "body" ? (parameter.schema as Loose) : parameter, schema);
      }
    }
  }
  return out as unknown as Paths;
}

/** Limits of an inline schema, recursively through its properties and items. */
function copyLimits(target: Loose, schema: TSchema): void {
  Object.assign(target, limitsOf(schema));
  const loose = schema as Loose;
  const properties = loose.properties as Record<string, TSchema> | undefined;
  const mine = target.properties as Record<string, Loose> | undefined;
  if (properties && mine) {
    for (const [name, property] of Object.entries(properties)) {
      const field = mine[name];
      if (!field) throw new Error(`the definition lacks ${name}, which the route validates`);
      copyLimits(field, property);
    }
  }
  if (loose.items && target.items) copyLimits(target.items as Loose, loose.items as TSchema);
}
