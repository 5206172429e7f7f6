// The automation class a reply's sure reading falls in, read as the reply comes (process-reply.ts;
// the class rows are automation-classes.ts's): an open class counts the reply toward its spot check.
// And the languages whose out_of_office class is open, read by the inbox. A file apart from the
// counting of decisions: it runs on every incoming reply, outside any decision, one statement
// committed on its own.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { type ClassState, classLanguage, isEarnedIntent } from "../../replies/index.ts";

export interface ClassForReply {
  state: ClassState;
  min_confidence: number;
  /** this reply is the open class's spot check: a person reads it */
  spotCheck: boolean;
}

/**
 * The class a sure reading falls in as the reply comes (null: no row, a closed class with nothing
 * counted). An open class counts the reply (one atomic statement, committed on its own: two replies
 * at once get two counts) and every spot_check_every-th goes to a person.
 */
export async function automationClassFor(
  db: Kysely<DB>,
  clientId: string,
  reading: { intent: string; confidence: number },
  language: string | null,
): Promise<ClassForReply | null> {
  if (!isEarnedIntent(reading.intent)) return null;
  const l = classLanguage(language);
  const acted = await db
    .updateTable("reply_automation_classes")
    .set({ acted: sql<number>`acted + 1` })
    .where("client_id", "=", clientId)
    .where("intent", "=", reading.intent)
    .where("language", "=", l)
    .where("state", "=", "open")
    .where("min_confidence", "<=", reading.confidence)
    .returning(["min_confidence", "acted", "spot_check_every"])
    .executeTakeFirst();
  if (acted)
    return {
      state: "open",
      min_confidence: acted.min_confidence,
      spotCheck: acted.acted % acted.spot_check_every === 0,
    };
  const r = await db
    .selectFrom("reply_automation_classes")
    .select(["state", "min_confidence"])
    .where("client_id", "=", clientId)
    .where("intent", "=", reading.intent)
    .where("language", "=", l)
    .executeTakeFirst();
  return r ? { state: r.state, min_confidence: r.min_confidence, spotCheck: false } : null;
}

/** The languages whose out_of_office class is open (the inbox reads a person's away words by them). */
export async function openOutOfOfficeLanguages(db: Kysely<DB>, clientId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("reply_automation_classes")
    .select("language")
    .where("client_id", "=", clientId)
    .where("intent", "=", "out_of_office")
    .where("state", "=", "open")
    .execute();
  return new Set(rows.map((r) => r.language));
}
