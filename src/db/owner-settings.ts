// What the database's owner allows in it (issue 36 item 1), kept in baton_owner_settings (0200):
// only the owner role (the one that migrates) writes that table; a trigger refuses everyone else,
// the runtime role included, with BG002.
//   application_clock  the play rules take the application's clock (baton.now, src/db/actor-context.ts)
//                      instead of the database's. For throw-away databases only: the simulator's,
//                      the tests'. In a tenant's database the runtime role could otherwise move the
//                      rules' clock (backdate a retirement, expire the plays that fill a cap).
import { type Kysely, sql } from "kysely";

/** Allows the application clock in this database. Run it on the owner's connection. */
export async function allowApplicationClock(db: Kysely<any>, reason: string): Promise<void> {
  await sql`insert into baton_owner_settings (name, value, reason) values ('application_clock', 'on', ${reason})
            on conflict (name) do update set value = 'on', reason = excluded.reason,
                                             set_by = current_user, set_at = now()`.execute(db);
}

/** Withdraws the allowance: the database's clock rules again. */
export async function refuseApplicationClock(db: Kysely<any>): Promise<void> {
  await sql`delete from baton_owner_settings where name = 'application_clock'`.execute(db);
}
