/**
 * The Opening Hours activity's decision: whether an instant falls on a holiday, inside a
 * weekly opening slot, or outside them all, judged by the wall clock of the configured IANA
 * time zone. Pure: the instant is handed in. Daylight-saving changes are left to `Intl`, so a
 * slot means the same local hours on every day of the year.
 */
import type { weekDays } from "./activities.ts";
import { minutesOf } from "./settingRules.ts";

export type OpeningHoursOutcome = "open" | "closed" | "holiday";

export type WeekDay = (typeof weekDays)[number];

export interface OpeningHoursSlot {
  readonly days: readonly WeekDay[];
  /** `HH:MM`, inclusive. */
  readonly from: string;
  /** `HH:MM` or `24:00`, exclusive. */
  readonly to: string;
}

export interface OpeningHoursSettings {
  readonly timeZone: string;
  readonly weekly: readonly OpeningHoursSlot[];
  /** Local dates `YYYY-MM-DD` on which the answer is "holiday" whatever the time. */
  readonly holidays?: readonly string[];
}

interface LocalTime {
  /** `YYYY-MM-DD` */
  readonly date: string;
  readonly day: string;
  readonly minutes: number;
}

// Building a formatter is costly next to using one; time zones in use are few.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      // h23 keeps midnight at 00, never 24.
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock in `timeZone` at `epochMs`. Throws RangeError for an unknown time zone. */
function localTimeAt(timeZone: string, epochMs: number): LocalTime {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) parts[part.type] = part.value;
  const year = (parts.year ?? "").padStart(4, "0");
  return {
    date: `${year}-${parts.month}-${parts.day}`,
    day: parts.weekday ?? "",
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** Whether a slot covers the local time; a slot with malformed times or from ≥ to never does. */
function slotCovers(slot: OpeningHoursSlot, local: LocalTime): boolean {
  const from = minutesOf(slot.from, false);
  const to = minutesOf(slot.to, true);
  if (from === null || to === null || from >= to) return false;
  const onDay = (slot.days as readonly string[]).includes(local.day);
  return onDay && from <= local.minutes && local.minutes < to;
}

/**
 * Where `epochMs` falls by the settings. The time zone is expected to have been checked when
 * the workflow was saved; an unknown one throws RangeError.
 */
export function openingHoursAt(
  settings: OpeningHoursSettings,
  epochMs: number,
): OpeningHoursOutcome {
  const local = localTimeAt(settings.timeZone, epochMs);
  if (settings.holidays?.includes(local.date)) return "holiday";
  return settings.weekly.some((slot) => slotCovers(slot, local)) ? "open" : "closed";
}
