// Executing active plays (spec 001 wire 4, spec 000 execution) through the real coordinator:
// the play's campaign, its target contacts, lineage on every event, the active period's end, and
// in-flight enrollments of a retired play left to complete.
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/auth/principal.ts";
import { requestActivation } from "../../src/coordinator/index.ts";
import type { DB } from "../../src/db/database.ts";
import { approvePlay } from "../../src/plays/approve-play.ts";
import { createDraft } from "../../src/plays/create-draft.ts";
import { executeActivePlays } from "../../src/plays/execute-active-plays.ts";
import { matchTargets } from "../../src/plays/match-targets.ts";
import { retirePlay } from "../../src/plays/retire-play.ts";
import { pickUpPlay } from "../../src/plays/review-play.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { playDoc } from "../workspace/fixtures.ts";
import { makeCampaign } from "./support/fixtures.ts";

const T0 = new Date("2026-11-20T12:00:00Z");
const DAY = 86_400_000;
let h: TestApp;

async function world(db: Kysely<DB>, t: Tenant) {
  await db
    .insertInto("segments")
    .values([
      { client_id: t.clientId, segment: "mm", name: "Mid-market" },
      { client_id: t.clientId, segment: "ent", name: "Enterprise" },
    ])
    .execute();
  const account = async (
    segment: string,
    icp_tier: "T1" | "T2" | "T3",
    vertical: string,
    lifecycle_stage = "prospect",
  ) =>
    (
      await db
        .insertInto("accounts")
        .values({
          client_id: t.clientId,
          name: `${segment}-${icp_tier}-${vertical}`,
          segment,
          icp_tier,
          vertical,
          lifecycle_stage,
        })
        .returning("account_id")
        .executeTakeFirstOrThrow()
    ).account_id;
  const contact = async (accountId: string, opts: { optOut?: boolean; signal?: string } = {}) =>
    (
      await db
        .insertInto("contacts")
        .values({
          client_id: t.clientId,
          account_id: accountId,
          full_name: "Someone",
          email: `${Math.random().toString(36).slice(2)}@x.test`,
          opt_out_flag: opts.optOut ?? false,
          last_marketing_signal: opts.signal ?? null,
          last_marketing_signal_at: opts.signal ? new Date(T0.getTime() - DAY) : null,
        })
        .returning("contact_id")
        .executeTakeFirstOrThrow()
    ).contact_id;
  const retailT1 = await account("mm", "T1", "retail");
  const retailT2 = await account("mm", "T2", "Retail", "customer");
  const mfgT1 = await account("mm", "T1", "manufacturing");
  const entRetail = await account("ent", "T1", "retail");
  return {
    account,
    contact,
    accounts: { retailT1, retailT2, mfgT1, entRetail },
    targets: [
      await contact(retailT1),
      await contact(retailT1),
      await contact(retailT2, { signal: "webinar" }),
    ],
    optedOut: await contact(retailT1, { optOut: true }),
    outside: [await contact(mfgT1), await contact(entRetail)],
  };
}

async function activate(t: Tenant, name: string, end: string | null = null, db: Kysely<DB> = h.deps.db) {
  const who = (p: Principal) => p;
  const draft = await createDraft(db, who(t.agt901), playDoc(name, "mm"), T0);
  await pickUpPlay(db, t.revops, draft.play_id, T0);
  await approvePlay(db, t.slm, draft.play_id, { as: "slm" }, T0);
  await approvePlay(db, t.revops, draft.play_id, { as: "revops", active_period_end: end }, T0);
  return db.selectFrom("plays").selectAll().where("play_id", "=", draft.play_id).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  h = await testApp();
});
afterAll(() => h.close());

describe("executeActivePlays", () => {
  it("runs an active play as a campaign and asks the gates for each target contact once", async () => {
    const t = await createTenant(h.deps.db);
    const w = await world(h.deps.db, t);
    const play = await activate(t, "Retail proof");
    const [run] = await executeActivePlays(h.deps.db, T0, { clientId: t.clientId });
    expect(run).toMatchObject({
      play_id: play.play_id,
      campaign_created: true,
      skipped: null,
      requested: 4,
      errors: [],
    });
    expect(run.decisions).toEqual({ allow: 3, hold: 0, queue: 0, block: 1 });

    const campaign = await h.deps.db
      .selectFrom("campaigns")
      .selectAll()
      .where("id", "=", run.campaign_id!)
      .executeTakeFirstOrThrow();
    expect(campaign).toMatchObject({
      play_id: play.play_id,
      kind: "sales",
      type: "play",
      approval_policy: "require_approval",
    });
    expect(campaign.slug).toMatch(/^play_[0-9a-f]{12}$/);
    const steps = await h.deps.db
      .selectFrom("campaign_sequences")
      .select(["step_number", "delay_days", "channel", "content_type", "template_instructions"])
      .where("campaign_id", "=", campaign.id)
      .orderBy("step_number")
      .execute();
    expect(steps).toEqual([
      {
        step_number: 1,
        delay_days: 0,
        channel: "email",
        content_type: "follow_up",
        template_instructions: "Open warmly.",
      },
      {
        step_number: 2,
        delay_days: 3,
        channel: "email",
        content_type: "proof",
        template_instructions: "Share a proof asset.",
      },
    ]);

    const enrolled = await h.deps.db
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("campaign_id", "=", campaign.id)
      .execute();
    expect(enrolled.map((e) => e.contact_id).sort()).toEqual([...w.targets].sort());
    for (const e of enrolled) {
      expect(e).toMatchObject({
        status: "active",
        play_id: play.play_id,
        originating_proposal_id: play.originating_proposal_id,
      });
    }
    // every event the play caused carries its lineage, the compliance block included
    const events = await h.deps.db
      .selectFrom("cadence_event_log")
      .selectAll()
      .where("campaign_id", "=", campaign.id)
      .execute();
    expect(events).toHaveLength(4);
    for (const e of events)
      expect(e).toMatchObject({
        play_id: play.play_id,
        originating_proposal_id: play.originating_proposal_id,
      });
    expect(events.find((e) => e.contact_id === w.optedOut)).toMatchObject({
      gate: 1,
      suppressed_reason: "compliance_block",
    });

    // a second run asks nobody again; a new target contact is asked on the next run
    const [again] = await executeActivePlays(h.deps.db, new Date(T0.getTime() + 3_600_000), {
      clientId: t.clientId,
    });
    expect(again).toMatchObject({ campaign_id: campaign.id, campaign_created: false, requested: 0 });
    const newcomer = await w.contact(w.accounts.retailT1);
    const [third] = await executeActivePlays(h.deps.db, new Date(T0.getTime() + 7_200_000), {
      clientId: t.clientId,
    });
    expect(third.requested).toBe(1);
    const req = await h.deps.db
      .selectFrom("play_execution_requests")
      .selectAll()
      .where("contact_id", "=", newcomer)
      .executeTakeFirstOrThrow();
    expect(req).toMatchObject({ play_id: play.play_id, action: "allow" });
  });

  it("starts nothing after active_period_end and leaves in-flight enrollments of a retired play running", async () => {
    const t = await createTenant(h.deps.db);
    const w = await world(h.deps.db, t);
    const ending = await activate(t, "Ends soon", "2026-11-22");
    const [first] = await executeActivePlays(h.deps.db, T0, { clientId: t.clientId });
    expect(first.requested).toBe(4);
    // after the end date (inclusive), a new target is not asked about
    await w.contact(w.accounts.retailT1);
    expect(
      await executeActivePlays(h.deps.db, new Date("2026-11-22T23:00:00Z"), { clientId: t.clientId }),
    ).toMatchObject([{ requested: 1 }]);
    await w.contact(w.accounts.retailT1);
    expect(
      await executeActivePlays(h.deps.db, new Date("2026-11-23T00:30:00Z"), { clientId: t.clientId }),
    ).toEqual([]);

    const other = await activate(t, "Retired later");
    const runs = await executeActivePlays(h.deps.db, T0, { clientId: t.clientId });
    expect(runs.find((r) => r.play_id === other.play_id)?.requested).toBeGreaterThan(0);
    await retirePlay(h.deps.db, t.revops, other.play_id, "completed", new Date(T0.getTime() + DAY));
    expect(
      await executeActivePlays(h.deps.db, new Date(T0.getTime() + 3 * DAY), { clientId: t.clientId }),
    ).toEqual([]);
    const live = await h.deps.db
      .selectFrom("campaign_contacts")
      .select(["status", "play_id"])
      .where("play_id", "in", [ending.play_id, other.play_id])
      .execute();
    expect(live.length).toBeGreaterThan(0);
    // nothing was cancelled or exited by the end date or the retirement
    expect(live.every((e) => e.status === "active" || e.status === "queued")).toBe(true);
  });

  it("events without a brain keep both lineage fields NULL", async () => {
    const t = await createTenant(h.deps.db);
    const w = await world(h.deps.db, t);
    const plain = await makeCampaign(h.deps.db, t.clientId, "marketing");
    const { decision } = await h.deps.db
      .transaction()
      .execute((tx) =>
        requestActivation(
          tx,
          { clientId: t.clientId, contactId: w.outside[0], campaignId: plain, requestedBy: null },
          T0,
        ),
      );
    const ev = await h.deps.db
      .selectFrom("cadence_event_log")
      .selectAll()
      .where("event_id", "=", decision.eventId)
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ play_id: null, originating_proposal_id: null });
  });

  it("matches account plays, tiers, verticals, lifecycle stages and intent signals", async () => {
    const t = await createTenant(h.deps.db);
    const w = await world(h.deps.db, t);
    const campaign = await makeCampaign(h.deps.db, t.clientId, "sales");
    const play = await activate(t, "Matcher");
    const base = { client_id: t.clientId, play_id: play.play_id, account_id: null, segment: "mm" };
    const m = (over: object) =>
      matchTargets(h.deps.db, { ...base, scope: "segment", target: {}, ...over }, campaign, 100);
    expect(await m({ target: { icp_tiers: ["T2"] } })).toEqual([w.targets[2]]);
    expect((await m({ target: { verticals: ["RETAIL"] } })).sort()).toEqual(
      [...w.targets, w.optedOut].sort(),
    );
    expect(await m({ target: { lifecycle_stages: ["customer"] } })).toEqual([w.targets[2]]);
    expect(await m({ target: { intent_signals: ["webinar"] } })).toEqual([w.targets[2]]);
    expect(await m({ scope: "account_specific", account_id: w.accounts.entRetail, segment: null })).toEqual([
      w.outside[1],
    ]);
    const other = await createTenant(h.deps.db);
    expect(await m({ client_id: other.clientId })).toEqual([]);
  });

  it("is a RevOps trigger over HTTP", async () => {
    const t = await createTenant(h.deps.db);
    await world(h.deps.db, t);
    await activate(t, "Via HTTP");
    h.clock.now = T0;
    const rep = await h.app.inject({
      method: "POST",
      url: "/api/v1/coordinator/execute-plays",
      headers: t.rep.auth,
    });
    expect(rep.statusCode).toBe(403);
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/coordinator/execute-plays",
      headers: t.revops.auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().runs).toMatchObject([{ requested: 4, decisions: { allow: 3, block: 1 } }]);
  });
});

describeMultiConnection("play execution runs in parallel", () => {
  it("two runs at once make one campaign and one enrollment per target contact", async () => {
    const server = await serverDatabase(8);
    try {
      const t = await createTenant(server.db);
      const w = await world(server.db, t);
      const play = await activate(t, "Parallel", null, server.db);
      const runs = await Promise.all(
        [1, 2, 3].map(() => executeActivePlays(server.db, T0, { clientId: t.clientId })),
      );
      const campaigns = await server.db
        .selectFrom("campaigns")
        .select("id")
        .where("play_id", "=", play.play_id)
        .execute();
      expect(campaigns).toHaveLength(1);
      const enrolled = await server.db
        .selectFrom("campaign_contacts")
        .select("contact_id")
        .where("campaign_id", "=", campaigns[0].id)
        .execute();
      expect(enrolled.map((e) => e.contact_id).sort()).toEqual([...w.targets].sort());
      const asked = await server.db
        .selectFrom("play_execution_requests")
        .selectAll()
        .where("play_id", "=", play.play_id)
        .execute();
      expect(asked).toHaveLength(4);
      expect(runs.flat().reduce((n, r) => n + r.requested, 0)).toBe(4);
    } finally {
      await server.close();
    }
  });
});
