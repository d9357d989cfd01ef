/** `cirrus workflow validate FILE` as a function: the examples pass, a broken file fails. */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { formatWorkflowProblem, validateWorkflowFile } from "../../src/cli/workflow-validate.ts";
import { brokenFixture, exampleFiles } from "../support/workflow-docs.ts";

describe("workflow validate FILE", () => {
  it("passes the examples", async () => {
    for (const url of exampleFiles) {
      const path = fileURLToPath(url);
      const report = await validateWorkflowFile(path);
      assert.deepEqual(report, { problems: [], text: `${path}: valid\n`, ok: true });
    }
  });

  it("lists every problem of a broken file with its node and field", async () => {
    const path = fileURLToPath(brokenFixture);
    const report = await validateWorkflowFile(path);
    assert.equal(report.ok, false);
    const lines = report.text.trimEnd().split("\n");
    assert.equal(lines.length, report.problems.length + 1);
    assert.equal(lines.at(-1), `${path}: 9 errors, 0 warnings`);
    for (const line of [
      'error  node "greet" settings.durationSeconds: must be ≤ 600',
      'error  node "queue" settings.maxQueueSeconds: must be ≥ 5',
      'error  node "queue" exits.timeout: goes to node "nowhere", which does not exist',
      'error  node "retry" exits: is in a loop with no waiting activity: retry → check → retry',
      'error  node "mystery" activity: unknown activity "PlayMusic"',
    ]) {
      assert.ok(lines.includes(line), `missing: ${line}\n${report.text}`);
    }
  });

  it("keeps ok with warnings only, and prints them", async () => {
    const line = formatWorkflowProblem({
      severity: "warning",
      node: "hello",
      field: "settings.message",
      message: "{{name}} may be read before it is set",
    });
    assert.equal(
      line,
      'warning node "hello" settings.message: {{name}} may be read before it is set',
    );
    assert.equal(
      formatWorkflowProblem({ severity: "error", node: null, field: "start", message: "x" }),
      "error  start: x",
    );
  });

  it("turns unreadable files and bad JSON into problems", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cirrus-workflow-"));
    try {
      const bad = join(dir, "bad.json");
      await writeFile(bad, "{ not json");
      const report = await validateWorkflowFile(bad);
      assert.equal(report.ok, false);
      assert.equal(report.problems.length, 1);
      assert.match(report.text, /^error {2}workflow: not valid JSON: /);
      const missing = await validateWorkflowFile(join(dir, "missing.json"));
      assert.equal(missing.ok, false);
      assert.match(missing.text, /cannot read .*missing\.json/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
