/**
 * Opening Hours: weekly slots, their boundaries, holidays and time zones, DST days included.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type OpeningHoursSettings,
  openingHoursAt,
} from "../../src/domain/workflow/openingHours.ts";

const weekdays: OpeningHoursSettings = {
  timeZone: "UTC",
  weekly: [{ days: ["Mon", "Tue", "Wed", "Thu", "Fri"], from: "08:00", to: "17:00" }],
};

/** 2026-03-02 is a Monday, 2026-03-07 a Saturday. */
const at = (iso: string) => Date.parse(iso);

describe("opening hours", () => {
  it("is open on a weekday inside the slot and closed outside it", () => {
    assert.equal(openingHoursAt(weekdays, at("2026-03-02T12:00:00Z")), "open");
    assert.equal(openingHoursAt(weekdays, at("2026-03-02T07:00:00Z")), "closed");
    assert.equal(openingHoursAt(weekdays, at("2026-03-02T20:00:00Z")), "closed");
    assert.equal(openingHoursAt(weekdays, at("2026-03-07T12:00:00Z")), "closed");
    assert.equal(openingHoursAt(weekdays, at("2026-03-08T12:00:00Z")), "closed");
  });

  it("includes from and excludes to", () => {
    assert.equal(openingHoursAt(weekdays, at("2026-03-02T07:59:59Z")), "closed");
    assert.equal(openingHoursAt(weekdays, at("2026-03-02T08:00:00Z")), "open");
    assert.equal(openingHoursAt(weekdays, at("2026-03-02T16:59:59Z")), "open");
    assert.equal(openingHoursAt(weekdays, at("2026-03-02T17:00:00Z")), "closed");
  });

  it("reads 24:00 as the end of the day", () => {
    const late: OpeningHoursSettings = {
      timeZone: "UTC",
      weekly: [{ days: ["Mon"], from: "20:00", to: "24:00" }],
    };
    assert.equal(openingHoursAt(late, at("2026-03-02T23:59:00Z")), "open");
    assert.equal(openingHoursAt(late, at("2026-03-03T00:00:00Z")), "closed");
    const allDay: OpeningHoursSettings = {
      timeZone: "UTC",
      weekly: [{ days: ["Tue"], from: "00:00", to: "24:00" }],
    };
    assert.equal(openingHoursAt(allDay, at("2026-03-03T00:00:00Z")), "open");
    assert.equal(openingHoursAt(allDay, at("2026-03-02T23:59:59Z")), "closed");
  });

  it("honours an entry for Saturday only", () => {
    const settings: OpeningHoursSettings = {
      timeZone: "UTC",
      weekly: [...weekdays.weekly, { days: ["Sat"], from: "09:00", to: "12:00" }],
    };
    assert.equal(openingHoursAt(settings, at("2026-03-07T10:00:00Z")), "open");
    assert.equal(openingHoursAt(settings, at("2026-03-07T13:00:00Z")), "closed");
    assert.equal(openingHoursAt(settings, at("2026-03-08T10:00:00Z")), "closed");
  });

  it("never opens for an entry whose from is not before its to", () => {
    const settings: OpeningHoursSettings = {
      timeZone: "UTC",
      weekly: [
        { days: ["Mon"], from: "17:00", to: "08:00" },
        { days: ["Mon"], from: "10:00", to: "10:00" },
      ],
    };
    assert.equal(openingHoursAt(settings, at("2026-03-02T10:00:00Z")), "closed");
    assert.equal(openingHoursAt(settings, at("2026-03-02T20:00:00Z")), "closed");
  });

  it("answers holiday on a holiday, even inside opening hours", () => {
    const settings: OpeningHoursSettings = { ...weekdays, holidays: ["2026-03-02"] };
    assert.equal(openingHoursAt(settings, at("2026-03-02T12:00:00Z")), "holiday");
    assert.equal(openingHoursAt(settings, at("2026-03-02T22:00:00Z")), "holiday");
    assert.equal(openingHoursAt(settings, at("2026-03-03T12:00:00Z")), "open");
  });

  it("judges the holiday date by the local calendar", () => {
    const settings: OpeningHoursSettings = {
      timeZone: "Europe/Zurich",
      weekly: weekdays.weekly,
      holidays: ["2026-03-03"],
    };
    // 23:30 UTC on Monday is already 00:30 on Tuesday in Zurich.
    assert.equal(openingHoursAt(settings, at("2026-03-02T23:30:00Z")), "holiday");
  });

  it("depends on the time zone", () => {
    const zurich: OpeningHoursSettings = { ...weekdays, timeZone: "Europe/Zurich" };
    const newYork: OpeningHoursSettings = { ...weekdays, timeZone: "America/New_York" };
    // 09:00 UTC: 10:00 in Zurich, 04:00 in New York.
    const instant = at("2026-03-02T09:00:00Z");
    assert.equal(openingHoursAt(zurich, instant), "open");
    assert.equal(openingHoursAt(newYork, instant), "closed");
  });

  it("keeps local hours across the days the clocks change in Zurich", () => {
    const settings: OpeningHoursSettings = {
      timeZone: "Europe/Zurich",
      weekly: [{ days: ["Sun"], from: "08:00", to: "09:00" }],
    };
    // 2026-03-29 (Sunday): clocks go forward at 02:00, local 08:30 is 06:30 UTC (CEST).
    assert.equal(openingHoursAt(settings, at("2026-03-29T06:30:00Z")), "open");
    assert.equal(openingHoursAt(settings, at("2026-03-29T07:30:00Z")), "closed");
    // 2026-10-25 (Sunday): clocks go back at 03:00, local 08:30 is 07:30 UTC (CET).
    assert.equal(openingHoursAt(settings, at("2026-10-25T07:30:00Z")), "open");
    assert.equal(openingHoursAt(settings, at("2026-10-25T06:30:00Z")), "closed");
  });

  it("reads midnight as 00:00, not 24:00", () => {
    const settings: OpeningHoursSettings = {
      timeZone: "Europe/Zurich",
      weekly: [{ days: ["Tue"], from: "00:00", to: "00:30" }],
    };
    assert.equal(openingHoursAt(settings, at("2026-03-02T23:10:00Z")), "open");
  });
});
