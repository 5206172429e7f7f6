// The automation classes' list names every language the tenant's replies were written in
// (replyLanguages, migration 0810): the same set as a `select distinct` over every reply, another
// tenant's languages never in it, and read by skipping through campaign_replies_language_idx rather
// than by reading each reply. On PGlite, and on the server of TEST_DATABASE_URL (with TEST_CITUS_URL a
// distributed database: the skip scan's recursive statement must stay a router query there).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact, setCampaignPorts } from "../../src/campaigns/index.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import { listAutomationClasses, replyLanguages } from "../../src/campaigns/triage/read-automation-classes.ts";
import type { Database } from "../../src/db/connect.ts";
import type { Classification } from "../../src/replies/classifier.ts";
import { addContact, oneStepNurture } from "../engine/engine-harness.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-06-01T09:00:00Z");
// "xx: words" is read in language xx ("-": none detected)
const byPrefix = {
  name: "fixed",
  classify: async (text: string): Promise<Classification & { language: string | null }> => {
    const l = text.split(":")[0];
    return {
      intent: "other",
      returnDate: null,
      confidence: 0.5,
      by: "fixed",
      language: l === "-" ? null : l,
    };
  },
};

function languagesSuite(open: () => Promise<Database>, label: string) {
  let d: Database;
  let a: Tenant;
  let b: Tenant;

  async function reply(t: Tenant, slug: string, i: number, text: string) {
    const c = await addContact(d.db, t.clientId, `${t.clientId} Replier ${i}`);
    await enrollContact(d.db, t.exec, { campaign: slug, contactId: c }, T0);
    await processReply(d.db, t.agt301, { contactId: c, text, receivedAt: T0 }, T0);
  }

  beforeAll(async () => {
    setCampaignPorts({ classifier: byPrefix });
    d = await open();
    a = await createTenant(d.db, `${label}a`);
    b = await createTenant(d.db, `${label}b`);
    await oneStepNurture(d.db, a.revops, `${label}a_nurture`, T0);
    await oneStepNurture(d.db, b.revops, `${label}b_nurture`, T0);
    const texts = ["fr: merci", "de: danke", "fr: non", "-: ...", "pt: obrigado", "de: nein", "en: thanks"];
    for (const [i, text] of texts.entries()) await reply(a, `${label}a_nurture`, i, text);
    await reply(b, `${label}b_nurture`, 0, "es: gracias");
  });
  afterAll(async () => {
    setCampaignPorts({});
    await d?.close();
  });

  describe("replyLanguages", () => {
    it("names each language of the tenant's replies once, and none of another tenant's", async () => {
      const distinct = await sql<{ language: string | null }>`
      select distinct language from campaign_replies where client_id = ${a.clientId}`.execute(d.db);
      const got = await replyLanguages(d.db, a.clientId);
      expect(got).toHaveLength(new Set(got).size);
      expect(new Set(got)).toEqual(new Set(distinct.rows.map((r) => r.language)));
      expect(new Set(got)).toEqual(new Set(["de", "en", "fr", "pt", null]));
      expect(await replyLanguages(d.db, b.clientId)).toEqual(["es"]);
      expect(await replyLanguages(d.db, "no-such-tenant")).toEqual([]);
    });

    it("the class list shows the earned intents in those languages", async () => {
      const classes = await listAutomationClasses(d.db, a.revops);
      const languages = new Set(classes.map((c) => c.language));
      for (const l of ["de", "en", "fr", "pt"]) expect(languages.has(l)).toBe(true);
      expect(languages.has("es")).toBe(false);
    });

    it("reads the languages through campaign_replies_language_idx", async () => {
      // the plan the statement can take; on a tenant this small a scan may be as cheap
      const plan = await d.db.transaction().execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        await sql`set local enable_bitmapscan = off`.execute(tx);
        return sql<{ "QUERY PLAN": string }>`explain
        select (select r.language from campaign_replies r
                 where r.client_id = ${a.clientId} and r.language > 'de' order by r.language limit 1)`.execute(
          tx,
        );
      });
      expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/campaign_replies_language_idx/);
    });
  });
}

describe("on the embedded database", () => languagesSuite(testDatabase, "langpg"));
describeMultiConnection("on the server", () => languagesSuite(() => serverDatabase(2), "langsv"));
