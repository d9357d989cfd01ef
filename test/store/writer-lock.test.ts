/** The embedded store's writer lock: one writer per database file, however it is named. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.ts";
import { WriterLockError } from "../../src/store/writer-lock-error.ts";
import { freshSqliteStore } from "../support/databases.ts";

describe("SQLite writer lock", () => {
  it("is the same lock through a symlink to the database", async () => {
    const db = await freshSqliteStore();
    try {
      await db.store.lockWriter();
      const link = join(dirname(db.file), "link.db");
      await symlink(db.file, link);
      const other = openSqliteStore({ file: link });
      await assert.rejects(other.lockWriter(), WriterLockError);
      await other.close();
    } finally {
      await db.dispose();
    }
  });

  it("is held by another process until that process is killed", async () => {
    const db = await freshSqliteStore();
    try {
      const holder = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "-e",
          `import("./src/store/sqlite/sqlite-store.ts").then(async (m) => {
            await m.openSqliteStore({ file: ${JSON.stringify(db.file)} }).lockWriter();
            console.log("locked");
            setInterval(() => {}, 1000);
          });`,
        ],
        { cwd: new URL("../../", import.meta.url), stdio: ["ignore", "pipe", "inherit"] },
      );
      await once(holder.stdout, "data");
      await assert.rejects(db.store.lockWriter(), WriterLockError);
      holder.kill("SIGKILL");
      await once(holder, "exit");
      await db.store.lockWriter();
    } finally {
      await db.dispose();
    }
  });
});
