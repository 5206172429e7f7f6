// Hand-computed step funnels: a small event history written by hand into the event log (the
// rollup trigger keeps the funnel), then every figure, rate and test statistic checked against
// values computed here.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../src/campaigns/define-campaign.ts";
import type { Database } from "../../src/db/connect.ts";
import { campaignFunnel } from "../../src/learning/read-funnel.ts";
import { campaignVariants } from "../../src/learning/step-variants-report.ts";
import { newContact } from "../campaigns/helpers.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const at = (s: string) => new Date(`2026-03-${s}Z`);
const W1 = "2026-03-02";
const W2 = "2026-03-09";

let database: Database;
let t: Tenant;
let campaignId: string;
const en: { id: string; contact: string }[] = [];

type Ev = Record<string, unknown> & { event_type: string; e: number; occurred_at: Date };

function row(ev: Ev) {
  const { e, details, ...rest } = ev;
  const x = en[e];
  return {
    client_id: t.clientId,
    contact_id: x.contact,
    enrollment_id: x.id,
    campaign_id: campaignId,
    sequence_type: "sales" as const,
    details: JSON.stringify(details ?? {}),
    ...rest,
  };
}

// the same history and figures on PGlite and on PostgreSQL (the trigger's SQL runs on both)
function suite(open: () => Promise<Database>) {
  beforeAll(async () => {
    en.length = 0;
    database = await open();
    const db = database.db;
    t = await createTenant(db, "funnel");
    const c = await createCampaign(
      db,
      t.revops,
      {
        slug: "fx",
        name: "Fixture",
        type: "membership",
        owner_role: "roles.bdr",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "intro",
            variants: [
              { key: "A", subject: "a", instructions: "generic", weight: 1 },
              { key: "B", subject: "b", instructions: "specific", weight: 1 },
            ],
          },
          {
            step_number: 2,
            delay_days: 7,
            channel: "email",
            content_type: "proof",
            template_instructions: "proof",
          },
        ],
      },
      at("01T00:00:00"),
    );
    campaignId = c.id;
    for (let i = 0; i < 7; i++) {
      const { contactId } = await newContact(db, t.clientId, `Fixture ${i}`);
      const e = await db
        .insertInto("campaign_contacts")
        .values({
          client_id: t.clientId,
          contact_id: contactId,
          campaign_id: campaignId,
          sequence_type: "sales",
          status: "active",
          enrolled_at: at("02T08:00:00"),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      en.push({ id: e.id, contact: contactId });
    }
    // step 1's send items are rows of the tenant (0211: an event's send_item_id names one); step 2's
    // touches name none, which the rollup reads as it read an id no bounce shares
    const item = Array.from({ length: 7 }, () => randomUUID());
    await db
      .insertInto("sales_send_queue")
      .values(
        en.map((x, k) => ({
          id: item[k],
          client_id: t.clientId,
          contact_id: x.contact,
          campaign_id: campaignId,
          enrollment_id: x.id,
          step_number: 1,
          channel: "email" as const,
          scheduled_at: at("02T10:00:00"),
          status: "sent" as const,
          idempotency_key: `fixture-${item[k]}`,
        })),
      )
      .execute();
    const touch = (e: number, step: number, when: string, variant: string | null) => ({
      e,
      event_type: "touch",
      occurred_at: at(when),
      step_number: step,
      send_item_id: step === 1 ? item[e] : null,
      channel: "email",
      coordinator_action: "allow",
      resolution: "sent",
      details: { kind: "touch", variant },
    });
    // gate decisions before the first touches, and one activation blocked (step 0)
    await db
      .insertInto("cadence_event_log")
      .values([
        row({
          e: 5,
          event_type: "held",
          occurred_at: at("02T09:00:00"),
          step_number: 1,
          suppressed_reason: "touch_cap_exceeded",
        }),
        row({
          e: 4,
          event_type: "queued",
          occurred_at: at("02T09:00:00"),
          step_number: 1,
          suppressed_reason: "conflict_resolved_queued",
        }),
        row({
          e: 6,
          event_type: "suppressed",
          occurred_at: at("02T09:00:00"),
          suppressed_reason: "compliance_block",
        }),
      ] as never)
      .execute();
    // step 1: six touches in ONE statement (the engine inserts in bulk), A for 0-2, B for 3-5
    await db
      .insertInto("cadence_event_log")
      .values(
        [0, 1, 2, 3, 4, 5].map((e) => row(touch(e, 1, "02T10:00:00", e < 3 ? "A" : "B") as Ev)) as never,
      )
      .execute();
    const one = (ev: Ev) =>
      db
        .insertInto("cadence_event_log")
        .values(row(ev) as never)
        .execute();
    await one({
      e: 2,
      event_type: "bounce",
      occurred_at: at("03T10:00:00"),
      step_number: 1,
      send_item_id: item[2],
      resolution: "hard_bounce",
    });
    await one({
      e: 0,
      event_type: "reply",
      occurred_at: at("02T20:00:00"),
      step_number: 2,
      resolution: "paused",
      details: { intent: "out_of_office" },
    });
    await one({
      e: 3,
      event_type: "reply",
      occurred_at: at("04T12:00:00"),
      step_number: 2,
      resolution: "exited",
      details: { intent: "meeting" },
    });
    await one({
      e: 3,
      event_type: "exit",
      occurred_at: at("04T12:00:00"),
      step_number: 2,
      resolution: "meeting",
    });
    await one({
      e: 4,
      event_type: "reply",
      occurred_at: at("05T11:00:00"),
      step_number: 2,
      resolution: "continued",
      details: { intent: "other" },
    });
    // an opt-out names the enrollments it ended (no campaign on the row itself)
    await db
      .insertInto("cadence_event_log")
      .values({
        client_id: t.clientId,
        contact_id: en[1].contact,
        occurred_at: at("06T10:00:00"),
        event_type: "opted_out",
        coordinator_action: "block",
        details: JSON.stringify({ kind: "opt_out", enrollments_terminated: [en[1].id] }),
      })
      .execute();
    // step 2, one statement each: gaps of 7, 7 and 10 days from the step-1 touches
    await one(touch(0, 2, "09T10:00:00", null) as Ev);
    await one(touch(4, 2, "09T10:00:00", null) as Ev);
    await one(touch(5, 2, "12T10:00:00", null) as Ev);
    await one({
      e: 5,
      event_type: "reply",
      occurred_at: at("13T12:00:00"),
      step_number: 2,
      resolution: "exited",
      details: { intent: "not_interested" },
    });
    await one({
      e: 5,
      event_type: "exit",
      occurred_at: at("13T12:00:00"),
      step_number: 2,
      resolution: "rejected",
    });
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  it("counts every step figure, rate and median", async () => {
    const f = await campaignFunnel(database.db, t.clientId, "fx");
    const [s1, s2] = f.steps;
    expect(s1.step_number).toBe(1);
    expect({ sent: s1.sent, delivered: s1.delivered, bounced: s1.bounced, replied: s1.replied }).toEqual({
      sent: 6,
      delivered: 5,
      bounced: 1,
      replied: 2, // meeting + other; out-of-office is not an answer
    });
    expect(s1.replied_by_class).toEqual({ out_of_office: 1, meeting: 1, other: 1 });
    expect(s1.converted).toBe(1);
    expect(s1.opted_out).toBe(1);
    expect(s1.held).toEqual({ touch_cap_exceeded: 1 });
    expect(s1.queued).toEqual({ conflict_resolved_queued: 1 });
    expect(s1.reply_rate).toBeCloseTo(2 / 6, 12);
    expect(s1.conversion_rate).toBeCloseTo(1 / 6, 12);
    // reply gaps 0 (OOO), 2 (meeting), 3 (other): lower median of [0, 2, 3]
    expect(s1.median_days_to_reply).toBe(2);
    expect(s1.median_days_from_previous).toBeNull();
    expect(s1.reach).toBe(1);

    expect(s2.sent).toBe(3);
    expect(s2.replied).toBe(1);
    expect(s2.exits).toEqual({ rejected: 1 });
    expect(s2.converted).toBe(0);
    // gaps between the steps: 7, 7, 10 days
    expect(s2.median_days_from_previous).toBe(7);
    expect(s2.median_days_to_reply).toBe(1);
    expect(s2.reach).toBeCloseTo(3 / 6, 12);
    expect(s2.step_conversion).toBeCloseTo(3 / 6, 12);

    expect(f.activation.blocked).toEqual({ compliance_block: 1 });
    expect(f.totals.sent).toBe(9);
    expect(f.totals.replied).toBe(3);
  });

  it("splits step 1 by variant", async () => {
    const f = await campaignFunnel(database.db, t.clientId, "fx");
    const [a, b] = f.steps[0].variants;
    expect(a).toMatchObject({ key: "A", sent: 3, bounced: 1, replied: 0, converted: 0, opted_out: 1 });
    expect(b).toMatchObject({ key: "B", sent: 3, bounced: 0, replied: 2, converted: 1, opted_out: 0 });
    expect(f.steps[1].variants).toEqual([]);
  });

  it("groups by week", async () => {
    const f = await campaignFunnel(database.db, t.clientId, "fx");
    expect(f.weeks.map((w) => w.week)).toEqual([W1, W2]);
    const [w1, w2] = f.weeks;
    expect(w1.totals.sent).toBe(6);
    expect(w1.totals.replied).toBe(2);
    expect(w1.totals.opted_out).toBe(1);
    expect(w2.totals.sent).toBe(3);
    expect(w2.steps).toMatchObject([{ step_number: 2, sent: 3, replied: 1 }]);
    const only2 = await campaignFunnel(database.db, t.clientId, "fx", { from: W2 });
    expect(only2.totals.sent).toBe(3);
  });

  it("compares the variants with the formulas of docs/learning.md", async () => {
    const r = await campaignVariants(database.db, t.clientId, "fx");
    expect(r.steps).toHaveLength(1);
    const s = r.steps[0];
    expect(s.variants.map((v) => [v.key, v.sent, v.replied, v.share])).toEqual([
      ["A", 3, 0, 0.5],
      ["B", 3, 2, 0.5],
    ]);
    // by hand: B 2/3 against A 0/3
    const pooled = 2 / 6;
    const z = (2 / 3 - 0) / Math.sqrt(pooled * (1 - pooled) * (1 / 3 + 1 / 3));
    expect(s.replies!.leader).toBe("B");
    expect(s.replies!.z).toBeCloseTo(z, 10); // 1.7320508
    expect(z).toBeCloseTo(Math.sqrt(3), 10);
    // Beta(1, 4) for A and Beta(3, 2) for B: means 1/5 and 3/5, variances m(1 − m)/6
    const v = (0.2 * 0.8) / 6 + (0.6 * 0.4) / 6;
    const zb = (0.6 - 0.2) / Math.sqrt(v);
    expect(zb).toBeCloseTo(1.549193, 5);
    expect(s.replies!.probability_better).toBeCloseTo(0.93933, 4); // Φ(1.549193)
    // 80% power at alpha 0.05 for 0 vs 2/3
    const pBar = 1 / 3;
    const nPerArm = Math.ceil(
      (1.959964 * Math.sqrt(2 * pBar * (1 - pBar)) + 0.841621 * Math.sqrt(0 + (2 / 3) * (1 / 3))) ** 2 /
        (2 / 3) ** 2,
    );
    expect(s.replies!.needed_per_arm).toBe(nPerArm);
    expect(s.replies!.more_sends).toBe(2 * (nPerArm - 3));
    expect(s.replies!.p_value).toBeCloseTo(2 * (1 - 0.958368), 4); // Φ(√3) = 0.958368
    expect(s.replies!.readout).toBe(
      s.replies!.significant
        ? expect.any(String)
        : `B leads; 94% likely better than A; about ${2 * (nPerArm - 3)} more sends to be sure.`,
    );
  });
}

describe("step funnel from a hand-built history (PGlite)", () => suite(testDatabase));
describeMultiConnection("step funnel from a hand-built history (PostgreSQL)", () =>
  suite(() => serverDatabase(4)),
);
