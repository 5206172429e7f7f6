// GET /api/v1/cohort: brain-co-designed plays vs everything without a brain, from the event log's
// lineage and the enrollments' exits, for one quarter.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant } from "../support/tenant.ts";
import { activePlay, seedTaxonomy } from "../workspace/fixtures.ts";
import { makeCampaign } from "./support/fixtures.ts";

const T0 = new Date("2026-11-20T12:00:00Z");
let h: TestApp;

beforeAll(async () => {
  h = await testApp();
});
afterAll(() => h.close());

it("compares the brain cohort with the no-brain cohort for a quarter", async () => {
  const db = h.deps.db;
  const t = await createTenant(db);
  const {
    contactIds: [a, b, c],
  } = await seedTaxonomy(db, t.clientId, 3);
  const play = await activePlay(db, { agent: t.agt901, revops: t.revops, slm: t.slm }, "Cohort play", T0);
  const row = await db
    .selectFrom("plays")
    .selectAll()
    .where("play_id", "=", play.play_id)
    .executeTakeFirstOrThrow();
  const brainCampaign = await makeCampaign(db, t.clientId, "sales", { playId: row.play_id });
  const plainCampaign = await makeCampaign(db, t.clientId, "marketing");
  const brain = {
    play_id: row.play_id,
    originating_proposal_id: row.originating_proposal_id,
    campaign_id: brainCampaign,
  };
  const plain = { play_id: null, originating_proposal_id: null, campaign_id: plainCampaign };
  const ev = (
    contact: string,
    lineage: typeof brain | typeof plain,
    event_type: string,
    at: Date,
    extra: object = {},
  ) => ({
    client_id: t.clientId,
    contact_id: contact,
    occurred_at: at,
    event_type,
    details: "{}",
    ...lineage,
    ...extra,
  });
  const inQ = new Date("2026-11-01T00:00:00Z");
  await db
    .insertInto("cadence_event_log")
    .values([
      ev(a, brain, "touch", inQ),
      ev(a, brain, "touch", inQ),
      ev(b, brain, "touch", inQ),
      ev(b, brain, "touch", inQ),
      ev(a, brain, "reply", inQ),
      ev(a, brain, "exit", inQ, { resolution: "meeting" }),
      ev(b, brain, "held", inQ, {
        suppressed_reason: "touch_cap_exceeded",
        coordinator_action: "hold",
        gate: 3,
      }),
      ev(c, plain, "touch", inQ),
      ev(c, plain, "touch", inQ),
      ev(c, plain, "suppressed", inQ, {
        suppressed_reason: "compliance_block",
        coordinator_action: "block",
        gate: 1,
      }),
      // outside the quarter: not counted
      ev(c, plain, "touch", new Date("2026-09-30T23:59:59Z")),
      ev(a, brain, "touch", new Date("2027-01-01T00:00:00Z")),
    ])
    .execute();
  const enrollment = (
    contact: string,
    lineage: typeof brain | typeof plain,
    status: "converted" | "exited" | "active",
    reason: string | null,
  ) => ({
    client_id: t.clientId,
    contact_id: contact,
    campaign_id: lineage.campaign_id,
    status,
    sequence_type: lineage === brain ? ("sales" as const) : ("marketing" as const),
    play_id: lineage.play_id,
    originating_proposal_id: lineage.originating_proposal_id,
    enrolled_at: new Date("2026-10-05T00:00:00Z"),
    exited_at: reason ? new Date("2026-11-10T00:00:00Z") : null,
    exit_reason: reason,
  });
  await db
    .insertInto("campaign_contacts")
    .values([
      enrollment(a, brain, "converted", "meeting"),
      enrollment(b, brain, "active", null),
      enrollment(c, plain, "exited", "no_engagement"),
    ])
    .execute();

  const res = await h.app.inject({
    method: "GET",
    url: "/api/v1/cohort?quarter=2026-Q4",
    headers: t.exec.auth,
  });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body).toMatchObject({
    quarter: "2026-Q4",
    from: "2026-10-01T00:00:00.000Z",
    to: "2027-01-01T00:00:00.000Z",
  });
  expect(body.brain).toMatchObject({
    prospects: 2,
    enrollments_started: 2,
    touches: 4,
    replies: 1,
    meetings: 1,
    conversions: 1,
    suppressions: { touch_cap_exceeded: 1 },
    exits_by_reason: { meeting: 1 },
    reply_rate: 0.25,
    meeting_rate: 0.25,
    conversion_rate: 1,
    plays: [{ play_id: row.play_id, name: "Cohort play", touches: 4, replies: 1, meetings: 1 }],
  });
  expect(body.no_brain).toMatchObject({
    prospects: 1,
    enrollments_started: 1,
    touches: 2,
    replies: 0,
    meetings: 0,
    conversions: 0,
    suppressions: { compliance_block: 1 },
    exits_by_reason: { no_engagement: 1 },
    reply_rate: 0,
    conversion_rate: 0,
  });

  const other = await createTenant(db);
  const empty = (
    await h.app.inject({ method: "GET", url: "/api/v1/cohort?quarter=2026-Q4", headers: other.revops.auth })
  ).json();
  expect(empty.brain.touches + empty.no_brain.touches).toBe(0);
  expect(empty.brain.reply_rate).toBeNull();
});

it("refuses a bad quarter and roles without access", async () => {
  const t = await createTenant(h.deps.db);
  const bad = await h.app.inject({
    method: "GET",
    url: "/api/v1/cohort?quarter=2026-Q5",
    headers: t.revops.auth,
  });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().error.code).toBe("COHORT_QUARTER_INVALID");
  const rep = await h.app.inject({
    method: "GET",
    url: "/api/v1/cohort?quarter=2026-Q4",
    headers: t.rep.auth,
  });
  expect(rep.statusCode).toBe(403);
});
