// Spec 001 wire 4: every event generated under a play carries play_id and originating_proposal_id
// (issue 39 item 6). A play runs as its campaign through the real engine: activation, steps, drafts
// approved by a person, sends, touches, exits, a bounce and a promoted variant; then every event of
// the play's enrollments and campaign is read back, and one without lineage fails the test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processBounce } from "../../src/inbox/bounces.ts";
import { approvePlay } from "../../src/plays/approve-play.ts";
import { createDraft } from "../../src/plays/create-draft.ts";
import { executeActivePlays } from "../../src/plays/execute-active-plays.ts";
import { pickUpPlay } from "../../src/plays/review-play.ts";
import { engineDeps, runUntil } from "../engine/engine-harness.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant } from "../support/tenant.ts";
import { playDoc } from "../workspace/fixtures.ts";

const T0 = new Date("2026-11-20T12:00:00Z");
const DAY = 86_400_000;
let h: TestApp;

beforeAll(async () => {
  h = await testApp();
});
afterAll(() => h?.close());

describe("lineage on the event log", () => {
  it("every event of a play's enrollments and campaign carries the play and its proposal", async () => {
    const db = h.database.db;
    const t = await createTenant(db, "lin");
    await db
      .insertInto("segments")
      .values({ client_id: t.clientId, segment: "mm", name: "Mid-market" })
      .execute();
    const account = await db
      .insertInto("accounts")
      .values({ client_id: t.clientId, name: "Retail Co", segment: "mm", icp_tier: "T1", vertical: "retail" })
      .returning("account_id")
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 4; i++) {
      await db
        .insertInto("contacts")
        .values({
          client_id: t.clientId,
          account_id: account.account_id,
          full_name: `Lineage ${i}`,
          email: `lineage${i}@example.test`,
          time_zone: "UTC",
        })
        .execute();
    }
    const draft = await createDraft(db, t.agt901, playDoc("Lineage", "mm"), T0);
    await pickUpPlay(db, t.revops, draft.play_id, T0);
    await approvePlay(db, t.slm, draft.play_id, { as: "slm" }, T0);
    await approvePlay(db, t.revops, draft.play_id, { as: "revops", active_period_end: null }, T0);
    const play = await db
      .selectFrom("plays")
      .selectAll()
      .where("play_id", "=", draft.play_id)
      .executeTakeFirstOrThrow();
    const [run] = await executeActivePlays(db, T0, { clientId: t.clientId });
    expect(run.requested).toBe(4);
    const campaign = await db
      .selectFrom("campaigns")
      .select(["id", "slug"])
      .where("id", "=", run.campaign_id!)
      .executeTakeFirstOrThrow();
    // the first step gets two variants, so that one can be promoted
    await db
      .updateTable("campaign_sequences")
      .set({
        variants: JSON.stringify([
          { key: "A", subject: "Subject A", instructions: "Open warmly.", weight: 1 },
          { key: "B", subject: "Subject B", instructions: "Open with a peer.", weight: 1 },
        ]),
      })
      .where("campaign_id", "=", campaign.id)
      .where("step_number", "=", 1)
      .execute();

    // the engine runs the campaign to its end; the exec approves every draft (draft_approved)
    const deps = await engineDeps(h.database);
    await runUntil(deps, t, T0, new Date(T0.getTime() + 10 * DAY));
    // a bounce of one sent message, and a promoted variant
    const sent = await db
      .selectFrom("channel_deliveries as d")
      .innerJoin("sales_send_queue as i", "i.idempotency_key", "d.idempotency_key")
      .select("d.message_id")
      .where("i.campaign_id", "=", campaign.id)
      .where("d.message_id", "is not", null)
      .executeTakeFirst();
    if (sent?.message_id)
      await processBounce(db, t.revops, { messageId: sent.message_id, error: "550 no such user" }, T0);
    const promoted = await h.app.inject({
      method: "POST",
      url: `/api/v1/learning/campaigns/${campaign.slug}/steps/1/promote`,
      headers: t.revops.auth,
      payload: { variant: "B" },
    });
    expect(promoted.statusCode, promoted.body).toBe(200);

    const enrollments = await db
      .selectFrom("campaign_contacts")
      .select("id")
      .where("campaign_id", "=", campaign.id)
      .execute();
    expect(enrollments).toHaveLength(4);
    const events = await db
      .selectFrom("cadence_event_log")
      .select(["event_id", "event_type", "enrollment_id", "play_id", "originating_proposal_id"])
      .where("client_id", "=", t.clientId)
      .where((eb) =>
        eb.or([
          eb("campaign_id", "=", campaign.id),
          eb(
            "enrollment_id",
            "in",
            enrollments.map((e) => e.id),
          ),
        ]),
      )
      .orderBy("event_id")
      .execute();
    const types = new Set(events.map((e) => e.event_type));
    for (const want of ["activated", "step_allowed", "draft_approved", "touch", "exit", "variant_promoted"])
      expect(types, `no ${want} event was written`).toContain(want);
    if (sent?.message_id) expect(types).toContain("bounce");
    const without = events.filter(
      (e) => e.play_id !== play.play_id || e.originating_proposal_id !== play.originating_proposal_id,
    );
    expect(without).toEqual([]);
  }, 120_000);
});
