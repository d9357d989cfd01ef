/**
 * Which parameters an activity sets and reads, taken from its settings. The functions read
 * settings defensively (a setting of the wrong type is skipped) so that one bad setting does
 * not hide the parameter problems of the rest of the workflow.
 */
import { type ActivityName, activityCatalogue } from "./activities.ts";

type Settings = Readonly<Record<string, unknown>>;

/** A parameter name used by a node, and the setting (`parameter`, `mappings[0].parameter`). */
export interface ParameterUse {
  readonly name: string;
  readonly field: string;
}

/** A template setting's text: `message`, or `headers.Authorization` for an object setting. */
export interface TemplateText {
  readonly field: string;
  readonly text: string;
}

function named(settings: Settings, key: string): ParameterUse[] {
  const value = settings[key];
  return typeof value === "string" ? [{ name: value, field: key }] : [];
}

export function parametersSetBy(activity: ActivityName, settings: Settings): ParameterUse[] {
  switch (activity) {
    case "SaveToParameter":
    case "GetAvailableUsers":
    case "GetQueuePosition":
    case "InputCustomer":
    case "InputCustomerAdvanced":
    // Set from outside (a flow's Update task); the activity waits for it.
    case "WaitForParameter":
      return named(settings, "parameter");
    case "CollectInformation": {
      const mappings = settings.mappings;
      if (!Array.isArray(mappings)) return [];
      return mappings.flatMap((mapping: unknown, i) => {
        const name = (mapping as { parameter?: unknown } | null)?.parameter;
        return typeof name === "string" ? [{ name, field: `mappings[${i}].parameter` }] : [];
      });
    }
    case "Start":
    case "Accept":
    case "Announcement":
    case "CheckParameter":
    case "Queue":
    case "QueueTask":
    case "OpeningHours":
    case "Transfer":
    case "Voicemail":
    case "Disconnect":
      return [];
    default: {
      const never: never = activity;
      return never;
    }
  }
}

/**
 * The one exit after which an activity's parameters hold, or null when they hold after every
 * exit: a failed HTTP call or a timed-out input sets nothing.
 */
export function exitCarryingSets(activity: ActivityName): string | null {
  switch (activity) {
    case "CollectInformation":
    case "InputCustomer":
    case "InputCustomerAdvanced":
      return "success";
    case "WaitForParameter":
      return "changed";
    case "Start":
    case "Accept":
    case "Announcement":
    case "SaveToParameter":
    case "CheckParameter":
    case "GetAvailableUsers":
    case "GetQueuePosition":
    case "Queue":
    case "QueueTask":
    case "OpeningHours":
    case "Transfer":
    case "Voicemail":
    case "Disconnect":
      return null;
    default: {
      const never: never = activity;
      return never;
    }
  }
}

export function templatesOf(activity: ActivityName, settings: Settings): TemplateText[] {
  return activityCatalogue[activity].templates.flatMap((key): TemplateText[] => {
    const value = settings[key];
    if (typeof value === "string") return [{ field: key, text: value }];
    if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
    return Object.entries(value).flatMap(([name, text]) =>
      typeof text === "string" ? [{ field: `${key}.${name}`, text }] : [],
    );
  });
}

/** A `{{name}}` placeholder of a template; the name is its first group. */
export const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The names a template's `{{name}}` placeholders refer to, and whether a `{{` is left open. */
export function placeholdersIn(text: string): { names: string[]; unclosed: boolean } {
  const names = [...text.matchAll(placeholder)].map((match) => match[1] ?? "");
  const unclosed = text.replace(placeholder, "").includes("{{");
  return { names, unclosed };
}

/**
 * Parameters a node reads: CheckParameter's parameter and placeholders. WaitForParameter does
 * not read its parameter: it waits for something outside (a flow) to set it.
 */
export function parametersReadBy(activity: ActivityName, settings: Settings): ParameterUse[] {
  const direct = activity === "CheckParameter" ? named(settings, "parameter") : [];
  const placed = templatesOf(activity, settings).flatMap(({ field, text }) =>
    [...new Set(placeholdersIn(text).names)].map((name) => ({ name, field })),
  );
  return [...direct, ...placed];
}
