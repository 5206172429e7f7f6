// Retrospectives from the numbers (spec 000): the job drafts one when a play's evaluation window
// ends, measured from hand-made enrollments and events; RevOps confirms or amends (kept as
// revisions, and written to the play's retrospective_outcomes); the agent calibration counts it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { draftDueRetrospectives } from "../../src/learning/retrospectives.ts";
import { newContact } from "../campaigns/helpers.ts";
import { type TestApp, testApp } from "../support/app.ts";

const revops = { authorization: "Bearer bt_demo_revops" };
const slm = { authorization: "Bearer bt_demo_slm" };
let h: TestApp;
let play: { play_id: string; writer_agent_id: string; success_criteria: Record<string, number> };
let start: Date;

beforeAll(async () => {
  h = await testApp();
  const db = h.database.db;
  await seedDemo(db);
  const p = await db
    .selectFrom("plays")
    .select(["play_id", "writer_agent_id", "success_criteria", "activated_at", "active_period_start"])
    .where("client_id", "=", "demo")
    .where("state", "=", "active")
    .orderBy("activated_at")
    .limit(1)
    .executeTakeFirstOrThrow();
  play = p as never;
  start = p.active_period_start
    ? new Date(p.active_period_start as unknown as string)
    : new Date(p.activated_at!);
  // the play's campaign with 10 enrollments: 3 replied (1 of them out of office), 2 meetings
  const campaign = await db
    .insertInto("campaigns")
    .values({
      client_id: "demo",
      slug: "retro_fixture",
      name: "Play fixture",
      type: "play",
      owner_role: "roles.bdr",
      on_exit: JSON.stringify({}),
      play_id: play.play_id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const when = new Date(start.getTime() + 86_400_000);
  for (let i = 0; i < 10; i++) {
    const { contactId } = await newContact(db, "demo", `Retro ${i}`);
    const e = await db
      .insertInto("campaign_contacts")
      .values({
        client_id: "demo",
        contact_id: contactId,
        campaign_id: campaign.id,
        sequence_type: "sales",
        play_id: play.play_id,
        enrolled_at: when,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const base = {
      client_id: "demo",
      contact_id: contactId,
      enrollment_id: e.id,
      campaign_id: campaign.id,
      play_id: play.play_id,
      step_number: 1,
      occurred_at: when,
    };
    await db
      .insertInto("cadence_event_log")
      .values({ ...base, event_type: "touch", details: "{}" })
      .execute();
    const intent = i < 2 ? "meeting" : i === 2 ? "out_of_office" : i === 3 ? "other" : null;
    if (intent)
      await db
        .insertInto("cadence_event_log")
        .values({ ...base, event_type: "reply", details: JSON.stringify({ intent }) })
        .execute();
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("retrospectives", () => {
  it("drafts one when the evaluation window ends, measured from the log", async () => {
    const days = play.success_criteria.evaluation_window_days ?? 90;
    const before = await draftDueRetrospectives(
      h.database.db,
      new Date(start.getTime() + (days - 1) * 86_400_000),
    );
    const mine = async () =>
      (
        await h.app.inject({ url: `/api/v1/learning/plays/${play.play_id}/retrospectives`, headers: slm })
      ).json().items;
    expect(before.drafted >= 0).toBe(true);
    expect(await mine()).toEqual([]);
    await draftDueRetrospectives(h.database.db, new Date(start.getTime() + (days + 1) * 86_400_000));
    const [r] = await mine();
    expect(r.status).toBe("draft");
    expect(r.measured).toMatchObject({ enrolled: 10, touched: 10, replied: 3, meetings: 2 });
    expect(r.outcomes.meeting_rate).toBeCloseTo(2 / 10, 12);
    expect(r.outcomes.sample_size).toBe(10);
    expect(new Date(r.window_end).getTime() - new Date(r.window_start).getTime()).toBe(days * 86_400_000);
    expect(r.draft_text).toContain("Meeting rate: 20.0%");
    expect(r.revisions.map((v: { action: string }) => v.action)).toEqual(["drafted"]);
    // the job does not draft the same window twice
    expect(
      (await draftDueRetrospectives(h.database.db, new Date(start.getTime() + (days + 2) * 86_400_000)))
        .drafted,
    ).toBe(0);
  });

  it("RevOps confirms, then amends; every decision is kept and the play carries the outcomes", async () => {
    const [r] = (
      await h.app.inject({ url: `/api/v1/learning/plays/${play.play_id}/retrospectives`, headers: slm })
    ).json().items;
    const url = `/api/v1/learning/retrospectives/${r.retrospective_id}/decide`;
    const refused = await h.app.inject({ method: "POST", url, headers: slm, payload: { action: "confirm" } });
    expect(refused.statusCode).toBe(403);
    const confirmed = await h.app.inject({
      method: "POST",
      url,
      headers: revops,
      payload: { action: "confirm" },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().status).toBe("confirmed");
    const amended = await h.app.inject({
      method: "POST",
      url,
      headers: revops,
      payload: {
        action: "amend",
        outcomes: { meeting_rate: 0.25, opp_create_rate: 0.1, acv: 24000, sample_size: 10 },
        notes: "Two meetings came in by phone.",
      },
    });
    expect(amended.statusCode, amended.body).toBe(200);
    const a = amended.json();
    expect(a.status).toBe("amended");
    expect(a.revisions.map((v: { action: string }) => v.action)).toEqual(["drafted", "confirmed", "amended"]);
    expect(a.revisions[2].notes).toBe("Two meetings came in by phone.");
    const p = await h.database.db
      .selectFrom("plays")
      .select("retrospective_outcomes")
      .where("play_id", "=", play.play_id)
      .executeTakeFirstOrThrow();
    expect(p.retrospective_outcomes).toMatchObject({ meeting_rate: 0.25, acv: 24000 });

    const cal = (await h.app.inject({ url: "/api/v1/learning/agents/calibration", headers: revops })).json();
    expect(cal.thresholds.promotion_rate).toBe(0.3);
    const rows = cal.rows.filter((x: { agent_id: string }) => x.agent_id === play.writer_agent_id);
    expect(rows.reduce((n: number, x: { retrospectives: number }) => n + x.retrospectives, 0)).toBe(1);
    const met = a.comparison.every((c: { met: boolean | null }) => c.met !== false);
    expect(rows.reduce((n: number, x: { hits: number }) => n + x.hits, 0)).toBe(met ? 1 : 0);
  });
});
