import type { Pool, PoolClient } from "pg";

/**
 * Runs `work` on one pooled client inside a transaction: COMMIT when it resolves, ROLLBACK
 * when it throws. A client whose ROLLBACK fails is discarded rather than returned to the pool.
 */
export async function withTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  begin = "BEGIN",
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    await client.query("ROLLBACK").then(
      () => client.release(),
      (rollbackError: Error) => client.release(rollbackError),
    );
    throw error;
  }
}
