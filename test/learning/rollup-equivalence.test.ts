// The learning rollup behind its cursor (learning_rollup_rows, migration 0310: 0177's rules over a
// range of the log) against 0170's trigger function: random statements of mixed events are written
// in a transaction that is rolled back, and the rollup rows each leaves must be the same. 0170's
// function is installed from its own migration file, on a trigger of the test's transaction, and sees
// the events in ONE statement: the cursor folds whole ranges of the log, so an event is attributed to
// the touches of the whole range (a trigger saw those of its statement and the ones before). The
// cursor's side is read as the funnels read it (learning_funnel_live: the rollup and the tail past
// the cursor; inside an open transaction every row is in the tail).

import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { advanceTenantCursors } from "../../src/event-log/advance-cursors.ts";
import { newContact } from "../campaigns/helpers.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const FN_0170 = fs.readFileSync(
  path.join(import.meta.dirname, "../../db/migrations/0170_rollup_skip_uncounted.sql"),
  "utf8",
);

const TYPES = [
  "touch",
  "bounce",
  "reply",
  "exit",
  "held",
  "queued",
  "suppressed",
  "rejected",
  "opted_out",
  "step_allowed",
] as const;
const REASONS = [
  null,
  "touch_cap_exceeded",
  "account_cap_exceeded",
  "conflict_resolved_queued",
  "compliance_block",
  "outside_send_window",
];

let database: Database;
let t: Tenant;
const campaigns = [randomUUID(), randomUUID()];
const en: { id: string; contact: string; campaign: string }[] = [];

const eventArb = fc.record({
  type: fc.constantFrom(...TYPES),
  e: fc.nat({ max: 3 }),
  campaign: fc.constantFrom<0 | 1 | null>(0, 1, null),
  step: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  reason: fc.constantFrom(...REASONS),
  resolution: fc.constantFrom(null, "sent", "hard_bounce", "meeting", "rejected", "paused"),
  gate: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  day: fc.nat({ max: 20 }),
  variant: fc.constantFrom(null, "A", "B"),
  intent: fc.constantFrom(null, "meeting", "out_of_office"),
  ended: fc.subarray([0, 1, 2, 3]),
});
type Ev = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function row(ev: Ev) {
  const x = en[ev.e];
  const details: Record<string, unknown> = { kind: "test" };
  if (ev.variant) details.variant = ev.variant;
  if (ev.intent) details.intent = ev.intent;
  if (ev.type === "opted_out") details.enrollments_terminated = ev.ended.map((k) => en[k].id);
  return {
    client_id: t.clientId,
    occurred_at: new Date(Date.UTC(2026, 2, 1 + ev.day, 9 + (ev.day % 5))),
    contact_id: x.contact,
    enrollment_id: x.id,
    campaign_id: ev.campaign === null ? null : ev.type === "opted_out" ? null : x.campaign,
    step_number: ev.step,
    send_item_id: null, // a touch and its bounce never share an item here (0211: an id names a row of the tenant)
    sequence_type: "sales" as const,
    event_type: ev.type,
    coordinator_action: "allow" as const,
    resolution: ev.resolution,
    gate: ev.gate,
    suppressed_reason: ev.reason as never,
    details: JSON.stringify(details),
  };
}

class Rollback extends Error {
  constructor(readonly rows: unknown[]) {
    super("rollback");
  }
}

/** The rollup rows the statements leave, in a transaction rolled back; through 0170's trigger if asked. */
async function rollupAfter(db: Kysely<DB>, statements: Ev[][], with0170: boolean): Promise<unknown[]> {
  try {
    await db.transaction().execute(async (tx) => {
      if (with0170) {
        await sql.raw(FN_0170).execute(tx);
        await sql`create trigger learning_rollup_events after insert on cadence_event_log
          referencing new table as new_rows for each statement execute function learning_rollup_events()`.execute(
          tx,
        );
      }
      for (const s of with0170 ? [statements.flat()] : statements) {
        await tx
          .insertInto("cadence_event_log")
          .values(s.map(row) as never)
          .execute();
      }
      const r = await sql`
        select campaign_id, step_number, variant, week::text as week, metric, sum(n)::int as n
          from ${with0170 ? sql`learning_funnel_rollup where client_id = ${t.clientId}` : sql`learning_funnel_live(${t.clientId})`}
         group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`.execute(tx);
      throw new Rollback(r.rows);
    });
  } catch (e) {
    if (e instanceof Rollback) return e.rows;
    throw e;
  }
  throw new Error("unreachable");
}

describe("the learning rollup behind its cursor counts what 0170's trigger counted", () => {
  beforeAll(async () => {
    database = await testDatabase();
    const db = database.db;
    t = await createTenant(db, "rollup-eq");
    for (const [k, id] of campaigns.entries()) {
      await db
        .insertInto("campaigns")
        .values({
          id,
          client_id: t.clientId,
          slug: `eq_${k}`,
          name: `Eq ${k}`,
          type: "membership",
          owner_role: "roles.bdr",
          on_exit: "{}",
        } as never)
        .execute();
    }
    for (let i = 0; i < 4; i++) {
      const { contactId } = await newContact(db, t.clientId, `Eq ${i}`);
      const campaign = campaigns[i % 2];
      const e = await db
        .insertInto("campaign_contacts")
        .values({
          client_id: t.clientId,
          contact_id: contactId,
          campaign_id: campaign,
          sequence_type: "sales",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      en.push({ id: e.id, contact: contactId, campaign });
    }
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  it("gives the same rollup rows for random statements of mixed events", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(eventArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        async (statements) => {
          const before = await rollupAfter(database.db, statements, true);
          const after = await rollupAfter(database.db, statements, false);
          expect(after).toEqual(before);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it("counts a hold, a queue and a rejection in one statement with a touch", async () => {
    const ev = (type: Ev["type"], reason: string | null, step: number | null): Ev => ({
      type,
      e: 0,
      campaign: 0,
      step,
      reason,
      resolution: type === "rejected" ? "rejected" : null,
      gate: type === "rejected" ? 2 : null,
      day: 3,
      variant: type === "touch" ? "A" : null,
      intent: null,
      ended: [],
    });
    const rows = await rollupAfter(
      database.db,
      [
        [
          ev("held", null, 2),
          ev("queued", "conflict_resolved_queued", 2),
          ev("rejected", null, null),
          ev("touch", null, 1),
        ],
      ],
      false,
    );
    expect(rows.map((r) => (r as { metric: string }).metric).sort()).toEqual([
      "blocked:rejected",
      "held:touch_cap_exceeded",
      "queued:conflict_resolved_queued",
      "sent",
    ]);
  });

  it("catches up behind its cursor: committed statements, advanced, equal a count from scratch", async () => {
    const db = database.db;
    // a live log: each event happens after the ones written before it (a count from scratch attributes
    // a reply to the touches before it in time; a fold, to those written before it)
    const statements = fc.sample(fc.array(eventArb, { minLength: 1, maxLength: 6 }), {
      numRuns: 8,
      seed: 39,
    });
    const at = (k: number) => new Date(Date.UTC(2026, 2, 1) + k * 3_600_000);
    const rollup = () => sql`
      select campaign_id, step_number, variant, week::text as week, metric, sum(n)::int as n
        from learning_funnel_rollup where client_id = ${t.clientId} group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`;
    let k = 0;
    for (const [i, s] of statements.entries()) {
      await db
        .insertInto("cadence_event_log")
        .values(s.map((ev) => ({ ...row(ev), occurred_at: at(k++) })) as never)
        .execute();
      // advanced after some statements only: the cursor folds ranges of several
      if (i % 3 === 1) await advanceTenantCursors(db, t.clientId);
    }
    const live = await sql`
      select campaign_id, step_number, variant, week::text as week, metric, sum(n)::int as n
        from learning_funnel_live(${t.clientId}) group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`.execute(db);
    await advanceTenantCursors(db, t.clientId);
    const scratch = await sql`
      select campaign_id, step_number, variant, week::text as week, metric, sum(n)::int as n
        from learning_rollup_rows(${t.clientId}, 0, null) group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`.execute(
      db,
    );
    expect(scratch.rows.length).toBeGreaterThan(0);
    expect((await rollup().execute(db)).rows).toEqual(scratch.rows);
    // what the funnels read before the last advance (rollup + tail) is the same figures
    expect(live.rows).toEqual(scratch.rows);
    const daily = await sql`select day::text, kind, cohort, reason, action, n::int as n from event_log_daily
      where client_id = ${t.clientId} order by 1, 2, 3, 4, 5`.execute(db);
    const dailyScratch = await sql`select day::text, kind, cohort, reason, action, n::int as n
      from event_log_daily_rows(${t.clientId}, 0, null, null, null) order by 1, 2, 3, 4, 5`.execute(db);
    expect(daily.rows).toEqual(dailyScratch.rows);
  });
});
