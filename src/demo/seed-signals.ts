// Demo: the signals behind the contacts' last signals (seed-base.ts writes spec 000's
// last_sales_signal / last_marketing_signal columns), recorded through the signals' own path
// (recordSignals), so the Signals view ranks people with their reasons from the first start ("visited
// pricing twice this week") instead of showing an empty window. Each visit is no newer than the
// column seed-base.ts wrote, so no contact's last signal moves and nothing is proposed for a play:
// the demo's campaigns stay as seeded. Idempotent: each signal has a fixed dedup key (a second start
// records duplicates, which change nothing).
import { recordSignals, type SignalInput } from "../signals/index.ts";
import { DEMO_CONTACTS } from "./seed-base.ts";
import type { Seeder } from "./seeder.ts";

const DAY = 86_400_000;
const SITE = "https://www.baton-demo.example";

export const seedSignals: Seeder = async ({ db, clientId, now }) => {
  const signals: SignalInput[] = [];
  const at = (days: number) => new Date(now.getTime() - days * DAY);
  for (const [i, c] of DEMO_CONTACTS.entries()) {
    const visit = (days: number, n: number, path: string): SignalInput => ({
      type: "pricing_page_visit",
      contactId: c.contact_id,
      occurredAt: at(days),
      source: "website",
      externalId: `demo-${i + 1}-pricing-${n}`,
      attributes: { path },
      evidenceUrl: `${SITE}${path}`,
    });
    // seed-base.ts: a pricing visit (i + 1) days ago for every other contact; one before it too
    if (i % 2 === 0) signals.push(visit(i + 1, 1, "/pricing"), visit(i + 2, 2, "/pricing/enterprise"));
    // seed-base.ts: a webinar (5 - i % 5) days ago for every third contact
    if (i % 3 === 0)
      signals.push({
        type: "webinar_attended",
        contactId: c.contact_id,
        occurredAt: at(5 - (i % 5)),
        source: "webinar",
        externalId: `demo-${i + 1}-webinar`,
        attributes: { webinar: "Cutting time to first touch" },
      });
  }
  await recordSignals(db, { clientId, principalId: null }, signals, {}, now);
};
