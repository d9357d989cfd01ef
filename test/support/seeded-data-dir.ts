/**
 * A data directory for a server process, with the demo tenant under short routing timeouts
 * in a seed file and a known admin token: what the crash tests start servers on.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import type { RoutingSettings } from "../../src/domain/model.ts";

export interface SeededDataDir {
  readonly seedFile: string;
  readonly token: string;
  /** CIRRUS_DATA and CIRRUS_BOOTSTRAP_TOKEN for the server process. */
  readonly env: Readonly<Record<string, string>>;
  remove(): Promise<void>;
}

export async function seededDataDir(routing: RoutingSettings): Promise<SeededDataDir> {
  const dir = await mkdtemp(join(tmpdir(), "cirrus-e2e-"));
  const directory = demoDirectory();
  const seed = { ...directory, services: directory.services.map((s) => ({ ...s, routing })) };
  const seedFile = join(dir, "tenant.json");
  await writeFile(seedFile, JSON.stringify(seed));
  const token = `cirrus_${randomBytes(16).toString("hex")}`;
  return {
    seedFile,
    token,
    env: { CIRRUS_DATA: join(dir, "data"), CIRRUS_BOOTSTRAP_TOKEN: token },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
