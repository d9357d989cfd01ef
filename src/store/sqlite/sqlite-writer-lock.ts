/**
 * The embedded store's writer lock: a small SQLite file beside the database, held in
 * exclusive locking mode for as long as the connection is open. The operating system drops
 * the lock when the process dies, so a crash never leaves it behind.
 */
import { realpathSync } from "node:fs";
import Database from "better-sqlite3";
import { WriterLockError } from "../writer-lock-error.ts";

export interface WriterLock {
  release(): void;
}

export function lockSqliteWriter(databaseFile: string): WriterLock {
  // By its real path: a symlink or another spelling of the path must meet the same lock.
  const file = `${realpathSync(databaseFile)}.writer-lock`;
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("CREATE TABLE IF NOT EXISTS writer (pid INTEGER NOT NULL)");
    // The first write takes the exclusive lock; locking_mode keeps it until close.
    db.prepare("INSERT INTO writer (pid) VALUES (?)").run(process.pid);
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) {
      throw new WriterLockError(databaseFile);
    }
    throw error;
  }
  return {
    release: () => {
      if (db.open) db.close();
    },
  };
}
