/**
 * `npm run bench -- memory --smoke` in its own process, as a newcomer runs it: the calls
 * all wait, both readings are taken and the figure is written; the goal itself is for the
 * full run.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { MemoryBenchFigures } from "../../bench/memory/figures.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("the memory benchmark's smoke run measures calls that all wait in the queue", async () => {
  const dir = await mkdtemp(join(tmpdir(), "cirrus-memory-smoke-"));
  try {
    const json = join(dir, "figures.json");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "bench/main.ts", "memory", "--smoke", "--calls", "1000", "--json", json],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const [code] = await once(child, "exit");
    assert.equal(code, 0, output);
    assert.match(output, /Result: OK/);
    const figures = JSON.parse(await readFile(json, "utf8")) as MemoryBenchFigures;
    assert.equal(figures.config.smoke, true);
    assert.equal(figures.readings.queuedTasks, 1000, "every call waits in the queue");
    assert.equal(figures.readings.liveTasks, 1000);
    assert.ok(figures.readings.waitingHeapBytes > figures.readings.emptyHeapBytes);
    assert.ok(figures.bytesPerWaitingTask > 0);
    assert.equal(figures.ratioToGoal, figures.bytesPerWaitingTask / figures.goalBytesPerTask);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
