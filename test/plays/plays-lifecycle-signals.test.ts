// Sunset, retention tiers and archive, calibration signals, hot path, queue paging, lowering a cap.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sunsetExpiredPlays } from "../../src/plays/sunset-plays.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { call, playAt, seedTaxonomy } from "./plays-helpers.ts";

let h: TestApp;
beforeAll(async () => {
  h = await testApp();
});
afterAll(() => h.close());

async function tenant(): Promise<{ t: Tenant; accountId: string }> {
  const t = await createTenant(h.deps.db);
  const { accountId } = await seedTaxonomy(h.deps.db, t);
  return { t, accountId };
}

describe("sunset", () => {
  it("an expired play leaves the hot path and the cap at once, and auto-sunset retires it", async () => {
    const { t } = await tenant();
    h.clock.now = new Date("2026-03-01T09:00:00Z");
    await call(h, t.revops, "PUT", "/api/v1/plays/config/segments/seg_a", { play_cap: 3 });
    const id = await playAt(h, t, "slm_approved");
    const act = await call(h, t.revops, "POST", `/api/v1/plays/${id}/approve`, {
      active_period_end: "2026-03-10",
    });
    expect(act.body).toMatchObject({
      state: "active",
      active_period_start: "2026-03-01",
      active_period_end: "2026-03-10",
      expired: false,
    });
    expect((await call(h, t.agt301, "GET", "/api/v1/plays/active/segments/seg_a")).body.items).toHaveLength(
      1,
    );
    h.clock.now = new Date("2026-03-10T23:00:00Z"); // the end date is the last day it runs
    expect((await call(h, t.agt301, "GET", "/api/v1/plays/active/segments/seg_a")).body.items).toHaveLength(
      1,
    );
    h.clock.now = new Date("2026-03-11T00:30:00Z");
    expect((await call(h, t.agt301, "GET", "/api/v1/plays/active/segments/seg_a")).body.items).toHaveLength(
      0,
    );
    expect((await call(h, t.rep, "GET", `/api/v1/plays/${id}`)).body.play).toMatchObject({
      state: "active",
      expired: true,
    });
    expect(
      (await call(h, t.rep, "GET", "/api/v1/plays/config")).body.segments.find(
        (s: any) => s.segment === "seg_a",
      ).active,
    ).toBe(0);
    // not auto-sunset: it stays active (expired) until RevOps retires it
    expect(await sunsetExpiredPlays(h.deps.db, h.clock.now)).not.toContain(id);
    await call(h, t.revops, "PUT", "/api/v1/plays/config/segments/seg_a", { auto_sunset: true });
    expect(await sunsetExpiredPlays(h.deps.db, h.clock.now)).toContain(id);
    const after = (await call(h, t.rep, "GET", `/api/v1/plays/${id}`)).body.play;
    expect(after).toMatchObject({ state: "retired", retire_reason: "auto_sunset", retired_by_user_id: null });
    h.clock.now = null;
  });
});

describe("retention tiers and archive", () => {
  it("reports hot, warm and cold, archives cold plays and still reads them", async () => {
    const { t } = await tenant();
    h.clock.now = new Date("2024-01-10T00:00:00Z");
    const old = await playAt(h, t, "retired");
    const referenced = await playAt(h, t, "retired");
    await call(h, t.slm, "POST", `/api/v1/plays/${referenced}/copy`);
    // a cold play an event names stays live too (0335: the event log's key to it is a trigger now)
    const logged = await playAt(h, t, "retired");
    await sql`insert into cadence_event_log (client_id, event_type, play_id)
              values (${t.clientId}, 'test', ${logged}::uuid)`.execute(h.deps.db);
    h.clock.now = new Date("2025-01-10T00:00:00Z");
    const warm = await playAt(h, t, "retired");
    h.clock.now = new Date("2025-10-01T00:00:00Z");
    const hot = await playAt(h, t, "retired");
    const tier = async (id: string) => (await call(h, t.rep, "GET", `/api/v1/plays/${id}`)).body.play.tier;
    expect([await tier(old), await tier(warm), await tier(hot)]).toEqual(["cold", "warm", "hot"]);
    expect((await call(h, t.slm, "POST", "/api/v1/plays/archive")).body.error.code).toBe("FORBIDDEN_ROLE");
    const res = await call(h, t.revops, "POST", "/api/v1/plays/archive");
    expect(res.body).toMatchObject({ archived: 1, kept_referenced: 2 });
    const live = await h.deps.db.selectFrom("plays").select("play_id").where("play_id", "=", old).execute();
    expect(live).toHaveLength(0);
    const audit = (await call(h, t.rep, "GET", `/api/v1/plays/${old}`)).body.play;
    expect(audit).toMatchObject({ play_id: old, archived: true, tier: "cold", state: "retired" });
    expect(
      (await call(h, t.rep, "GET", `/api/v1/plays/by-proposal/${audit.originating_proposal_id}`)).body.items,
    ).toHaveLength(1);
    const tamper = await h.deps.db.transaction().execute(async (tx) =>
      sql`update plays_archive set name = 'x' where play_id = ${old}::uuid`.execute(tx).then(
        () => "ok",
        (e) => e.code,
      ),
    );
    expect(tamper).toBe("BP013");
    h.clock.now = null;
  });
});

describe("calibration signals", () => {
  it("promotion rate per brain per quarter, edit volume, caps with the review flag, retrospectives", async () => {
    const { t, accountId } = await tenant();
    h.clock.now = new Date("2026-02-01T00:00:00Z");
    const a = await playAt(h, t, "under_review");
    await call(h, t.slm, "PATCH", `/api/v1/plays/${a}`, { name: "Edited once" });
    await call(h, t.revops, "PATCH", `/api/v1/plays/${a}`, { hypothesis: "Edited twice" });
    await call(h, t.slm, "POST", `/api/v1/plays/${a}/approve`, {});
    await call(h, t.revops, "POST", `/api/v1/plays/${a}/approve`, {});
    await playAt(h, t, "draft");
    await playAt(h, t, "retired");
    h.clock.now = new Date("2026-05-01T00:00:00Z");
    await playAt(h, t, "active", { segment: "seg_b" });
    const promo = (await call(h, t.rep, "GET", "/api/v1/plays/calibration/promotion")).body.items;
    expect(promo).toEqual([
      {
        agent_id: "AGT-901",
        quarter: "2026-Q1",
        drafted: 3,
        activated: 1,
        promotion_rate: 1 / 3,
        below_target: false,
      },
      {
        agent_id: "AGT-901",
        quarter: "2026-Q2",
        drafted: 1,
        activated: 1,
        promotion_rate: 1,
        below_target: false,
      },
    ]);
    const edits = (await call(h, t.rep, "GET", "/api/v1/plays/calibration/edits")).body;
    expect(edits.per_play[0]).toMatchObject({ play_id: a, edits: 2, fields_changed: ["hypothesis", "name"] });
    expect(edits.per_agent).toEqual([
      { agent_id: "AGT-901", plays_reviewed: 2, edits: 2, edits_per_play: 1 },
    ]);
    await call(h, t.revops, "PUT", "/api/v1/plays/config", { review_threshold: 2 });
    await playAt(h, t, "active", { scope: "account_specific", segment: undefined, account_id: accountId });
    const caps = (await call(h, t.rep, "GET", "/api/v1/plays/calibration/caps")).body;
    expect(caps).toMatchObject({
      total_active: 3,
      account_specific_active: 1,
      review_threshold: 2,
      review_flag: true,
    });
    expect(caps.segments.map((s: any) => [s.segment, s.active, s.effective_cap])).toEqual([
      ["seg_a", 1, 5],
      ["seg_b", 1, 5],
    ]);
    await call(h, t.revops, "PUT", `/api/v1/plays/${a}/retrospective`, {
      outcomes: { meeting_rate: 0.2, opp_create_rate: 0.01 },
    });
    const retro = (await call(h, t.rep, "GET", "/api/v1/plays/calibration/retrospectives")).body.items.find(
      (r: any) => r.play_id === a,
    );
    expect(retro.comparison).toEqual([
      { metric: "meeting_rate", target: 0.1, actual: 0.2, met: true },
      { metric: "opp_create_rate", target: 0.05, actual: 0.01, met: false },
    ]);
    expect(retro.met_all).toBe(false);
    const bad = await call(h, t.slm, "PUT", `/api/v1/plays/${a}/retrospective`, {
      outcomes: { meeting_rate: 0.3 },
    });
    expect(bad.body.error.code).toBe("FORBIDDEN_ROLE");
    h.clock.now = null;
  });
});

describe("workspace and caps", () => {
  it("pages the queue newest first with server-side filters", async () => {
    const { t } = await tenant();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      h.clock.now = new Date(Date.UTC(2026, 0, 1 + i));
      ids.push(await playAt(h, t, i % 2 ? "under_review" : "draft", { segment: i < 4 ? "seg_a" : "seg_b" }));
    }
    h.clock.now = null;
    const p1 = (await call(h, t.rep, "GET", "/api/v1/plays/queue?limit=2")).body;
    const p2 = (await call(h, t.rep, "GET", `/api/v1/plays/queue?limit=2&cursor=${p1.next_cursor}`)).body;
    const p3 = (await call(h, t.rep, "GET", `/api/v1/plays/queue?limit=2&cursor=${p2.next_cursor}`)).body;
    expect([...p1.items, ...p2.items, ...p3.items].map((p: any) => p.play_id)).toEqual([...ids].reverse());
    expect(p3.next_cursor).toBeNull();
    const drafts = (await call(h, t.rep, "GET", "/api/v1/plays/queue?state=draft&segment=seg_a")).body.items;
    expect(drafts.map((p: any) => p.play_id)).toEqual([ids[2], ids[0]]);
    expect((await call(h, t.rep, "GET", "/api/v1/plays/queue?agent=AGT-902")).body.items).toEqual([]);
    const hist = (await call(h, t.agt901, "GET", "/api/v1/plays/agents/AGT-901/drafts?limit=10")).body.items;
    expect(hist).toHaveLength(5);
    expect((await call(h, t.rep, "GET", "/api/v1/plays/queue?cursor=garbage")).status).toBe(400);
  });

  it("lowering a cap below the active count keeps the plays and blocks new activations until under it", async () => {
    const { t } = await tenant();
    for (let i = 0; i < 4; i++) await playAt(h, t, "active", { name: `Live ${i}` });
    const lowered = await call(h, t.revops, "PUT", "/api/v1/plays/config/segments/seg_a", { play_cap: 3 });
    expect(lowered.body).toMatchObject({ active: 4, effective_cap: 3, over_cap: true });
    const next = await playAt(h, t, "slm_approved");
    const refused = await call(h, t.revops, "POST", `/api/v1/plays/${next}/approve`, {});
    expect(refused.body.error.message).toContain("4 of 3 active");
    const live = (await call(h, t.rep, "GET", "/api/v1/plays/active/segments/seg_a")).body.items;
    await call(h, t.revops, "POST", `/api/v1/plays/${live[0].play_id}/retire`, { retire_reason: "replaced" });
    expect((await call(h, t.revops, "POST", `/api/v1/plays/${next}/approve`, {})).body.error.code).toBe(
      "PLAY_SEGMENT_CAP_REACHED",
    );
    await call(h, t.revops, "POST", `/api/v1/plays/${live[1].play_id}/retire`, { retire_reason: "replaced" });
    expect((await call(h, t.revops, "POST", `/api/v1/plays/${next}/approve`, {})).body.state).toBe("active");
    const acct = await call(
      h,
      t.agt301,
      "GET",
      `/api/v1/plays/active/accounts/${"00000000-0000-4000-8000-000000000000"}`,
    );
    expect(acct.status).toBe(404);
  });

  it("publishes the document schemas and every plays route in the OpenAPI docs", async () => {
    const spec = (await h.app.inject({ method: "GET", url: "/docs/json" })).json();
    for (const name of ["PlayTargetDefinition", "PlaySuggestedCadence", "PlaySuccessCriteria", "Play"]) {
      expect(spec.components.schemas[name], name).toBeDefined();
    }
    const playPaths = Object.keys(spec.paths).filter((p) => p.startsWith("/api/v1/plays"));
    expect(playPaths.length).toBeGreaterThanOrEqual(17);
  });
});
