// Issue 69 "Must show": spec 001's T1/T2 rows decided on real signal dates written through the API.
// Each row's contact gets a sales signal (pricing_page_visit) and a marketing signal
// (webinar_attended) by POST /api/v1/signals, one fresher than the other; then the winner's side is
// activated and the loser's asked for: the coordinator queues the loser (gate 4,
// conflict_resolved_queued) and, once the winner ends, releases it when asked again. The T2
// marketing-fresher row is the one only real dates decide: with no dates the tie goes to sales.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestActivation } from "../../src/coordinator/index.ts";
import { events, makeCampaign } from "../coordinator/support/fixtures.ts";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addCompany } from "./signals-fixture.ts";

const NOW = new Date("2026-11-28T12:00:00Z");
const HOUR = 3600_000;
let h: TestApp;
let t: Tenant;

beforeAll(async () => {
  h = await testApp();
  h.clock.now = NOW;
  t = await createTenant(h.database.db, "matrix");
}, 60_000);
afterAll(() => h?.close());

const ROWS = [
  { tier: "T1", fresher: "sales", winner: "sales" },
  { tier: "T1", fresher: "marketing", winner: "sales" },
  { tier: "T2", fresher: "sales", winner: "sales" },
  { tier: "T2", fresher: "marketing", winner: "marketing" },
] as const;

describe("spec 001's conflict matrix on signal dates written through the API", () => {
  for (const row of ROWS)
    it(`${row.tier}, ${row.fresher} signal fresher: ${row.winner} wins, the other is held and released`, async () => {
      const co = await addCompany(h.database.db, t.clientId, `${row.tier}-${row.fresher}`, ["Kim"], row.tier);
      const contact = co.contacts[0];
      const at = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();
      const r = await callAs(h)("POST", "/api/v1/signals", t.agt301.auth, {
        signals: [
          {
            type: "pricing_page_visit",
            contact_id: contact,
            occurred_at: at(row.fresher === "sales" ? 1 : 5),
          },
          {
            type: "webinar_attended",
            contact_id: contact,
            occurred_at: at(row.fresher === "marketing" ? 1 : 5),
          },
        ],
      });
      expect(r.json()).toMatchObject({ recorded: 2, contacts_changed: [contact] });

      const sales = await makeCampaign(h.database.db, t.clientId, "sales");
      const marketing = await makeCampaign(h.database.db, t.clientId, "marketing");
      const [won, lost] = row.winner === "sales" ? [sales, marketing] : [marketing, sales];
      const ask = (campaignId: string, when: Date, existingEnrollmentId?: string) =>
        h.database.db.transaction().execute((tx) =>
          requestActivation(
            tx,
            {
              clientId: t.clientId,
              contactId: contact,
              campaignId,
              requestedBy: null,
              existingEnrollmentId,
            },
            when,
          ),
        );
      const first = await ask(won, NOW);
      expect(first.decision.action).toBe("allow");
      const held = await ask(lost, NOW);
      expect(held.decision).toMatchObject({ action: "queue", gate: 4, reason: "conflict_resolved_queued" });
      // the winner runs its course; the queued side goes at its release
      await h.database.db
        .updateTable("campaign_contacts")
        .set({ status: "exited" })
        .where("client_id", "=", t.clientId)
        .where("id", "=", first.enrollmentId!)
        .execute();
      const release = held.decision.until ?? new Date(NOW.getTime() + 48 * HOUR);
      const released = await ask(lost, release, held.enrollmentId!);
      expect(released).toMatchObject({ enrollmentId: held.enrollmentId, decision: { action: "allow" } });
      const log = await events(h.database.db, t.clientId, contact);
      expect(log.map((e) => [e.event_type, e.suppressed_reason])).toEqual([
        ["activated", null],
        ["queued", "conflict_resolved_queued"],
        ["activated", null],
      ]);
    });
});
