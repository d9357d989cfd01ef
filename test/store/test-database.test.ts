/**
 * A newcomer's PostgreSQL has no test database: the suite creates it, so that `npm test` runs
 * the same PostgreSQL cases on their machine as in CI.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import {
  createDatabaseIfMissing,
  postgresSkipReason,
  testDatabaseUrl,
  withClient,
} from "../support/databases.ts";

describe("the PostgreSQL test database", async () => {
  const skip = await postgresSkipReason();
  if (skip) {
    it("is skipped", { skip }, () => {});
    return;
  }

  it("is created when the server answers and the database is missing", async () => {
    const name = `cirrus_probe_${randomBytes(4).toString("hex")}`;
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${name}`;
    const exists = () =>
      withClient(
        async (client) =>
          (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount,
      );
    assert.equal(await exists(), 0);
    try {
      await createDatabaseIfMissing(url.href);
      assert.equal(await exists(), 1);
      // A second call (another test process) finds it there and leaves it be.
      await createDatabaseIfMissing(url.href);
      const answer = await withClient((client) => client.query("SELECT 1 AS one"), url.href);
      assert.deepEqual(answer.rows, [{ one: 1 }]);
    } finally {
      await withClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}"`));
    }
  });
});
