/**
 * Every benchmark's smoke run (`--smoke`: seconds, small sizes, its correctness checks deciding
 * the exit code) as a child process, as `npm run bench -- NAME --smoke` runs it: a benchmark
 * that fails can no longer go unnoticed. A new benchmark is one more entry in `benches`.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url);

/** The benchmarks by the name `npm run bench --` takes; "" is the default one. */
const benches = ["", "triggers", "interpreter", "routing", "scheduler"] as const;

async function smoke(name: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ["--import", "tsx", "bench/main.ts", ...(name ? [name] : []), "--smoke"];
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd: root,
      timeout: 120_000,
      maxBuffer: 16 * 2 ** 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("benchmark smoke runs", () => {
  for (const name of benches) {
    it(`${name || "the default benchmark"} passes its checks`, { timeout: 150_000 }, async () => {
      const { code, stdout, stderr } = await smoke(name);
      const why = `stdout:\n${stdout}\nstderr:\n${stderr.slice(-4000)}`;
      assert.match(stdout, /smoke run: correctness checks only/, why);
      assert.match(stdout, /^Result: OK$/m, why);
      assert.doesNotMatch(stdout, /FAILED/, why);
      assert.equal(code, 0, why);
    });
  }
});
