// RevOps's view of the automation classes (issue 72 item 1; the class rows are automation-classes.ts's):
// every class of the tenant, the earned intents in every language its replies were written in (a class
// never decided on shows too), and one class as it stands. Reads only; the hand that closes and reopens
// a class is close-automation-class.ts.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { classLanguage, EARNED_INTENTS, type EarnedIntent } from "../../replies/index.ts";
import { type AutomationClass, bandOf, COLUMNS, checkClass, type Row, view } from "./automation-classes.ts";

/** Who sees the classes (the agreement is an aggregate: no reply's text). */
export const AUTOMATION_READER_ROLES = ["revops", "slm", "admin"] as const;

/**
 * The languages the tenant's replies were written in (null: none detected), so a class never decided
 * on shows too. A skip scan over campaign_replies_language_idx (migration 0810): one index probe a
 * language, not a read of every reply; each probe names the tenant (a router query on Citus).
 */
export async function replyLanguages(db: Kysely<DB>, clientId: string): Promise<(string | null)[]> {
  const r = await sql<{ language: string | null }>`
    with recursive seen(language) as (
      (select language from campaign_replies
        where client_id = ${clientId} and language is not null order by language limit 1)
      union all
      select (select r.language from campaign_replies r
               where r.client_id = ${clientId} and r.language > seen.language order by r.language limit 1)
        from seen where seen.language is not null)
    select language from seen where language is not null
    union all
    select null where exists (select 1 from campaign_replies where client_id = ${clientId} and language is null)`.execute(
    db,
  );
  return r.rows.map((x) => x.language);
}

/** Every class of the tenant: the earned intents in every language seen, and each stored row. */
export async function listAutomationClasses(db: Kysely<DB>, actor: Principal): Promise<AutomationClass[]> {
  requireRole(actor, "read the reply automation classes", ...AUTOMATION_READER_ROLES);
  const rows = (await db
    .selectFrom("reply_automation_classes")
    .select(COLUMNS)
    .where("client_id", "=", actor.clientId)
    .execute()) as Row[];
  const byKey = new Map(rows.map((r) => [`${r.intent}/${r.language}`, r]));
  for (const language of await replyLanguages(db, actor.clientId))
    for (const intent of EARNED_INTENTS) {
      const l = classLanguage(language);
      if (!byKey.has(`${intent}/${l}`)) byKey.set(`${intent}/${l}`, closedRow(intent, l));
    }
  const order = (r: Row) => EARNED_INTENTS.indexOf(r.intent as EarnedIntent);
  return [...byKey.values()]
    .sort((a, b) => order(a) - order(b) || a.language.localeCompare(b.language))
    .map(view);
}

/**
 * One class as it stands (no row: closed, nothing counted), read without a role: the caller has
 * checked who reads it (an agent's approval request, src/agents/approvals, shows it to its decider).
 */
export async function readAutomationClass(
  db: Kysely<DB>,
  clientId: string,
  key: { intent: string; language: string },
): Promise<AutomationClass> {
  const intent = checkClass(key.intent, key.language);
  const r = (await db
    .selectFrom("reply_automation_classes")
    .select(COLUMNS)
    .where("client_id", "=", clientId)
    .where("intent", "=", intent)
    .where("language", "=", key.language)
    .executeTakeFirst()) as Row | undefined;
  return view(r ?? closedRow(intent, key.language));
}

/** A class with no row yet: closed, nothing counted. */
function closedRow(intent: EarnedIntent, language: string): Row {
  return {
    intent,
    language,
    state: "closed",
    min_confidence: bandOf(intent),
    decided: 0,
    agreed: 0,
    opened_at: null,
    closed_at: null,
    closed_by: null,
  };
}
