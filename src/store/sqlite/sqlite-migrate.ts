import type { Database } from "better-sqlite3";
import { loadMigrations, pendingMigrations } from "../migrate.ts";

/**
 * Applies the missing SQLite migrations in order, in one immediate transaction, so two
 * processes opening the same file cannot both apply them.
 */
export function migrateSqlite(db: Database): void {
  const migrations = loadMigrations("sqlite");
  const apply = db.transaction(() => {
    db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations " +
        "(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT",
    );
    const versions = db.prepare<[], number>("SELECT version FROM schema_migrations").pluck();
    const record = db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
    for (const migration of pendingMigrations(migrations, new Set(versions.all()))) {
      db.exec(migration.sql);
      record.run(migration.version, Date.now());
    }
  });
  apply.immediate();
}
