// Issue 3 "Must show": property test over 30 simulated days with random requests, at the
// coordinator level (requestActivation / gateStep / gateSend / recordTouch on the database, driven
// by an hourly scheduler tick and a simulated clock).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDate } from "../../src/coordinator/gates/local-day.ts";
import { requestActivation } from "../../src/coordinator/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { SequenceType } from "../../src/db/core-tables.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { makeAccount, makeCampaign, makeContact } from "./support/fixtures.ts";
import { dueEnrollments, runDue } from "./support/mini-engine.ts";

const H = 3600_000;
const DAYS = 30;
const START = Date.parse("2026-03-01T00:00:00Z");
const KINDS: SequenceType[] = ["sales", "nurture", "marketing", "transactional", "abm"];
const ZONES = ["UTC", "America/New_York", "Asia/Kolkata"];

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => d.close());

const worldArb = fc.record({
  contacts: fc.array(
    fc.record({
      tier: fc.constantFrom("T1", "T2", "T3" as const),
      abm: fc.boolean(),
      zone: fc.constantFrom(...ZONES),
    }),
    { minLength: 2, maxLength: 3 },
  ),
  requests: fc.array(
    fc.record({
      atHour: fc.integer({ min: 0, max: DAYS * 24 - 1 }),
      contact: fc.nat(2),
      campaign: fc.nat(KINDS.length - 1),
    }),
    { minLength: 4, maxLength: 14 },
  ),
});

describe("coordinator over 30 simulated days (database)", () => {
  it("caps hold, no nurture reaches ABM, held steps go out on the first tick after release", async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (w) => {
        const db = d.db;
        const t = await createTenant(db, "sim");
        const contacts: { id: string; zone: string; abm: boolean }[] = [];
        for (const c of w.contacts) {
          const acct = await makeAccount(db, t.clientId, { tier: c.tier, abm: c.abm });
          contacts.push({
            id: await makeContact(db, t.clientId, { accountId: acct, timeZone: c.zone }),
            zone: c.zone,
            abm: c.abm,
          });
        }
        const campaigns: string[] = [];
        for (const k of KINDS) campaigns.push(await makeCampaign(db, t.clientId, k, { steps: [0, 1, 1, 2] }));
        const requests = [...w.requests].sort((a, b) => a.atHour - b.atHour);
        let hour = 0;
        while (hour < DAYS * 24) {
          const now = new Date(START + hour * H);
          while (requests.length && requests[0].atHour <= hour) {
            const r = requests.shift()!;
            const contact = contacts[r.contact % contacts.length];
            await db.transaction().execute((tx) =>
              requestActivation(
                tx,
                {
                  clientId: t.clientId,
                  contactId: contact.id,
                  campaignId: campaigns[r.campaign],
                  requestedBy: null,
                },
                now,
              ),
            );
          }
          for (const id of await dueEnrollments(db, t.clientId, now)) await runDue(db, t.clientId, id, now);
          // jump to the next hourly tick at which anything is due (same result as ticking every hour)
          const next = await db
            .selectFrom("campaign_contacts")
            .select((eb) => eb.fn.min("next_send_at").as("at"))
            .where("client_id", "=", t.clientId)
            .where("status", "in", ["queued", "active"])
            .executeTakeFirst();
          const nextAt = next?.at ? new Date(next.at as any).getTime() : Number.POSITIVE_INFINITY;
          const dueHour = Math.max(hour + 1, Math.ceil((nextAt - START) / H));
          const reqHour = requests.length ? Math.max(hour + 1, requests[0].atHour) : Number.POSITIVE_INFINITY;
          hour = Math.min(dueHour, reqHour, DAYS * 24);
        }

        const ev = await db
          .selectFrom("cadence_event_log")
          .selectAll()
          .where("client_id", "=", t.clientId)
          .orderBy("event_id")
          .execute();
        for (const c of contacts) {
          const touches = ev.filter(
            (e) => e.contact_id === c.id && e.event_type === "touch" && e.sequence_type !== "transactional",
          );
          for (const x of touches) {
            const t0 = x.occurred_at.getTime();
            const inWindow = touches.filter(
              (y) => y.occurred_at.getTime() > t0 - 7 * 24 * H && y.occurred_at.getTime() <= t0,
            );
            expect(inWindow.length).toBeLessThanOrEqual(3);
            const day = localDate(x.occurred_at, c.zone);
            expect(
              touches.filter((y) => localDate(y.occurred_at, c.zone) === day).length,
            ).toBeLessThanOrEqual(1);
          }
          if (c.abm) expect(touches.some((x) => x.sequence_type === "nurture")).toBe(false);
        }
        // every hold: the enrollment's next decision is at the first tick after release_at, and it is
        // not held by gate 3 again unless a touch to that contact came in between
        for (const held of ev.filter((e) => e.event_type === "held")) {
          const release = held.release_at!.getTime();
          const next = ev.find(
            (e) =>
              e.event_id > held.event_id &&
              e.enrollment_id === held.enrollment_id &&
              e.event_type !== "touch",
          );
          if (!next) {
            expect(release).toBeGreaterThan(START + (DAYS * 24 - 1) * H); // released after the run ended
            continue;
          }
          expect(next.occurred_at.getTime()).toBeGreaterThanOrEqual(release);
          expect(next.occurred_at.getTime()).toBeLessThan(release + H);
          const touchedBetween = ev.some(
            (e) =>
              e.event_type === "touch" &&
              e.contact_id === held.contact_id &&
              e.sequence_type !== "transactional" &&
              e.event_id > held.event_id &&
              e.event_id < next.event_id,
          );
          if (!touchedBetween) expect(next.event_type === "held" && next.gate === 3).toBe(false);
        }
      }),
      { numRuns: 3 },
    );
  }, 240_000);
});
