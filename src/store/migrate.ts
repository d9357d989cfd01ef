/**
 * Numbered plain-SQL migrations, one directory per dialect (`migrations/<dialect>/NNN_name.sql`).
 * Each adapter applies the missing ones in order and records them in `schema_migrations`.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { StoreCapabilities } from "./port.ts";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const fileName = /^(\d+)_[\w-]+\.sql$/;

/** The dialect's migrations, sorted by version; two files with one version are an error. */
export function loadMigrations(dialect: StoreCapabilities["dialect"]): Migration[] {
  const directory = new URL(`./migrations/${dialect}/`, import.meta.url);
  const migrations: Migration[] = [];
  for (const name of readdirSync(directory)) {
    const match = fileName.exec(name);
    if (!match?.[1]) continue;
    const sql = readFileSync(new URL(name, directory), "utf8");
    migrations.push({ version: Number(match[1]), name, sql });
  }
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migrations[index - 1]?.version === migration.version) {
      throw new Error(`Two ${dialect} migrations have version ${migration.version}`);
    }
  });
  return migrations;
}

/** The migrations not yet applied, in order. */
export function pendingMigrations(
  migrations: readonly Migration[],
  applied: ReadonlySet<number>,
): Migration[] {
  return migrations.filter((migration) => !applied.has(migration.version));
}
