/**
 * How long creating the entries will take, measured on a throwaway store first (which also
 * warms the JIT up), so that the window can start a few seconds after creation ends: the
 * due dates are fixed before the first entry is created.
 */
import { join } from "node:path";
import type { Progress } from "../progress.ts";
import { createEntries } from "./create-entries.ts";
import { type EngineSettings, openProvisioned } from "./rig.ts";

export interface Calibration {
  readonly entries: number;
  readonly seconds: number;
}

const calibrationEntries = 10_000;

export async function calibrate(
  dir: string,
  entries: number,
  inFlight: number,
  settings: EngineSettings,
  progress: Progress,
): Promise<Calibration> {
  const count = Math.min(entries, calibrationEntries);
  const { store, engine } = await openProvisioned(join(dir, "calibration.db"), settings);
  try {
    const dueAts = new Float64Array(count).fill(Date.now() + 3_600_000);
    progress.start("calibrate", count, "entries");
    const started = performance.now();
    await createEntries(engine, dueAts, new Array<string>(count), inFlight, (n) =>
      progress.update(n),
    );
    return { entries: count, seconds: (performance.now() - started) / 1000 };
  } finally {
    progress.stop();
    await engine.close();
    await store.close();
  }
}

/**
 * The time to create `entries`, generously: each command costs more as the state grows
 * (every snapshot copies all of it), so the calibrated time per entry is scaled by the
 * size ratio too, as if that cost grew linearly from nothing.
 */
export function creationBudgetMs(calibration: Calibration, entries: number): number {
  const ratio = entries / calibration.entries;
  const growth = Math.max(1, (ratio + 1) / 2);
  return calibration.seconds * 1000 * ratio * growth;
}
