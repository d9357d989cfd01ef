/** The seed directory of the benchmark: tenant "bench", one service, N agents and an admin. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Directory, User } from "../src/domain/model.ts";

export const tenantId = "bench";
export const serviceUpn = "bench@bench.test";
const orgUnitId = "ou-bench";

export interface BenchFixture {
  readonly directory: Directory;
  readonly adminUpn: string;
  readonly agentUpns: readonly string[];
}

function user(n: number, name: string, role: User["role"]): User {
  return {
    id: `user-${name}`,
    tenantId,
    orgUnitId,
    upn: `${name}@bench.test`,
    email: `${name}@bench.test`,
    objectId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    displayName: name,
    role,
  };
}

export function benchFixture(agentCount: number): BenchFixture {
  const admin = user(0, "admin", "TenantAdmin");
  const agents = Array.from({ length: agentCount }, (_, i) =>
    user(i + 1, `agent-${String(i + 1).padStart(4, "0")}`, "User"),
  );
  const directory: Directory = {
    tenant: { id: tenantId, name: "Bench" },
    orgUnits: [{ id: orgUnitId, tenantId, parentId: null, name: "Bench" }],
    users: [admin, ...agents],
    services: [
      {
        id: "service-bench",
        tenantId,
        orgUnitId,
        upn: serviceUpn,
        name: "bench",
        displayName: "Bench",
        description: "Benchmark service",
        telNumber: "+41440000000",
        licence: "EnterpriseRouting",
        modalities: ["Audio"],
        members: agents.map((a) => a.id),
        routing: { maxQueueSeconds: 300, ronaSeconds: 30 },
      },
    ],
  };
  return { directory, adminUpn: admin.upn, agentUpns: agents.map((a) => a.upn) };
}

/** Writes the directory as a `--seed` file in `dir` and returns its path. */
export async function writeSeedFile(dir: string, directory: Directory): Promise<string> {
  const file = join(dir, "seed.json");
  await writeFile(file, JSON.stringify(directory, null, 2));
  return file;
}
