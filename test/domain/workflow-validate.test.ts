/** The workflow validator: document shape and settings, each rule with the node and field it names. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateWorkflow } from "../../src/domain/workflow/validate.ts";
import {
  baseWorkflow,
  error,
  exampleFiles,
  readJson,
  withNodes,
} from "../support/workflow-docs.ts";

const problemsOf = (doc: unknown) => validateWorkflow(doc).problems;
const announce = (message: string, next = "queue") => ({
  activity: "Announcement",
  settings: { message },
  exits: { next },
});

describe("workflow validation", () => {
  it("accepts the base workflow and the examples, returning them typed", async () => {
    const base = baseWorkflow();
    assert.deepEqual(validateWorkflow(base), { workflow: base, problems: [] });
    for (const file of exampleFiles) {
      assert.deepEqual(problemsOf(await readJson(file)), [], file.pathname);
    }
  });
  it("reports a document that is no object", () => {
    assert.deepEqual(problemsOf([]), [error(null, "", "a workflow must be a JSON object")]);
  });

  it("reports schema errors of the document by field", () => {
    const doc: Record<string, unknown> = {
      ...baseWorkflow(),
      modality: "Fax",
      version: 0,
      extra: 1,
    };
    delete doc.name;
    assert.deepEqual(problemsOf(doc), [
      error(null, "name", "is required"),
      error(null, "modality", "must be one of Audio, InstantMessaging, Email, ExternalTask"),
      error(null, "version", "must be ≥ 1"),
      error(null, "extra", "is not a field of a workflow"),
    ]);
  });

  it("reports schema errors inside a node with its id and the field path", () => {
    const hours = {
      activity: "OpeningHours",
      settings: { timeZone: "UTC", weekly: [{ days: [], from: "08:00", to: 9 }] },
      exits: { open: "queue", closed: "queue", holiday: "queue" },
      colour: "red",
    };
    assert.deepEqual(problemsOf(withNodes({ hours })), [
      error("hours", "colour", "is not a field of a node (activity, settings, exits)"),
      error("hours", "settings.weekly[0].days", "must not be empty"),
      error("hours", "settings.weekly[0].to", "must be a string"),
    ]);
  });

  it("reports an unknown activity", () => {
    const doc = withNodes({ music: { activity: "PlayMusic", exits: { next: "queue" } } });
    assert.deepEqual(problemsOf(doc), [error("music", "activity", 'unknown activity "PlayMusic"')]);
  });

  it("reports settings out of range, of the wrong type, unknown or missing", () => {
    const doc = baseWorkflow();
    doc.nodes.queue = {
      ...doc.nodes.queue,
      activity: "Queue",
      settings: { maxQueueSeconds: 2, ronaSeconds: "15", loud: true },
    };
    doc.nodes.accept = { activity: "Accept", exits: { next: "hello" } };
    doc.nodes.hello = {
      activity: "Announcement",
      settings: { durationSeconds: 2.5 },
      exits: { next: "queue" },
    };
    assert.deepEqual(problemsOf(doc), [
      error("queue", "settings.maxQueueSeconds", "must be ≥ 5"),
      error("queue", "settings.ronaSeconds", "must be a whole number"),
      error("queue", "settings.loud", "is not a setting of Queue"),
      error("hello", "settings.message", "is required"),
      error("hello", "settings.durationSeconds", "must be a whole number"),
    ]);
  });

  it("reports invalid regular expressions in pattern and matches", () => {
    const doc = withNodes({
      ask: {
        activity: "InputCustomer",
        settings: { parameter: "pin", pattern: "[0-9", minLength: 6, maxLength: 4 },
        exits: { success: "check", invalid: "queue", timeout: "queue" },
      },
      check: {
        activity: "CheckParameter",
        settings: { parameter: "pin", operator: "matches", value: "(1|2" },
        exits: { match: "queue", noMatch: "queue" },
      },
    });
    const problems = problemsOf(doc);
    assert.deepEqual(
      problems.map((p) => [p.node, p.field]),
      [
        ["ask", "settings.pattern"],
        ["ask", "settings.maxLength"],
        ["check", "settings.value"],
      ],
    );
    assert.match(problems[0]?.message ?? "", /^is not a valid regular expression/);
    assert.equal(problems[1]?.message, "must be ≥ minLength");
  });

  it("reports time zones, times and holidays that are not real", () => {
    const doc = withNodes({
      hours: {
        activity: "OpeningHours",
        settings: {
          timeZone: "Europe/Atlantis",
          weekly: [
            { days: ["Mon"], from: "8:00", to: "24:00" },
            { days: ["Tue"], from: "18:00", to: "08:00" },
            { days: ["Wed"], from: "24:00", to: "25:00" },
          ],
          holidays: ["2026-12-25", "2026-02-29", "2026-1-1", "2028-02-29"],
        },
        exits: { open: "queue", closed: "queue", holiday: "queue" },
      },
    });
    assert.deepEqual(problemsOf(doc), [
      error("hours", "settings.timeZone", '"Europe/Atlantis" is not an IANA time zone'),
      error("hours", "settings.weekly[0].from", "must be a time HH:MM (00:00–23:59)"),
      error("hours", "settings.weekly[1].to", "must be later than from (18:00)"),
      error("hours", "settings.weekly[2].from", "must be a time HH:MM (00:00–23:59)"),
      error("hours", "settings.weekly[2].to", "must be a time HH:MM (00:00–24:00)"),
      error("hours", "settings.holidays[1]", "must be a date YYYY-MM-DD"),
      error("hours", "settings.holidays[2]", "must be a date YYYY-MM-DD"),
    ]);
  });

  it("wants exactly one Transfer target", () => {
    const transfer = (target: Record<string, string>) => ({
      activity: "Transfer",
      settings: { target },
      exits: { failure: "queue" },
    });
    assert.deepEqual(problemsOf(withNodes({ t: transfer({ service: "sales" }) })), []);
    assert.deepEqual(problemsOf(withNodes({ t: transfer({}) })), [
      error("t", "settings.target", "must name exactly one of service, number, user (names 0)"),
    ]);
    assert.deepEqual(problemsOf(withNodes({ t: transfer({ number: "+41", user: "a@b" }) })), [
      error("t", "settings.target", "must name exactly one of service, number, user (names 2)"),
    ]);
  });

  it("warns that an Accept not right after Start raises nothing", () => {
    const doc = baseWorkflow();
    doc.nodes.start = { activity: "Start", exits: { next: "hello" } };
    doc.nodes.hello = announce("Hello", "accept");
    const { workflow, problems } = validateWorkflow(doc);
    assert.equal(workflow, doc, "a warning does not reject the workflow");
    assert.deepEqual(problems, [
      {
        severity: "warning",
        node: "accept",
        field: "",
        message: "raises System Accepted only right after Start; reached from hello it does not",
      },
    ]);
  });

  it("reports a placeholder left open", () => {
    assert.deepEqual(problemsOf(withNodes({ hi: announce("Hi {{callerUPN") })), [
      error("hi", "settings.message", "has a {{ with no matching }}"),
    ]);
  });

  it("reports several problems at once, in document order", () => {
    const doc = baseWorkflow();
    doc.version = 0;
    doc.nodes.accept = { activity: "Accept", exits: { next: "queue", other: "bye" } };
    doc.nodes.queue = {
      activity: "Queue",
      settings: { priority: 11 },
      exits: { timeout: "nowhere" },
    };
    doc.nodes.ghost = { activity: "Ghost" };
    assert.deepEqual(problemsOf(doc), [
      error(null, "version", "must be ≥ 1"),
      error("accept", "exits.other", "is not an exit of Accept: its exits are next"),
      error("queue", "settings.priority", "must be one of Low, Normal, High, Urgent"),
      error("queue", "exits.timeout", 'goes to node "nowhere", which does not exist'),
      error("bye", "", "is not reachable from the start node"),
      error("ghost", "activity", 'unknown activity "Ghost"'),
      error("ghost", "", "is not reachable from the start node"),
    ]);
  });
});
