// An opt-out must not be lost to another transaction's lock order (src/coordinator/opt-out.ts,
// retryOnLockConflict). An opt-out locks the contact, then ends its enrollments; a transaction that
// holds an enrollment and then asks for its contact deadlocks with it, and PostgreSQL aborts one of
// the two. Here the opt-out is made the one aborted: its session detects the deadlock after the
// default 1 s, while the other session waits 30 s before it would look. The opt-out must then run
// again on its own and land once: the contact flagged, the enrollment ended, its queued item
// cancelled, one opted_out event, and nothing of the aborted attempt left behind.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import { optOutAs } from "../../src/coordinator/opt-out-as.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { addContact, oneStepNurture } from "../engine/engine-harness.ts";
import { serverDatabase } from "../support/db.ts";
import { backendId, isCitus, someoneWaitsOn } from "../support/lock-waits.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant } from "../support/tenant.ts";

/** Resolves once some other backend waits on a lock that the session `id` holds (lock-waits.ts). */
async function someoneWaits(db: Kysely<DB>, id: number, timeoutMs = 10_000) {
  const t0 = Date.now();
  for (;;) {
    if (await someoneWaitsOn(db, id)) return;
    if (Date.now() - t0 > timeoutMs) throw new Error("nobody waited on the lock");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeMultiConnection("an opt-out aborted by a deadlock", () => {
  let d: Database;
  beforeAll(async () => {
    d = await serverDatabase(6);
  });
  afterAll(async () => d?.close());

  it("runs again and lands once, with nothing of the aborted attempt left", async () => {
    const db = d.db;
    const now = new Date("2026-06-01T09:00:00Z");
    const t = await createTenant(db, "oodl");
    await oneStepNurture(db, t.revops, "oodl_nurture", now);
    const contactId = await addContact(db, t.clientId, "Locked Person", { email: "locked@oodl.example" });
    const enrollment = await enrollContact(db, t.exec, { campaign: "oodl_nurture", contactId }, now);
    const enrollmentId = enrollment.enrollment_id!;
    // a queued item of the enrollment, which the opt-out must cancel
    await db
      .insertInto("sales_send_queue")
      .values({
        client_id: t.clientId,
        contact_id: contactId,
        campaign_id: (
          await db
            .selectFrom("campaign_contacts")
            .select("campaign_id")
            .where("id", "=", enrollmentId)
            .executeTakeFirstOrThrow()
        ).campaign_id,
        enrollment_id: enrollmentId,
        step_number: 1,
        channel: "email",
        scheduled_at: now,
        idempotency_key: `oodl:${enrollmentId}:1`,
      })
      .execute();

    let optOutSettled = false;
    let optOut: Promise<unknown> | undefined;
    // the other lock order: the enrollment first, then its contact
    const other = db.transaction().execute(async (tx) => {
      await sql`set local deadlock_timeout = '30s'`.execute(tx);
      const me = await backendId(tx);
      await sql`select id from campaign_contacts where client_id = ${t.clientId} and id = ${enrollmentId}
                for update`.execute(tx);
      optOut = optOutAs(db, t.rep, { contactId, flag: "opt_out", source: "deadlock test" }, now).finally(
        () => {
          optOutSettled = true;
        },
      );
      // the opt-out holds the contact and waits for the enrollment
      await someoneWaits(db, me);
      const t0 = Date.now();
      await sql`select contact_id from contacts where client_id = ${t.clientId} and contact_id = ${contactId}
                for update`.execute(tx);
      // the contact was free before the opt-out settled: its first attempt was aborted
      return { waitedMs: Date.now() - t0, optOutSettledFirst: optOutSettled };
    });
    const got = await other;
    expect(got.optOutSettledFirst).toBe(false);
    // on one server PostgreSQL's detector aborts the opt-out when its deadlock_timeout (1 s) ends; on
    // Citus the distributed detector does, on its own period (2 × deadlock_timeout), cancelling the
    // youngest transaction (the opt-out) whenever its pass comes: the wait may be short there
    if (!(await isCitus(db))) expect(got.waitedMs).toBeGreaterThanOrEqual(500);
    expect(got.waitedMs).toBeLessThan(20_000);
    const result = (await optOut) as { enrollmentsTerminated: number; itemsCancelled: number };
    expect(result).toMatchObject({ alreadyOptedOut: false, enrollmentsTerminated: 1, itemsCancelled: 1 });

    const contact = await db
      .selectFrom("contacts")
      .select(["opt_out_flag"])
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", contactId)
      .executeTakeFirstOrThrow();
    expect(contact.opt_out_flag).toBe(true);
    const e = await db
      .selectFrom("campaign_contacts")
      .select(["status"])
      .where("id", "=", enrollmentId)
      .executeTakeFirstOrThrow();
    expect(e.status).toBe("opted_out");
    const items = await db
      .selectFrom("sales_send_queue")
      .select(["status"])
      .where("enrollment_id", "=", enrollmentId)
      .execute();
    expect(items.map((i) => i.status)).toEqual(["cancelled"]);
    const events = await db
      .selectFrom("cadence_event_log")
      .select(["event_type"])
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", contactId)
      .where("event_type", "=", "opted_out")
      .execute();
    expect(events).toHaveLength(1);
  }, 60_000);
});
