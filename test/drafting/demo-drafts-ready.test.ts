// Issue 60 item 3: every draft the demo produces is ready for a prospect. The demo is seeded as
// `npm start` seeds it (seedDemo, then its living history of 60 days), the active plays are
// executed and the engine runs a pass as the background jobs do after the start, and every drafted
// text (staged drafts of any status, the reps' tasks, the mail sent) is scanned: no [bracket], no
// template syntax, no unfilled value, no play name, no "Play:", no slug, segment id or other
// internal identifier. The forged case: a play step's template carrying a bracket or the play's
// name is caught by the same scan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { runDemoHistory } from "../../src/demo/demo-history.ts";
import { DEMO_CLIENT } from "../../src/demo/demo-principals.ts";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { renderTemplateDraft } from "../../src/drafting/template-drafter.ts";
import { defaultEngineDeps } from "../../src/engine/default-engine-deps.ts";
import { loadDraftInput } from "../../src/engine/draft-inputs.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { ensurePlayCampaign } from "../../src/plays/ensure-play-campaign.ts";
import { executeActivePlays } from "../../src/plays/execute-active-plays.ts";
import type { SuggestedCadence } from "../../src/plays/play-cadence.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { testDatabase } from "../support/db.ts";
import { draftLeaks, everyDraft, internalVocabulary, type Vocabulary } from "../support/draft-leaks.ts";

describe("the demo's drafts, every one", () => {
  let database: Database;
  let vocabulary: Vocabulary;
  beforeAll(async () => {
    database = await testDatabase();
    const config = loadConfig({});
    const now = new Date();
    await seedDemo(database.db, now);
    await runDemoHistory(database, config, buildEngine, { now });
    // what the background jobs do first after the start: the active plays, then an engine pass
    await executeActivePlays(database.db, now);
    const deps = await defaultEngineDeps(database, { ...config, smtp: undefined, llm: undefined });
    await runEngineOnce(deps, now, { workerId: "demo-drafts", batch: 500 });
    vocabulary = await internalVocabulary(database.db, DEMO_CLIENT);
  }, 900_000);
  afterAll(async () => database?.close());

  it("holds no bracket, template syntax, unfilled value or internal name", async () => {
    const drafts = await everyDraft(database.db, DEMO_CLIENT);
    const counts: Record<string, number> = {};
    for (const d of drafts) {
      const key = `${d.table} ${d.campaign} ${d.channel}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    console.log(`demo drafts scanned: ${drafts.length}`, counts);
    const found = drafts.flatMap((d) =>
      [...draftLeaks(d.subject, vocabulary), ...draftLeaks(d.body, vocabulary)].map(
        (l) => `${d.table} ${d.campaign} ${d.channel}: ${l.rule} "${l.found}"`,
      ),
    );
    expect([...new Set(found)]).toEqual([]);
    // the play's campaign drafted, on both channels
    expect(drafts.some((d) => d.campaign.startsWith("play_") && d.channel === "email")).toBe(true);
    expect(drafts.some((d) => d.campaign.startsWith("play_") && d.channel === "linkedin")).toBe(true);
  });

  it("the scan knows each rule (forged texts)", () => {
    const v = { names: ["Proof-led re-engagement"], identifiers: ["commercial_mm", "b2bea_world"] };
    const rules = (t: string) => draftLeaks(t, v).map((l) => l.rule);
    expect(rules("Hi Amara, see https://cal.example/a_b?t=x_y or mail tara_q@demo.test")).toEqual([]);
    expect(rules("Hi [first name],")).toEqual(["bracket"]);
    expect(rules("Hi {{contact.first_name}},")).toContain("template syntax");
    expect(rules("Hi undefined,")).toEqual(["unfilled value"]);
    expect(rules("a note about proof-led Re-engagement")).toEqual(["internal name"]);
    expect(rules("for the Commercial_MM team")).toEqual(["internal identifier", "snake_case identifier"]);
    expect(rules("a boss_arming kit")).toEqual(["snake_case identifier"]);
  });

  /** The demo's first active play's campaign and one of its enrollments. */
  const playEnrollment = async () =>
    database.db
      .selectFrom("campaign_contacts as e")
      .innerJoin("campaigns as c", (j) =>
        j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
      )
      .innerJoin("plays as p", (j) =>
        j.onRef("p.client_id", "=", "c.client_id").onRef("p.play_id", "=", "c.play_id"),
      )
      .select(["e.id as enrollment_id", "c.id as campaign_id", "p.play_id", "p.name", "p.suggested_cadence"])
      .where("e.client_id", "=", DEMO_CLIENT)
      .orderBy("e.id")
      .limit(1)
      .executeTakeFirstOrThrow();

  const step = (campaignId: string, n: number) =>
    database.db
      .updateTable("campaign_sequences")
      .where("client_id", "=", DEMO_CLIENT)
      .where("campaign_id", "=", campaignId)
      .where("step_number", "=", n);

  it("catches a play step whose template carries a bracket or the play's name", async () => {
    const e = await playEnrollment();
    await step(e.campaign_id, 1)
      .set({
        subject_template: "A note about {{campaign.name}}",
        body_template:
          "Hi {{contact.first_name}},\n\nAbout [pain point]: {{ account.name }}.\n\n{{sender.first_name}}",
      })
      .execute();
    const input = await loadDraftInput(
      database.db,
      { client_id: DEMO_CLIENT, enrollment_id: e.enrollment_id, step_number: 1 },
      "Tara",
    );
    const forged = renderTemplateDraft(input);
    const rules = [...draftLeaks(forged.subject, vocabulary), ...draftLeaks(forged.body, vocabulary)].map(
      (l) => `${l.rule}: ${l.found}`,
    );
    expect(rules).toContain("internal prefix: Play:");
    expect(rules).toContain(`internal name: ${e.name}`);
    expect(rules).toContain("bracket: [pain point]");
  });

  it("writes the steps of a play campaign made before steps were written, and leaves a tuned step alone", async () => {
    const e = await playEnrollment();
    await step(e.campaign_id, 1).set({ subject_template: null, body_template: null }).execute();
    await step(e.campaign_id, 2)
      .set({ body_template: "Hi {{contact.first_name}}, tuned by RevOps." })
      .execute();
    await ensurePlayCampaign(
      database.db,
      {
        client_id: DEMO_CLIENT,
        play_id: e.play_id,
        name: e.name,
        suggested_cadence: e.suggested_cadence as SuggestedCadence,
      },
      new Date(),
    );
    const steps = await database.db
      .selectFrom("campaign_sequences")
      .select(["step_number", "subject_template", "body_template"])
      .where("client_id", "=", DEMO_CLIENT)
      .where("campaign_id", "=", e.campaign_id)
      .orderBy("step_number")
      .execute();
    expect(steps[0]?.subject_template).toBeTruthy();
    expect(steps[0]?.body_template).toContain("{{contact.first_name");
    expect(steps[1]?.body_template).toBe("Hi {{contact.first_name}}, tuned by RevOps.");
  });
});
