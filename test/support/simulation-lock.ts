// The suites that check `baton simulate --server` leaves no database behind list the server's
// baton_simulation_* databases before and after their run. Two of them on one server at once (the
// Citus mode runs both on the coordinator) saw each other's database come and go: the Citus suite
// failed both, 2 of 56 files, each passing alone. They take this server-wide lock for their run.
import pg from "pg";

export async function withSimulationLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('baton simulate --server tests'))");
    return await fn();
  } finally {
    await client.end(); // the session's lock ends with it
  }
}
