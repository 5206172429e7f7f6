// spec 002 "per-contact daily send cap: max 1 touch per day across all active campaigns" and
// spec 001 "3 non-transactional touches per prospect per rolling 7 days (hold and release)",
// interacting across two concurrent campaigns on one contact: held steps wait and are released,
// nothing is dropped, and no window ever holds more than the caps allow.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps, runUntil } from "./engine-harness.ts";

const T0 = new Date("2026-05-04T09:00:00Z");
const DAY = 86_400_000;

describe("per-day cap and 7-day cap across two concurrent campaigns", () => {
  let database: Database;
  let deps: EngineDeps;
  let t: Tenant;
  beforeAll(async () => {
    database = await testDatabase();
    deps = await engineDeps(database);
    t = await createTenant(database.db, "caps");
    const mk = (slug: string, days: number[]) =>
      createCampaign(
        database.db,
        t.revops,
        {
          slug,
          name: slug,
          type: "membership",
          owner_role: "roles.sales",
          kind: "sales",
          steps: days.map((d, i) => ({
            step_number: i + 1,
            delay_days: d,
            channel: "email" as const,
            content_type: "follow_up",
            template_instructions: `${slug} step ${i + 1}`,
          })),
        },
        T0,
      );
    await mk("caps_close", [0, 1, 2, 3, 4]);
    await mk("caps_upsell", [0, 1, 2]);
  });
  afterAll(() => database.close());

  it("holds what exceeds the caps and releases it later; every step goes, within the caps", async () => {
    const contactId = await addContact(database.db, t.clientId, "Casey Capped");
    const a = await enrollContact(database.db, t.exec, { campaign: "caps_close", contactId }, T0);
    const b = await enrollContact(database.db, t.exec, { campaign: "caps_upsell", contactId }, T0);
    expect([a.outcome, b.outcome]).toEqual(["enrolled", "enrolled"]);
    await runUntil(deps, t, T0, new Date(T0.getTime() + 40 * DAY));

    const touches = (
      await database.db
        .selectFrom("cadence_event_log")
        .select(["occurred_at", "enrollment_id"])
        .where("client_id", "=", t.clientId)
        .where("event_type", "=", "touch")
        .orderBy("occurred_at")
        .execute()
    ).map((x) => ({ at: x.occurred_at.getTime(), e: x.enrollment_id }));
    // every step of both campaigns went out once: held, not dropped
    expect(touches).toHaveLength(8);
    expect(touches.filter((x) => x.e === a.enrollment_id)).toHaveLength(5);
    // 1 a day (contact in UTC): no two touches on the same day
    const days = touches.map((x) => new Date(x.at).toISOString().slice(0, 10));
    expect(new Set(days).size).toBe(days.length);
    // at most 3 in any rolling 7 days (t - 7d, t]
    for (const x of touches)
      expect(touches.filter((y) => y.at > x.at - 7 * DAY && y.at <= x.at).length).toBeLessThanOrEqual(3);

    const holds = await database.db
      .selectFrom("cadence_event_log")
      .select(["suppressed_reason", "release_at", "event_type"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "held")
      .execute();
    expect(holds.length).toBeGreaterThan(0);
    expect(holds.every((h) => h.suppressed_reason === "touch_cap_exceeded" && h.release_at !== null)).toBe(
      true,
    );
    // both enrollments finished their sequences
    const ends = await database.db
      .selectFrom("campaign_contacts")
      .select("exit_reason")
      .where("contact_id", "=", contactId)
      .execute();
    expect(ends.map((e) => e.exit_reason)).toEqual(["no_engagement", "no_engagement"]);
  });
});
