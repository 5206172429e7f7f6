// Issue 39 item 3 for the sends of items a person approved, on PostgreSQL (src/engine/send-locked.ts):
// an item's claim is its row lock, taken with its contact's in the transaction that gates, sends and
// records it. Nothing is written to claim an item or to hand it back (one new version per item), an
// item whose contact another transaction holds is skipped without waiting, and a tenant's batch the
// database refuses as a whole is run again one item at a time, the refused one held back by a lease.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { openDatabase } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { approvePending } from "../../src/simulation/simulate-days.ts";
import { distributeTestTable } from "../support/citus.ts";
import { holdRowLocks } from "../support/lock-waits.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { ownServerDatabase } from "../support/template.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps, oneStepSales } from "./engine-harness.ts";

const T0 = new Date("2026-06-01T09:00:00Z");
const LEASE_MS = 30_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

describeMultiConnection("an approved item's send claim is its row lock", () => {
  let database: Database;
  let own: Awaited<ReturnType<typeof ownServerDatabase>>;
  let deps: EngineDeps;
  let t: Tenant;
  let db: Kysely<DB>;
  beforeAll(async () => {
    own = await ownServerDatabase("sendlocks");
    database = await openDatabase({ url: own.url, poolSize: 6 });
    db = database.db;
    deps = await engineDeps(database, { claimLeaseMs: LEASE_MS });
    t = await createTenant(db, "snl");
    await oneStepSales(db, t.revops, "snl_sales", T0);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await own?.drop();
  });

  /** Contacts enrolled, their steps drafted at `now`, the drafts approved: items due to send. */
  async function approvedItems(names: string[], now: Date): Promise<Map<string, string>> {
    const contacts = new Map<string, string>();
    for (const name of names) {
      const contactId = await addContact(db, t.clientId, name);
      await db
        .insertInto("campaign_contacts")
        .values({
          client_id: t.clientId,
          contact_id: contactId,
          campaign_id: (
            await db
              .selectFrom("campaigns")
              .select("id")
              .where("slug", "=", "snl_sales")
              .executeTakeFirstOrThrow()
          ).id,
          status: "active",
          current_step: 1,
          next_send_at: now,
          enrolled_at: now,
          sequence_type: "sales",
        })
        .execute();
      contacts.set(name, contactId);
    }
    const steps = await runEngineOnce(deps, now, { workerId: "drafter", batch: 50 });
    expect(steps.executed).toBe(names.length);
    expect(await approvePending(db, t.exec, now)).toBe(names.length);
    return contacts;
  }
  const item = (contactId: string) =>
    db
      .selectFrom("sales_send_queue")
      .select(["id", "status", "claimed_by", "claimed_until"])
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", contactId)
      .executeTakeFirstOrThrow();
  const mails = async (contactId: string) =>
    Number(
      (
        await sql<{ n: number }>`select count(*)::int as n from dev_email_outbox o
                                   join sales_send_queue q on q.client_id = o.client_id and q.idempotency_key = o.idempotency_key
                                  where q.client_id = ${t.clientId} and q.contact_id = ${contactId}`.execute(
          db,
        )
      ).rows[0].n,
    );

  it("sends each approved item with one new version of it: no claim written, none handed back", async () => {
    const T1 = at(60_000);
    const contacts = [...(await approvedItems(["One Version A", "One Version B"], T1)).values()];
    // every version an item gets from here on, counted by a trigger
    // by tenant, so that on Citus the trigger writes it where it runs (test/support/citus.ts)
    await sql`create table snl_versions (client_id text, id uuid, status text, claimed_by text)`.execute(db);
    await distributeTestTable(db, "snl_versions");
    await sql`create function snl_versions() returns trigger language plpgsql as $$
                begin insert into snl_versions values (new.client_id, new.id, new.status, new.claimed_by); return new; end $$`.execute(
      db,
    );
    await sql`create trigger snl_versions after update on sales_send_queue for each row execute function snl_versions()`.execute(
      db,
    );
    try {
      const pass = await runEngineOnce(deps, at(120_000), { workerId: "sender", batch: 50 });
      expect(pass.sends.sent).toBe(2);
      for (const c of contacts) {
        const it = await item(c);
        expect(it).toMatchObject({ status: "sent", claimed_by: null, claimed_until: null });
        const versions = await sql<{ status: string; claimed_by: string | null }>`
          select status, claimed_by from snl_versions where client_id = ${t.clientId} and id = ${it.id}`.execute(
          db,
        );
        expect(versions.rows).toEqual([{ status: "sent", claimed_by: null }]);
        expect(await mails(c)).toBe(1);
      }
    } finally {
      await sql`drop trigger snl_versions on sales_send_queue`.execute(db);
    }
  });

  it("skips an item whose contact another transaction holds, without waiting; sends it once the lock is gone", async () => {
    const T2 = at(3_600_000);
    const contacts = await approvedItems(["Locked Contact", "Free Contact"], T2);
    const lockedContact = contacts.get("Locked Contact")!;
    const other = await openDatabase({ url: own.url, poolSize: 1 });
    try {
      const holder = await holdRowLocks(other.db, (tx) =>
        sql`select contact_id from contacts where client_id = ${t.clientId} and contact_id = ${lockedContact}
             for update`.execute(tx),
      );
      const started = Date.now();
      const pass = await runEngineOnce(deps, at(3_660_000), { workerId: "sender", batch: 50 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(pass.sends.sent).toBe(1);
      expect(await mails(contacts.get("Free Contact")!)).toBe(1);
      expect(await item(lockedContact)).toMatchObject({ status: "approved", claimed_by: null });
      holder.release();
      await holder.done;
      const later = await runEngineOnce(deps, at(3_720_000), { workerId: "sender", batch: 50 });
      expect(later.sends.sent).toBe(1);
      expect(await mails(lockedContact)).toBe(1);
    } finally {
      await other.close();
    }
  });

  it("runs a refused batch's items one by one: the others go in the same pass, the refused one after its lease", async () => {
    const T3 = at(7_200_000);
    const contacts = await approvedItems(["Batch Good A", "Batch Refused", "Batch Good B"], T3);
    const refused = contacts.get("Batch Refused")!;
    // the database refuses the send gate's decision event for that contact, and with it the batch
    await sql`create table snl_refuse (client_id text, contact_id uuid, primary key (client_id, contact_id))`.execute(
      db,
    );
    await distributeTestTable(db, "snl_refuse");
    await sql`create function snl_refuse() returns trigger language plpgsql as $$
                begin
                  if new.event_type = 'send_allowed'
                     and exists (select 1 from snl_refuse r where r.client_id = new.client_id
                                                             and r.contact_id = new.contact_id) then
                    raise exception 'refused for the test (snl_refuse)';
                  end if;
                  return new;
                end $$`.execute(db);
    await sql`create trigger snl_refuse before insert on cadence_event_log for each row execute function snl_refuse()`.execute(
      db,
    );
    await sql`insert into snl_refuse values (${t.clientId}, ${refused})`.execute(db);
    const errors: string[] = [];
    const send = at(7_260_000);
    const pass = await runEngineOnce(deps, send, {
      workerId: "sender",
      batch: 50,
      onError: (e, where) => errors.push(`${where}: ${(e as Error).message}`),
    });
    const refusedItem = await item(refused);
    expect(pass.sends.sent).toBe(2);
    expect(errors).toEqual([`send ${refusedItem.id}: refused for the test (snl_refuse)`]);
    expect([
      await mails(contacts.get("Batch Good A")!),
      await mails(refused),
      await mails(contacts.get("Batch Good B")!),
    ]).toEqual([1, 0, 1]);
    expect(refusedItem).toMatchObject({
      status: "approved",
      claimed_by: "sender",
      claimed_until: new Date(send.getTime() + LEASE_MS),
    });

    // within the lease nobody takes it again; after it, a pass sends it once
    await sql`delete from snl_refuse where client_id = ${t.clientId}`.execute(db);
    const early = await runEngineOnce(deps, new Date(send.getTime() + 10_000), { workerId: "w2", batch: 50 });
    expect(early.sends.sent ?? 0).toBe(0);
    const late = await runEngineOnce(deps, new Date(send.getTime() + LEASE_MS + 1_000), {
      workerId: "w2",
      batch: 50,
    });
    expect(late.sends.sent).toBe(1);
    expect(await mails(refused)).toBe(1);
    expect(await item(refused)).toMatchObject({ status: "sent", claimed_by: null, claimed_until: null });
  });
});
