// spec 002 process_reply "out of office → pause, then resume after the return date". The engine
// calls this every tick; a paused enrollment whose paused_until passed becomes active again, and a
// step that fell due during the pause goes at once (the coordinator's caps still space the touches).
// One transaction per tenant, after a read-only list of the tenants with enrollments to resume
// (src/db/tenant-claims.ts: on Citus a FOR UPDATE runs only in a statement routed to one tenant).
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { claimAcrossTenants, dueTenants } from "../db/tenant-claims.ts";
import { writeResumes } from "./write-enrollment-pause.ts";

export async function resumePausedEnrollments(
  db: Kysely<DB>,
  now: Date,
  limit = 500,
): Promise<{ resumed: number }> {
  const tenants = await dueTenants(
    db,
    sql<{ client_id: string }>`
      select client_id from campaign_contacts
       where status = 'paused' and paused_until <= ${now}
       group by client_id
       order by min(paused_until), client_id
       limit ${limit}`,
  );
  const resumed = await claimAcrossTenants(tenants, limit, (clientId, n) =>
    db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom("campaign_contacts")
        .selectAll()
        .where("client_id", "=", clientId)
        .where("status", "=", "paused")
        .where("paused_until", "<=", now)
        .orderBy("paused_until")
        .orderBy("id")
        .limit(n)
        .forUpdate()
        .skipLocked()
        .execute();
      // one update and one insert of the resumed events for the tenant's whole batch
      await writeResumes(
        tx,
        clientId,
        due.map((e) => ({
          e,
          backTo: { until: null },
          event: {
            // issue 56: a delay a reply asked for, or a reply policy's pause, says so
            resolution: e.hold_reason ? `${e.hold_reason}_over` : "out_of_office_over",
            details: { paused_until: e.paused_until },
          },
        })),
        now,
      );
      return due;
    }),
  );
  return { resumed: resumed.length };
}
