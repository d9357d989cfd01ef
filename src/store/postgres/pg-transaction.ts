import type { Pool, PoolClient } from "pg";

/**
 * Runs `work` on one pooled client inside a transaction: COMMIT when it resolves, ROLLBACK
 * when it throws. A client whose connection broke, or whose ROLLBACK fails, is discarded
 * rather than returned to the pool.
 */
export async function withTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  begin = "BEGIN",
): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no listener of the pool's: without one, a backend that dies
  // mid-transaction raises an unhandled 'error' and ends the process. The failing query
  // rejects as well, so noting the error is enough.
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on("error", onError);
  const release = (error?: Error) => {
    client.off("error", onError);
    client.release(error ?? broken);
  };
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query("COMMIT");
    release();
    return result;
  } catch (error) {
    await client.query("ROLLBACK").then(
      () => release(),
      (rollbackError: Error) => release(rollbackError),
    );
    throw error;
  }
}
