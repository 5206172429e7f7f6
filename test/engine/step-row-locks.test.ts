// Issue 39 items 1 and 3 on PostgreSQL: a step's claim is its row lock, taken in the transaction
// that executes the step (nothing is written to claim it or to hand it back), and an auto-sent
// step's email goes out inside that transaction: one decision and one event, the touch, and the
// final step's exit at once. A crash between the SMTP conversation and the commit rolls the step
// back whole; the ledger's one 'sending' row names the contact, so the caps count the message
// meanwhile, and the retry records it as an unknown outcome, never a second message.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { EmailChannel } from "../../src/channels/channel.ts";
import { loadTouchesOf } from "../../src/coordinator/snapshot/batch-snapshot.ts";
import type { Database } from "../../src/db/connect.ts";
import { openDatabase } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { OUTCOME_UNKNOWN } from "../../src/engine/send-approved.ts";
import { appendEvents, NO_LINEAGE } from "../../src/event-log/append-events.ts";
import { holdRowLocks } from "../support/lock-waits.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { ownServerDatabase } from "../support/template.ts";
import { oneStepTenant } from "./engine-harness.ts";

const T0 = new Date("2026-06-01T09:00:00Z");
const LEASE_MS = 30_000;

describeMultiConnection("a step's claim is its row lock; an auto-sent step sends in its transaction", () => {
  let database: Database;
  let own: Awaited<ReturnType<typeof ownServerDatabase>>;
  let deps: EngineDeps;
  let enroll: (name: string) => Promise<string>;
  beforeAll(async () => {
    own = await ownServerDatabase("steplocks");
    database = await openDatabase({ url: own.url, poolSize: 6 });
    ({ deps, enroll } = await oneStepTenant(database, "srl", T0, { claimLeaseMs: LEASE_MS }));
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await own?.drop();
  });

  const enrollment = (id: string) =>
    database.db
      .selectFrom("campaign_contacts")
      .select(["status", "exit_reason", "next_send_at", "claimed_by", "contact_id", "client_id"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
  const items = (id: string) =>
    database.db.selectFrom("sales_send_queue").selectAll().where("enrollment_id", "=", id).execute();
  const mails = async (id: string) =>
    (
      await database.db
        .selectFrom("dev_email_outbox")
        .select("id")
        .where("idempotency_key", "=", `${id}:1`)
        .execute()
    ).length;
  const events = async (id: string) =>
    (
      await database.db
        .selectFrom("cadence_event_log")
        .select("event_type")
        .where("enrollment_id", "=", id)
        .orderBy("event_id")
        .execute()
    ).map((e) => e.event_type);

  it("skips a step another transaction holds, without waiting; runs it once the lock is gone", async () => {
    const id = await enroll("Held Row");
    const before = await events(id);
    const other = await openDatabase({ url: own.url, poolSize: 1 });
    try {
      const { client_id } = await enrollment(id);
      const holder = await holdRowLocks(other.db, (tx) =>
        sql`select id from campaign_contacts where client_id = ${client_id} and id = ${id} for update`.execute(
          tx,
        ),
      );
      const started = Date.now();
      const skipped = await runEngineOnce(deps, T0, { workerId: "w1", batch: 10 });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(skipped.claimed).toBe(0);
      holder.release();
      await holder.done;
    } finally {
      await other.close();
    }
    const pass = await runEngineOnce(deps, T0, { workerId: "w1", batch: 10 });
    expect(pass).toMatchObject({ claimed: 1, executed: 1, exited: 1, sends: { sent: 1 }, errors: 0 });
    expect(await mails(id)).toBe(1);
    const [item] = await items(id);
    expect(item).toMatchObject({ status: "sent", claimed_by: null });
    expect(await enrollment(id)).toMatchObject({
      status: "timed_out",
      exit_reason: "no_engagement",
      claimed_by: null,
    });
    // one decision and one event for the step and its send: no send_allowed; the touch; the exit
    expect((await events(id)).slice(before.length)).toEqual(["step_allowed", "touch", "exit"]);
    // the ledger's row names the contact (commercial mail: it counts until its touch is recorded)
    const ledger = await database.db
      .selectFrom("channel_deliveries")
      .select(["status", "contact_id"])
      .where("idempotency_key", "=", `${id}:1`)
      .executeTakeFirstOrThrow();
    expect(ledger).toEqual({ status: "sending", contact_id: (await enrollment(id)).contact_id });
  });

  it("a transient failure in the step: the item written once, approved for its retry; the send phase sends it", async () => {
    const id = await enroll("Transient Inline");
    const real = deps.email!;
    const refusing: EmailChannel = {
      async send(m, now) {
        if (m.idempotencyKey !== `${id}:1`) return real.send(m, now);
        return { status: "failed", transient: true, error: "421 try again later" };
      },
    };
    const pass = await runEngineOnce({ ...deps, email: refusing }, T0, { workerId: "w1", batch: 10 });
    expect(pass).toMatchObject({ executed: 1, exited: 0, sends: { retry: 1 }, errors: 0 });
    // the message goes before the item is inserted: the item is inserted as the channel's answer
    // left it (its first attempt, the error, the back-off), never as 'sent'
    const [item] = await items(id);
    expect(item).toMatchObject({
      status: "approved",
      attempts: 1,
      error: "421 try again later",
      sent_at: null,
    });
    expect(new Date(item.scheduled_at).getTime()).toBe(T0.getTime() + 60_000);
    expect(await mails(id)).toBe(0);
    // the final step's touch did not settle: the sequence waits for it (finish-sequences.ts)
    expect(await enrollment(id)).toMatchObject({ status: "active", next_send_at: null });
    const later = new Date(T0.getTime() + 61_000);
    await runEngineOnce(deps, later, { workerId: "w2", batch: 10 });
    const [again] = await items(id);
    expect(again).toMatchObject({ status: "sent", attempts: 2 });
    expect(await mails(id)).toBe(1);
  });

  it("a crash after SMTP, before the step's commit: rolled back whole, counted, never resent", async () => {
    const id = await enroll("Crash Inline");
    const real = deps.email!;
    const crashing: EmailChannel = {
      async send(m, now) {
        if (m.idempotencyKey !== `${id}:1`) return real.send(m, now);
        await real.send(m, now); // the message goes out (the ledger's one row says 'sending') ...
        throw new Error("worker killed"); // ... and the worker dies before the step commits
      },
    };
    const errors: string[] = [];
    await runEngineOnce({ ...deps, email: crashing }, T0, {
      workerId: "w1",
      batch: 10,
      onError: (e) => errors.push((e as Error).message),
    });
    expect(errors).toEqual(["worker killed"]);
    // nothing of the step was committed: no item, the enrollment as it was (held back by the lease
    // a failed step gets), one message at the server
    expect(await items(id)).toEqual([]);
    const e = await enrollment(id);
    expect(e).toMatchObject({ status: "active", claimed_by: "w1" });
    expect(await mails(id)).toBe(1);
    // the caps count it meanwhile: the contact's ledger row with no touch
    const later = new Date(T0.getTime() + LEASE_MS + 1000);
    const counted = async () =>
      (await loadTouchesOf(database.db, e.client_id, [e.contact_id], later)).get(e.contact_id) ?? [];
    expect(await counted()).toHaveLength(1);
    // the retry: the ledger answers the key, an unknown outcome; the sequence ends; no second message
    const retry = await runEngineOnce(deps, later, { workerId: "w2", batch: 10 });
    expect(retry).toMatchObject({ executed: 1, exited: 1, sends: { unknown: 1 }, errors: 0 });
    const [item] = await items(id);
    expect(item.status).toBe("failed");
    expect(item.error).toMatch(new RegExp(`^${OUTCOME_UNKNOWN}`));
    expect(await mails(id)).toBe(1);
    expect(await counted()).toHaveLength(1);
    expect(await enrollment(id)).toMatchObject({ status: "timed_out", exit_reason: "no_engagement" });
  });

  it("records the touch from the step's own facts exactly as the send phase records it from the rows", async () => {
    // two contacts with the same history (two touches this week), one stepped with its send in the
    // step (the touch's facts from the gates' snapshot and the plans), one through the send phase
    // (PGlite's path: the facts read back from the rows); their touches and CRM writes must agree
    const [inline, phased] = [await enroll("Known Facts"), await enroll("Read Facts")];
    for (const id of [inline, phased]) {
      const e = await enrollment(id);
      await appendEvents(
        database.db,
        [2, 1].map((days) => ({
          client_id: e.client_id,
          occurred_at: new Date(T0.getTime() - days * 86_400_000),
          contact_id: e.contact_id,
          event_type: "touch",
          sequence_type: "nurture" as const,
          lineage: NO_LINEAGE,
        })),
      );
    }
    const hold = (id: string) =>
      database.db
        .updateTable("campaign_contacts")
        .set({ paused_until: new Date(T0.getTime() + 3_600_000) })
        .where("id", "=", id)
        .execute();
    await hold(phased);
    const a = await runEngineOnce(deps, T0, { workerId: "w1", batch: 10 });
    expect(a.errors).toBe(0);
    await database.db
      .updateTable("campaign_contacts")
      .set({ paused_until: null })
      .where("id", "=", phased)
      .execute();
    await hold(inline);
    const b = await runEngineOnce({ ...deps, dbKind: "pglite" }, T0, { workerId: "w1", batch: 10 });
    expect(b.errors).toBe(0);
    const touchOf = async (id: string) => {
      const r = await database.db
        .selectFrom("cadence_event_log as l")
        // by tenant as well: on Citus a join by contact_id alone needs a repartition (issue 57)
        .innerJoin("contacts as c", (j) =>
          j.onRef("c.client_id", "=", "l.client_id").onRef("c.contact_id", "=", "l.contact_id"),
        )
        .select([
          "l.touch_cap_at_event",
          "l.sequence_type",
          "l.channel",
          "l.step_number",
          "l.play_id",
          "l.originating_proposal_id",
          "l.originating_agent_id",
          "l.details",
          sql<boolean>`l.account_id = c.account_id`.as("account_matches"),
          sql<boolean>`l.send_item_id is not null`.as("names_item"),
        ])
        .where("l.enrollment_id", "=", id)
        .where("l.event_type", "=", "touch")
        .execute();
      return r;
    };
    const crmOf = async (id: string) => {
      const { contact_id } = await enrollment(id);
      const r = await database.db
        .selectFrom("crm_outbox")
        .select(["op", "payload"])
        .where("contact_id", "=", contact_id)
        .orderBy("id")
        .execute();
      return r.map((x) => {
        const {
          contactId: _c,
          enrollmentId: _e,
          occurredAt: _o,
          ...rest
        } = x.payload as Record<string, unknown>;
        return { op: x.op, ...rest };
      });
    };
    const known = await touchOf(inline);
    expect(known).toHaveLength(1);
    expect(known[0]).toMatchObject({ touch_cap_at_event: 3, account_matches: true, names_item: true });
    expect(known).toEqual(await touchOf(phased));
    const crm = await crmOf(inline);
    expect(crm.map((w) => w.op)).toContain("log_activity");
    expect(crm).toEqual(await crmOf(phased));
  });
});
