// A tenant whose team has earned automation (issue 72 item 1): every class open, as if the people
// who triage had agreed with Baton's readings often enough in every language. Tests of what a sure
// reading does alone start from here; a fresh tenant has every class closed
// (test/campaigns/earned-automation-replay.test.ts shows them opening).
import type { Kysely } from "kysely";
import type { DB } from "../../src/db/database.ts";
import { AUTOMATION_THRESHOLDS, EARNED_INTENTS } from "../../src/replies/automation.ts";
import { LANGUAGES } from "../../src/replies/detect-language.ts";

export async function openEveryClass(db: Kysely<DB>, clientId: string, now = new Date()): Promise<void> {
  await db
    .insertInto("reply_automation_classes")
    .values(
      EARNED_INTENTS.flatMap((intent) =>
        [...LANGUAGES, "und"].map((language) => ({
          client_id: clientId,
          intent,
          language,
          state: "open" as const,
          min_confidence: AUTOMATION_THRESHOLDS[intent] as number,
          decided: 30,
          agreed: 30,
          // its spot checks out of these tests' way (one sure reply in 1000 goes to a person)
          spot_check_every: 1000,
          opened_at: now,
          updated_at: now,
        })),
      ),
    )
    .onConflict((oc) =>
      oc.columns(["client_id", "intent", "language"]).doUpdateSet({ state: "open", spot_check_every: 1000 }),
    )
    .execute();
}
