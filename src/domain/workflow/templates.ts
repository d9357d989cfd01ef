/**
 * Reading a task's values by name, as workflows do: `{{name}}` placeholders in templates,
 * CheckParameter and WaitForParameter. A system field (`callerTelNumber`, `customer.email`)
 * is read from the task's payload; any other name is a custom context parameter. A name
 * with no value reads as the empty string.
 */
import type { TaskEventData } from "../taskEventData.ts";
import { placeholder } from "./activityParameters.ts";
import { isWorkflowSystemField } from "./systemFields.ts";

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "";
}

export function fieldValue(data: TaskEventData, name: string): string {
  if (isWorkflowSystemField(name)) {
    if (name.startsWith("customer.")) {
      const customer = data.taskInformation.customer as Record<string, unknown> | undefined;
      return text(customer?.[name.slice("customer.".length)]);
    }
    return text((data as unknown as Record<string, unknown>)[name]);
  }
  return data.taskInformation.customContextParameters.find((p) => p.name === name)?.value ?? "";
}

/** How a value is written into its place: a URL needs encoding, a header no line breaks. */
export type TemplateContext = "text" | "url" | "header" | "json";

const encoders: Readonly<Record<TemplateContext, (value: string) => string>> = {
  text: (value) => value,
  url: (value) => encodeURIComponent(value),
  header: (value) => value.replace(/[\r\n]+/g, " "),
  json: (value) => JSON.stringify(value).slice(1, -1),
};

/**
 * The most characters a filled-in template keeps: values feed later templates, and a
 * workflow that doubles a parameter at each step must not grow it without end.
 */
export const maxRenderedLength = 8_000;

export function renderTemplate(
  template: string,
  data: TaskEventData,
  context: TemplateContext = "text",
): string {
  const encode = encoders[context];
  const rendered = template.replace(placeholder, (_match, name: string) =>
    encode(fieldValue(data, name).slice(0, maxRenderedLength)),
  );
  return rendered.slice(0, maxRenderedLength);
}
