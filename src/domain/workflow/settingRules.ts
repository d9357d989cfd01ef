/**
 * Checks on settings that a schema cannot express: regular expressions that compile, IANA
 * time zones, `HH:MM` times in order, real calendar dates, exactly one Transfer target and
 * placeholders that are closed. Values of the wrong type are left to the schema check.
 */

import isSafeRegex from "safe-regex2";
import { type ActivityName, workflowRegExp } from "./activities.ts";
import { placeholdersIn, templatesOf } from "./activityParameters.ts";
import { type WorkflowProblem, workflowError } from "./problems.ts";
import { isRecord } from "./schemaProblems.ts";
import type { LooseNode } from "./shape.ts";

type Settings = Readonly<Record<string, unknown>>;

function regexProblem(node: string, field: string, pattern: unknown): WorkflowProblem[] {
  if (typeof pattern !== "string") return [];
  try {
    workflowRegExp(pattern);
  } catch (error) {
    return [
      workflowError(node, field, `is not a valid regular expression (${(error as Error).message})`),
    ];
  }
  // Customers' text runs through it: a pattern that can backtrack exponentially would let
  // one message stall the whole engine.
  if (!isSafeRegex(pattern)) {
    return [
      workflowError(
        node,
        field,
        "repeats a repetition (e.g. (a+)+), which can take exponential time; simplify it",
      ),
    ];
  }
  return [];
}

/** A header name as HTTP allows it (a token). */
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function headerProblems(node: string, headers: unknown): WorkflowProblem[] {
  if (!isRecord(headers)) return [];
  return Object.keys(headers)
    .filter((name) => !headerName.test(name))
    .map((name) => workflowError(node, `settings.headers.${name}`, "is not a valid header name"));
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Minutes since midnight of `HH:MM`; `24:00` only where `endOfDay` allows it. */
export function minutesOf(time: string, endOfDay: boolean): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (match) return Number(match[1]) * 60 + Number(match[2]);
  return endOfDay && time === "24:00" ? 24 * 60 : null;
}

export function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

function openingHoursProblems(id: string, settings: Settings): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const { timeZone, weekly, holidays } = settings;
  if (typeof timeZone === "string" && !isTimeZone(timeZone)) {
    problems.push(workflowError(id, "settings.timeZone", `"${timeZone}" is not an IANA time zone`));
  }
  for (const [i, slot] of (Array.isArray(weekly) ? weekly : []).entries()) {
    if (!isRecord(slot) || typeof slot.from !== "string" || typeof slot.to !== "string") continue;
    const field = `settings.weekly[${i}]`;
    const from = minutesOf(slot.from, false);
    const to = minutesOf(slot.to, true);
    if (from === null)
      problems.push(workflowError(id, `${field}.from`, "must be a time HH:MM (00:00–23:59)"));
    if (to === null)
      problems.push(workflowError(id, `${field}.to`, "must be a time HH:MM (00:00–24:00)"));
    if (from !== null && to !== null && from >= to) {
      problems.push(workflowError(id, `${field}.to`, `must be later than from (${slot.from})`));
    }
  }
  for (const [i, date] of (Array.isArray(holidays) ? holidays : []).entries()) {
    if (typeof date === "string" && !isCalendarDate(date)) {
      problems.push(workflowError(id, `settings.holidays[${i}]`, "must be a date YYYY-MM-DD"));
    }
  }
  return problems;
}

const operatorsWithValue: readonly unknown[] = ["equals", "notEquals", "contains", "matches"];

function activityProblems(
  id: string,
  activity: ActivityName,
  settings: Settings,
): WorkflowProblem[] {
  switch (activity) {
    case "OpeningHours":
      return openingHoursProblems(id, settings);
    case "InputCustomer":
    case "InputCustomerAdvanced": {
      const { minLength, maxLength } = settings;
      const ordered =
        typeof minLength !== "number" || typeof maxLength !== "number" || minLength <= maxLength;
      return [
        ...regexProblem(id, "settings.pattern", settings.pattern),
        ...(ordered ? [] : [workflowError(id, "settings.maxLength", "must be ≥ minLength")]),
      ];
    }
    case "CheckParameter": {
      const { operator, value } = settings;
      if (value === undefined && operatorsWithValue.includes(operator)) {
        return [
          workflowError(id, "settings.value", `is required for operator ${String(operator)}`),
        ];
      }
      return operator === "matches" ? regexProblem(id, "settings.value", value) : [];
    }
    case "Transfer": {
      const { target } = settings;
      if (!isRecord(target)) return [];
      const given = ["service", "number", "user"].filter((key) => target[key] !== undefined);
      return given.length === 1
        ? []
        : [
            workflowError(
              id,
              "settings.target",
              `must name exactly one of service, number, user (names ${given.length})`,
            ),
          ];
    }
    case "Start":
    case "Accept":
    case "Announcement":
    case "CollectInformation":
      return headerProblems(id, settings.headers);
    case "SaveToParameter":
    case "GetAvailableUsers":
    case "GetQueuePosition":
    case "Queue":
    case "QueueTask":
    case "WaitForParameter":
    case "Voicemail":
    case "Disconnect":
      return [];
    default: {
      const never: never = activity;
      return never;
    }
  }
}

export function settingProblems(node: LooseNode): WorkflowProblem[] {
  if (node.activity === null) return [];
  const problems = activityProblems(node.id, node.activity, node.settings);
  for (const { field, text } of templatesOf(node.activity, node.settings)) {
    if (placeholdersIn(text).unclosed) {
      problems.push(workflowError(node.id, `settings.${field}`, "has a {{ with no matching }}"));
    }
  }
  return problems;
}
