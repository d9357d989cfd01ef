/**
 * Directory changes read, merge and write the whole directory, so they run one at a time per
 * engine: none is lost to another written in between. Every admin route that changes the
 * directory goes through here.
 */
import type { Engine } from "../engine/engine.ts";

const pending = new WeakMap<Engine, Promise<unknown>>();

export function serially<T>(engine: Engine, work: () => Promise<T>): Promise<T> {
  const run = (pending.get(engine) ?? Promise.resolve()).then(work, work);
  pending.set(
    engine,
    run.catch(() => {}),
  );
  return run;
}
