// The automation class a reply's sure reading falls in, read as the reply comes (process-reply.ts;
// the class rows are automation-classes.ts's): an open class counts the reply toward its spot check.
// And the languages whose out_of_office class is open, read by the inbox. A file apart from the
// counting of decisions: it runs on incoming replies, outside any decision, one statement committed
// on its own for a reply or for a batch of them (process-replies-batch.ts).
import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { type ClassState, classLanguage, isEarnedIntent } from "../../replies/index.ts";

export interface ClassForReply {
  state: ClassState;
  min_confidence: number;
  /** this reply is the open class's spot check: a person reads it */
  spotCheck: boolean;
}

/** A sure reading whose class is looked up: its intent, confidence and language. */
export interface ClassReading {
  intent: string;
  confidence: number;
  language: string | null;
}

/**
 * The classes sure readings fall in as their replies come, in order (null: not an earned intent, or
 * no row, a closed class with nothing counted). An open class counts each reading at or above its
 * confidence band, in one atomic statement committed on its own (two batches at once get distinct
 * counts: the row's lock orders them, and a class closed meanwhile counts nothing), and the replies
 * it counted are numbered in the readings' order from the count it returns: every
 * spot_check_every-th goes to a person. The classes it counted nothing in are read in one more
 * statement, only when there are any.
 */
export async function automationClassesFor(
  db: Kysely<DB>,
  clientId: string,
  readings: readonly (ClassReading | null)[],
): Promise<(ClassForReply | null)[]> {
  const keyed = readings.map((r) =>
    r && isEarnedIntent(r.intent)
      ? { intent: r.intent, language: classLanguage(r.language), confidence: r.confidence }
      : null,
  );
  const asked = keyed.filter((r) => r !== null);
  if (asked.length === 0) return keyed.map(() => null);
  const key = (x: { intent: string; language: string }) => `${x.intent}:${x.language}`;
  const intents = sql.val(asked.map((r) => r.intent));
  const languages = sql.val(asked.map((r) => r.language));
  const confidences = sql.val(asked.map((r) => r.confidence));
  // the readings a class row counts (re-evaluated on the row's latest version if another writer
  // held it: its state and band as they are when this statement takes its lock)
  const counted = sql`from unnest(${intents}::text[], ${languages}::text[], ${confidences}::float8[])
      as r(intent, language, confidence)
     where r.intent = c.intent and r.language = c.language and r.confidence >= c.min_confidence`;
  const open = await sql<{
    intent: string;
    language: string;
    min_confidence: number;
    acted: number;
    spot_check_every: number;
  }>`update reply_automation_classes c
        set acted = c.acted + (select count(*)::int ${counted})
      where c.client_id = ${clientId} and c.state = 'open' and exists (select 1 ${counted})
  returning c.intent, c.language, c.min_confidence, c.acted, c.spot_check_every`.execute(db);
  const classes = new Map<string, ClassRead>();
  for (const o of open.rows) {
    const n = asked.filter((r) => key(r) === key(o) && r.confidence >= o.min_confidence).length;
    classes.set(key(o), {
      state: "open",
      min_confidence: o.min_confidence,
      count: { next: o.acted - n + 1, every: o.spot_check_every },
    });
  }
  const unread = [...new Map(asked.filter((r) => !classes.has(key(r))).map((r) => [key(r), r])).values()];
  if (unread.length) {
    const rows = await db
      .selectFrom("reply_automation_classes")
      .select(["intent", "language", "state", "min_confidence"])
      .where("client_id", "=", clientId)
      .where(({ eb, refTuple, tuple }) =>
        eb(
          refTuple("intent", "language"),
          "in",
          unread.map((r) => tuple(r.intent, r.language)),
        ),
      )
      .execute();
    for (const r of rows) classes.set(key(r), { state: r.state, min_confidence: r.min_confidence });
  }
  return keyed.map((r) => {
    const cls = r && classes.get(key(r));
    if (!r || !cls) return null;
    // a reading the class counted takes the next number of its count
    const n = cls.count && r.confidence >= cls.min_confidence ? cls.count.next++ : null;
    return {
      state: cls.state,
      min_confidence: cls.min_confidence,
      spotCheck: n !== null && n % (cls.count?.every ?? 1) === 0,
    };
  });
}

/** A class as the readings found it; an open one that counted them carries its count's numbering. */
interface ClassRead {
  state: ClassState;
  min_confidence: number;
  /** the number the next counted reading takes, and the spot check's period */
  count?: { next: number; every: number };
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
