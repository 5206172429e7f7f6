// Issue 69 item 3: a signal proposes, people and caps decide. Two pricing page visits posted to
// POST /api/v1/signals by a T1 contact propose them for the active play whose target names
// pricing_page_visit, through the coordinator's gates like any play execution; a play whose target
// names another signal, and a contact of the tenant who sent nothing, are left alone. The log links
// signal → proposal → enrollment → touch, and the timeline says it in words.
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { engineDeps, runUntil } from "../engine/engine-harness.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { inSegment, intentPlay, signalsSuite } from "./signal-plays-fixture.ts";

import { addCompany } from "./signals-fixture.ts";

const NOW = new Date("2026-11-24T15:00:00Z");
const HOUR = 3600_000;
const ago = (h: number) => new Date(NOW.getTime() - h * HOUR).toISOString();

function suite(open: () => Promise<Database | undefined>) {
  const s = signalsSuite(open, "sigp", NOW);

  it("two pricing visits propose a T1 contact for the pricing play; the touch traces back to them", async () => {
    const { h, t, call } = s;
    const db = h.database.db;
    const co = await addCompany(db, t.clientId, "hot", ["Hana", "Quiet"], "T1");
    await inSegment(db, t.clientId, co.accountId);
    const pricing = await intentPlay(db, t, "Pricing follow-up", ["pricing_page_visit"], NOW);
    const demo = await intentPlay(db, t, "Demo follow-up", ["demo_request"], NOW);

    const res = await call("POST", "/api/v1/signals", t.agt301.auth, {
      signals: [
        { type: "pricing_page_visit", email: co.emails[0], occurred_at: ago(30), external_id: "pv-1" },
        { type: "pricing_page_visit", email: co.emails[0], occurred_at: ago(2), external_id: "pv-2" },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ recorded: 2, contacts_changed: [co.contacts[0]] });
    const signalIds = res.json().results.map((r: { signal_id: string }) => r.signal_id);

    const enrollments = await db
      .selectFrom("campaign_contacts")
      .select(["id", "contact_id", "status", "play_id", "notes", "campaign_id"])
      .where("client_id", "=", t.clientId)
      .execute();
    // the hot contact in the pricing play's campaign, nobody in the demo play's, the quiet one nowhere
    expect(enrollments).toHaveLength(1);
    const [e] = enrollments;
    expect(e).toMatchObject({ contact_id: co.contacts[0], status: "active", play_id: pricing.play_id });
    expect(e.notes).toBe("signal: visited the pricing page twice this week (play: Pricing follow-up)");
    expect(
      await db
        .selectFrom("play_execution_requests")
        .select("play_id")
        .where("client_id", "=", t.clientId)
        .execute(),
    ).toEqual([{ play_id: pricing.play_id }]);
    expect(demo.state).toBe("active");

    // the log: the gate's decision, and the proposal citing the signals on the same enrollment
    const log = await db
      .selectFrom("cadence_event_log")
      .select([
        "event_id",
        "event_type",
        "enrollment_id",
        "coordinator_action",
        "play_id",
        "originating_proposal_id",
        "details",
      ])
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", co.contacts[0])
      .orderBy("event_id")
      .execute();
    expect(log.map((x) => x.event_type)).toEqual(["activated", "signal_proposal"]);
    const [activated, proposal] = log;
    expect(proposal).toMatchObject({
      enrollment_id: e.id,
      coordinator_action: "allow",
      play_id: pricing.play_id,
      originating_proposal_id: pricing.originating_proposal_id,
    });
    expect(proposal.details).toMatchObject({
      says: "visited the pricing page twice this week",
      signal_types: ["pricing_page_visit"],
      decision_event_id: Number(activated.event_id),
    });
    expect([...(proposal.details as { signal_ids: string[] }).signal_ids].sort()).toEqual(
      [...signalIds].sort(),
    );

    // the touch: the engine drafts step 1, a person approves it, it goes out on the same enrollment
    const deps = await engineDeps(h.database);
    await runUntil(deps, t, NOW, new Date(NOW.getTime() + 2 * 86_400_000));
    const touch = await db
      .selectFrom("cadence_event_log")
      .select(["enrollment_id", "play_id"])
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", co.contacts[0])
      .where("event_type", "=", "touch")
      .executeTakeFirstOrThrow();
    expect(touch).toEqual({ enrollment_id: e.id, play_id: pricing.play_id });

    // the timeline says it in words
    const tl = await call("GET", `/api/v1/contacts/${co.contacts[0]}/timeline`, t.revops.auth);
    expect(tl.statusCode).toBe(200);
    const items = tl.json().items as { event_type: string; signal: { says: string } | null }[];
    const said = items.find((i) => i.event_type === "signal_proposal");
    expect(said?.signal?.says).toBe("visited the pricing page twice this week");
    expect(items.map((i) => i.event_type)).toContain("touch");

    // a repeat of the same events proposes nothing again
    const again = await call("POST", "/api/v1/signals", t.agt301.auth, {
      signals: [
        { type: "pricing_page_visit", email: co.emails[0], occurred_at: ago(2), external_id: "pv-2" },
      ],
    });
    expect(again.json()).toMatchObject({ duplicates: 1 });
    expect(
      await db.selectFrom("campaign_contacts").select("id").where("client_id", "=", t.clientId).execute(),
    ).toHaveLength(1);
  }, 60_000);
}

describe("a signal proposes (PGlite)", () => suite(async () => undefined));

describeMultiConnection("a signal proposes (PostgreSQL)", () => suite(() => serverDatabase()));
