// A transaction names the engine worker that runs it in pg_stat_activity (application_name, until
// the transaction ends): who holds which steps and sends is visible to an operator and to the tests
// (test/support/lock-waits.ts).
//
// A statement of its own, run where the session is (issue 57). It was part of the claim statement
// (`cross join (select set_config(...))`), which on Citus is routed to the worker that holds the
// tenant's shards: the set_config then renamed the coordinator's connection on that worker, and
// Citus tells its own connections from clients' by that name (`citus_internal gpid=…`). Renamed, the
// connection is a client's, and a client's transaction that ran a distributed query (every trigger
// that reads another table does, by local execution) may not PREPARE: every step whose transaction
// Citus commits in two phases (an INSERT … SELECT through the coordinator, json-rows.ts) failed at
// COMMIT with "cannot use 2PC in transactions involving multiple servers". Here no table is read,
// so Citus runs it on the coordinator; on one server it is one more round trip per claimed batch.
import { type Kysely, sql } from "kysely";

export async function nameWorker(tx: Kysely<any>, worker: string): Promise<void> {
  await sql`select set_config('application_name', ${`baton worker ${worker}`}, true)`.execute(tx);
}
