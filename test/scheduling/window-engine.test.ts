// issue 12 "A step held for its window shows its release time, like a cap hold, with its own
// reason in the event log", through the real engine on an injected clock: a step due on a
// Saturday night is held with 'outside_send_window' and goes out at its release time, inside the
// window in the contact's zone; the engine schedules the next step inside the window itself (no
// second hold). A contact with no zone takes its account's, else the window's default.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { mapDbError } from "../../src/errors/map-db-error.ts";
import { addContact, engineDeps, runUntil } from "../engine/engine-harness.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-11-21T08:00:00Z"); // Saturday 03:00 in New York
const DAY = 86_400_000;

function local(t: Date, tz: string) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(t)
      .map((x) => [x.type, x.value]),
  );
  return { weekday: p.weekday, minutes: Number(p.hour) * 60 + Number(p.minute) };
}

describe("send windows in the engine", () => {
  let database: Database;
  let deps: EngineDeps;
  let t: Tenant;
  beforeAll(async () => {
    database = await testDatabase();
    deps = await engineDeps(database);
    t = await createTenant(database.db, "win");
    await createCampaign(
      database.db,
      t.revops,
      {
        slug: "window_nurture",
        name: "Window",
        type: "nurture",
        owner_role: "roles.marketing",
        kind: "nurture",
        approval_policy: "auto_send",
        send_window: {
          days: ["tue", "wed", "thu"],
          start: "09:00",
          end: "11:30",
          time_zone: "America/New_York",
        },
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "Hi.",
          },
          {
            step_number: 2,
            delay_days: 4,
            channel: "email",
            content_type: "proof",
            template_instructions: "More.",
          },
        ],
      },
      T0,
    );
  });
  afterAll(() => database.close());

  it("holds a step due outside its window with its own reason and release time, then sends it inside", async () => {
    const ny = await addContact(database.db, t.clientId, "Nora York"); // no zone: the window's default
    const tokyo = await addContact(database.db, t.clientId, "Taro Tokyo");
    await database.db.updateTable("contacts").set({ country: "US" }).where("contact_id", "=", ny).execute();
    // the account's zone applies to a contact without one
    const acct = await database.db
      .selectFrom("contacts")
      .select("account_id")
      .where("contact_id", "=", tokyo)
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable("accounts")
      .set({ time_zone: "Asia/Tokyo", country: "JP" })
      .where("account_id", "=", acct.account_id as string)
      .execute();
    for (const contactId of [ny, tokyo])
      await enrollContact(database.db, t.exec, { campaign: "window_nurture", contactId }, T0);

    await runEngineOnce(deps, T0, { workerId: "w", batch: 50 });
    const held = await database.db
      .selectFrom("cadence_event_log")
      .select(["contact_id", "suppressed_reason", "release_at", "coordinator_action", "gate", "resolution"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "held")
      .execute();
    expect(held).toHaveLength(2);
    const release = new Map(held.map((h) => [h.contact_id, h.release_at as Date]));
    for (const h of held) {
      expect(h).toMatchObject({
        suppressed_reason: "outside_send_window",
        coordinator_action: "hold",
        gate: 3,
      });
      expect(h.resolution).toBe("send_window");
    }
    // New York: Tuesday 24 Nov between 09:00 and 11:30 local; Tokyo: Tuesday 24 Nov in Tokyo
    const nyAt = local(release.get(ny)!, "America/New_York");
    expect(nyAt.weekday).toBe("Tue");
    expect(nyAt.minutes).toBeGreaterThanOrEqual(9 * 60);
    expect(nyAt.minutes).toBeLessThan(11 * 60 + 30);
    const tkAt = local(release.get(tokyo)!, "Asia/Tokyo");
    expect(tkAt.weekday).toBe("Tue");
    expect(tkAt.minutes).toBeGreaterThanOrEqual(9 * 60);
    expect(tkAt.minutes).toBeLessThan(11 * 60 + 30);
    // nothing was sent yet; the enrollment waits for its release time
    const e = await database.db
      .selectFrom("campaign_contacts")
      .select(["contact_id", "next_send_at"])
      .where("client_id", "=", t.clientId)
      .execute();
    for (const x of e) expect(x.next_send_at?.getTime()).toBe(release.get(x.contact_id)?.getTime());

    await runUntil(deps, t, T0, new Date(T0.getTime() + 14 * DAY));
    const touches = await database.db
      .selectFrom("cadence_event_log")
      .select(["contact_id", "occurred_at", "step_number"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "touch")
      .orderBy("occurred_at")
      .execute();
    expect(touches).toHaveLength(4);
    for (const x of touches) {
      const tz = x.contact_id === ny ? "America/New_York" : "Asia/Tokyo";
      const at = local(x.occurred_at, tz);
      expect(["Tue", "Wed", "Thu"]).toContain(at.weekday);
      expect(at.minutes).toBeGreaterThanOrEqual(9 * 60);
      expect(at.minutes).toBeLessThan(11 * 60 + 30);
      // step 1 at (or just after) its release time
      if (x.step_number === 1) {
        expect(x.occurred_at.getTime()).toBeGreaterThanOrEqual(release.get(x.contact_id)!.getTime());
        expect(x.occurred_at.getTime() - release.get(x.contact_id)!.getTime()).toBeLessThan(60_000);
      }
    }
    // step 2 (due Wednesday 08:00 UTC by its day offset) was scheduled inside the window by the
    // engine: no second hold
    const holds = await database.db
      .selectFrom("cadence_event_log")
      .select("step_number")
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "held")
      .execute();
    expect(holds.map((h) => h.step_number)).toEqual([1, 1]);
  });

  it("refuses invalid windows, follow-ups without an earlier email, and unknown time zones", async () => {
    const base = {
      slug: "bad_window",
      name: "Bad",
      type: "nurture",
      owner_role: "roles.marketing",
      kind: "nurture" as const,
      steps: [
        {
          step_number: 1,
          delay_days: 0,
          channel: "email",
          content_type: "follow_up",
          template_instructions: "Hi.",
        },
      ],
    };
    await expect(
      createCampaign(
        database.db,
        t.revops,
        {
          ...base,
          send_window: { days: ["tue"], start: "11:30", end: "09:00", time_zone: "Mars/Olympus" } as never,
        },
        T0,
      ),
    ).rejects.toMatchObject({ code: "CAMPAIGN_SEND_WINDOW_INVALID" });
    await expect(
      createCampaign(
        database.db,
        t.revops,
        { ...base, steps: [{ ...base.steps[0], thread: "follow_up" }] },
        T0,
      ),
    ).rejects.toMatchObject({ code: "CAMPAIGN_STEP_THREAD_INVALID" });
    const err = await database.db
      .insertInto("contacts")
      .values({ client_id: t.clientId, full_name: "Z", time_zone: "Europe/Atlantis" })
      .execute()
      .catch((e) => e);
    expect(mapDbError(err)?.code).toBe("TIME_ZONE_UNKNOWN");
    const offset = await database.db
      .insertInto("contacts")
      .values({ client_id: t.clientId, full_name: "Z", time_zone: "+05:00" })
      .execute()
      .catch((e) => e);
    expect(mapDbError(offset)?.code).toBe("TIME_ZONE_UNKNOWN");
  });
});
