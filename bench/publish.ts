/**
 * How every benchmark ends: its report on stdout, its figures as JSON where `--json` asks
 * for them, and the exit code: 0 unless something failed.
 */
import { writeFile } from "node:fs/promises";

export async function publish(
  report: string,
  figures: object,
  json: string | undefined,
  failed: boolean,
  log: (message: string) => void,
): Promise<number> {
  process.stdout.write(report);
  if (json) {
    await writeFile(json, `${JSON.stringify(figures, null, 2)}\n`);
    log(`figures written to ${json}`);
  }
  return failed ? 1 : 0;
}
