import type { Pool } from "pg";
import { loadMigrations, pendingMigrations } from "../migrate.ts";
import { withTransaction } from "./pg-transaction.ts";

/**
 * Creates the schema if asked to, then applies the missing PostgreSQL migrations in order, in
 * one transaction. An advisory lock keeps processes starting together from racing.
 */
export async function migratePostgres(pool: Pool, schema: string | undefined): Promise<void> {
  const migrations = loadMigrations("postgres");
  await withTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('cirrus.migrate'))");
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations " +
        "(version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const applied = await client.query<{ version: number }>(
      "SELECT version FROM schema_migrations",
    );
    const versions = new Set(applied.rows.map((row) => row.version));
    for (const migration of pendingMigrations(migrations, versions)) {
      await client.query(migration.sql);
      await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [
        migration.version,
      ]);
    }
  });
}
