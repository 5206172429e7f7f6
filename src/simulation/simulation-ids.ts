// The simulation's ids, drawn from a sequence instead of gen_random_uuid(), so a seed gives the
// same report on every run (issue 14 item 7). The engine orders and jitters by id in places where
// times tie: the send-window slot is a hash of the enrollment's id (issue 12), claims break ties in
// next_send_at by the rows' order, and the evening replies go contact by contact in id order. With
// random ids the same seed gave a different report each run. Only the simulation's own in-memory
// database gets these defaults; the production schema and code paths are untouched.
import { type Kysely, sql } from "kysely";

/** After migrate: every `default gen_random_uuid()` column of the schema draws md5(sequence) instead. */
export async function drawIdsFromSequence(db: Kysely<any>): Promise<number> {
  await sql`create sequence baton_sim_id_seq`.execute(db);
  await sql`create function baton_sim_id() returns uuid language sql volatile
    as $$ select md5('baton-sim:' || nextval('baton_sim_id_seq'))::uuid $$`.execute(db);
  const cols = await sql<{ t: string; c: string }>`
    select table_name as t, column_name as c from information_schema.columns
     where table_schema = current_schema() and column_default like '%gen_random_uuid()%'
     order by 1, 2`.execute(db);
  for (const { t, c } of cols.rows)
    await sql`alter table ${sql.table(t)} alter column ${sql.ref(c)} set default baton_sim_id()`.execute(db);
  return cols.rows.length;
}

/**
 * The next `count` ids the sequence gives, drawn now in one statement and in order (a bulk insert
 * can then name them explicitly and get the same ids as `count` inserts one row at a time).
 */
export async function drawNextIds(db: Kysely<any>, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const r = await sql<{ id: string }>`
    select baton_sim_id()::text as id from generate_series(1, ${count}::int) g order by g`.execute(db);
  return r.rows.map((x) => x.id);
}
