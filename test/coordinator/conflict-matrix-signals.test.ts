// Issue 69 must-show: spec 001's conflict matrix (gate 4) decided on real signal dates written
// through POST /api/v1/signals, not seeded columns. For T1 and T2, with the sales side fresher and
// with the marketing side fresher: the loser's activation is queued 48 h (the hold, with its release
// time, in the log), and once the winner's sequence has ended the queued enrollment is asked again
// at its release time and activated (the release in the log).
import { describe, expect, it } from "vitest";
import { exitContact } from "../../src/campaigns/index.ts";
import { requestActivation } from "../../src/coordinator/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { signalsSuite } from "../signals/signal-plays-fixture.ts";
import { addCompany } from "../signals/signals-fixture.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { events, makeCampaign } from "./support/fixtures.ts";

const NOW = new Date("2026-11-24T15:00:00Z");
const HOUR = 3600_000;
const ago = (h: number) => new Date(NOW.getTime() - h * HOUR).toISOString();

type Row = { tier: "T1" | "T2"; fresher: "sales" | "marketing"; winner: "sales" | "marketing" };
// spec 001's matrix, the T1 and T2 rows
const ROWS: Row[] = [
  { tier: "T1", fresher: "sales", winner: "sales" },
  { tier: "T1", fresher: "marketing", winner: "sales" },
  { tier: "T2", fresher: "sales", winner: "sales" },
  { tier: "T2", fresher: "marketing", winner: "marketing" },
];

function suite(open: () => Promise<Database | undefined>) {
  const s = signalsSuite(open, "matrix", NOW);

  it.each(ROWS)(
    "$tier, $fresher signal fresher: $winner wins, the other is held 48 h and released",
    async (row) => {
      const { h, t, call } = s;
      const db = h.database.db;
      const co = await addCompany(db, t.clientId, `m-${row.tier}-${row.fresher}`, ["Pat"], row.tier);
      const contactId = co.contacts[0];
      // real signals, through the API: the fresher side 2 hours ago, the other 2 days ago
      const res = await call("POST", "/api/v1/signals", t.revops.auth, {
        signals: [
          {
            type: "pricing_page_visit",
            contact_id: contactId,
            occurred_at: ago(row.fresher === "sales" ? 2 : 48),
            external_id: `s-${row.tier}-${row.fresher}`,
          },
          {
            type: "content_download",
            contact_id: contactId,
            occurred_at: ago(row.fresher === "marketing" ? 2 : 48),
            external_id: `m-${row.tier}-${row.fresher}`,
          },
        ],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ recorded: 2, contacts_changed: [contactId] });
      const c = await db
        .selectFrom("contacts")
        .select([
          "last_sales_signal",
          "last_sales_signal_at",
          "last_marketing_signal",
          "last_marketing_signal_at",
        ])
        .where("client_id", "=", t.clientId)
        .where("contact_id", "=", contactId)
        .executeTakeFirstOrThrow();
      expect(c).toMatchObject({
        last_sales_signal: "pricing_page_visit",
        last_marketing_signal: "content_download",
      });
      expect(c.last_sales_signal_at! > c.last_marketing_signal_at!).toBe(row.fresher === "sales");

      const campaign = {
        sales: await makeCampaign(db, t.clientId, "sales"),
        marketing: await makeCampaign(db, t.clientId, "marketing"),
      };
      const loser = row.winner === "sales" ? "marketing" : "sales";
      const ask = (side: "sales" | "marketing", at: Date, existingEnrollmentId?: string) =>
        db.transaction().execute((tx) =>
          requestActivation(
            tx,
            {
              clientId: t.clientId,
              contactId,
              campaignId: campaign[side],
              requestedBy: null,
              existingEnrollmentId,
            },
            at,
          ),
        );
      // the winner runs; the loser asks and is held
      const won = await ask(row.winner, NOW);
      expect(won.decision.action).toBe("allow");
      const held = await ask(loser, NOW);
      expect(held.decision).toMatchObject({ action: "queue", gate: 4, reason: "conflict_resolved_queued" });
      const release = new Date(NOW.getTime() + 48 * HOUR);
      expect(held.decision.until).toEqual(release);

      // the winner's sequence ends; at its release time the held one is asked again and goes
      await db
        .transaction()
        .execute((tx) =>
          exitContact(
            tx,
            { clientId: t.clientId, enrollmentId: won.enrollmentId!, reason: "no_engagement" },
            NOW,
          ),
        );
      const released = await ask(loser, release, held.enrollmentId!);
      expect(released).toMatchObject({ enrollmentId: held.enrollmentId, decision: { action: "allow" } });

      const log = (await events(db, t.clientId, contactId)).filter((e) => e.campaign_id === campaign[loser]);
      expect(log.map((e) => [e.event_type, e.coordinator_action, e.resolution])).toEqual([
        ["queued", "queue", `${row.tier}_${row.winner}_wins`],
        ["activated", "allow", "no_conflict"],
      ]);
      expect(log[0]).toMatchObject({ suppressed_reason: "conflict_resolved_queued", gate: 4 });
      expect(log[0].release_at).toEqual(release);
      expect(log[1].occurred_at).toEqual(release);
      expect(log[1].enrollment_id).toBe(held.enrollmentId);
    },
  );
}

describe("spec 001 T1/T2 on signals written through the API (PGlite)", () => suite(async () => undefined));

describeMultiConnection("spec 001 T1/T2 on signals written through the API (PostgreSQL)", () =>
  suite(() => serverDatabase()),
);
