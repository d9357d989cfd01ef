/**
 * Loaded into the server process with `NODE_OPTIONS=--import` by `--cpu-prof DIR` (Node 20
 * refuses `--cpu-prof` in NODE_OPTIONS): profiles the whole process with the inspector and
 * writes `DIR/server-<pid>.cpuprofile` when it exits.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

const dir = process.env.CIRRUS_BENCH_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  // The main-thread session answers synchronously, so this works in an exit handler.
  process.on("exit", () => {
    session.post("Profiler.stop", (error, result) => {
      if (!error) {
        writeFileSync(
          join(dir, `server-${process.pid}.cpuprofile`),
          JSON.stringify(result.profile),
        );
      }
    });
  });
}
