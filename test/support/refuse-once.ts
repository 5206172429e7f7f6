// A database refusal for a test: a trigger that aborts the first `before update` write of one
// tenant's rows in `table` as a deadlock does (SQLSTATE 40P01), then lets every later write through.
// A sequence counts the writes, because the abort rolls back anything else the trigger could record.
import { type Kysely, sql } from "kysely";

/** Installs the refusal under `name`; returns how many of the tenant's writes the trigger has seen. */
export async function refuseFirstUpdateAsDeadlock(
  db: Kysely<any>,
  name: string,
  table: string,
  clientId: string,
): Promise<() => Promise<number>> {
  const seq = `${name}_once`;
  await sql`create table ${sql.table(name)} (client_id text primary key)`.execute(db);
  await sql`insert into ${sql.table(name)} values (${clientId})`.execute(db);
  await sql`create sequence ${sql.table(seq)}`.execute(db);
  await sql
    .raw(`create function ${name}() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from ${name} r where r.client_id = new.client_id) then
          if nextval('${seq}') = 1 then
            raise exception using errcode = '40P01', message = 'deadlock detected (simulated)';
          end if;
        end if;
        return new;
      end $$`)
    .execute(db);
  await sql`create trigger ${sql.raw(name)} before update on ${sql.table(table)}
              for each row execute function ${sql.raw(name)}()`.execute(db);
  return async () => {
    const r = await sql<{ n: string; called: boolean }>`
      select last_value::text as n, is_called as called from ${sql.table(seq)}`.execute(db);
    return r.rows[0].called ? Number(r.rows[0].n) : 0;
  };
}
