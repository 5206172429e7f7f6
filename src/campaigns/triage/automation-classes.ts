// Automation earned from the team's decisions (issue 72 item 1; docs/campaigns.md "Automation
// earned"; the rule and its numbers are src/replies/automation.ts's). One row a tenant, intent and
// language (reply_automation_classes, migration 0760); no row is a closed class with nothing counted,
// so a fresh tenant's Baton acts alone on nothing but a sure stop request.
// - countTriageDecision: a person's triage decision on a sure reading counts toward its class, in the
//   decision's own transaction, under the class row's lock (two decisions at once: the second waits
//   for the first and counts on its tally; none is lost). Opening and closing are events
//   (automation_opened, automation_closed) with the numbers.
// - automationClassFor: the class a reply's sure reading falls in, read (and, open, counted toward
//   its spot check) when the reply comes.
// - listAutomationClasses, closeAutomationClass, reopenAutomationClass: RevOps's view and hand.
import { type Kysely, sql, type Updateable } from "kysely";
import { type Principal, requireRole } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import {
  AUTOMATION_THRESHOLDS,
  type ClassState,
  classLanguage,
  countDecision,
  EARN_MIN_AGREEMENT,
  EARN_MIN_DECISIONS,
  EARNED_INTENTS,
  type EarnedIntent,
  isEarnedIntent,
  SPOT_CHECK_EVERY,
} from "../../replies/index.ts";
import { type CampaignEvent, logCampaignEvent, logCampaignEvents } from "../log-event.ts";

/** Who sees the classes (the agreement is an aggregate: no reply's text). */
export const AUTOMATION_READER_ROLES = ["revops", "slm", "admin"] as const;
/** Who closes a class by hand and reopens it. */
export const AUTOMATION_KEEPER_ROLES = ["revops", "admin"] as const;

export interface AutomationClass {
  intent: EarnedIntent;
  language: string;
  state: ClassState;
  /** the confidence band: readings at or above it count, and only they act alone */
  min_confidence: number;
  decided: number;
  agreed: number;
  /** agreed / decided, null before any decision */
  rate: number | null;
  /** decisions still needed before it may open (0 when the tally would open it) */
  to_earn: number;
  opened_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
}

type Row = {
  intent: string;
  language: string;
  state: ClassState;
  min_confidence: number;
  decided: number;
  agreed: number;
  opened_at: Date | string | null;
  closed_at: Date | string | null;
  closed_by: string | null;
};

const COLUMNS = [
  "intent",
  "language",
  "state",
  "min_confidence",
  "decided",
  "agreed",
  "opened_at",
  "closed_at",
  "closed_by",
] as const;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** How many more agreeing decisions a tally needs before it would open its class. */
function toEarn(decided: number, agreed: number): number {
  const pct = Math.round(EARN_MIN_AGREEMENT * 100);
  let n = 0;
  while (decided + n < EARN_MIN_DECISIONS || (agreed + n) * 100 < pct * (decided + n)) n++;
  return n;
}

function view(r: Row): AutomationClass {
  return {
    intent: r.intent as EarnedIntent,
    language: r.language,
    state: r.state,
    min_confidence: Math.round(r.min_confidence * 1000) / 1000,
    decided: r.decided,
    agreed: r.agreed,
    rate: r.decided ? r.agreed / r.decided : null,
    to_earn: toEarn(r.decided, r.agreed),
    opened_at: iso(r.opened_at),
    closed_at: iso(r.closed_at),
    closed_by: r.closed_by,
  };
}

/** The band a class is earned at when its row is first written: the intent's threshold today. */
function bandOf(intent: EarnedIntent): number {
  return AUTOMATION_THRESHOLDS[intent] as number;
}

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

/**
 * The class rows, each written closed when absent, then locked for this transaction (in intent and
 * language order, so two batches lock them alike).
 */
async function lockClasses(
  tx: Kysely<DB>,
  clientId: string,
  keys: readonly { intent: EarnedIntent; language: string }[],
  now: Date,
): Promise<Row[]> {
  await tx
    .insertInto("reply_automation_classes")
    .values(
      keys.map((k) => ({
        client_id: clientId,
        intent: k.intent,
        language: k.language,
        min_confidence: bandOf(k.intent),
        spot_check_every: SPOT_CHECK_EVERY,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(["client_id", "intent", "language"]).doNothing())
    .execute();
  return (await tx
    .selectFrom("reply_automation_classes")
    .select(COLUMNS)
    .where("client_id", "=", clientId)
    .where((eb) =>
      eb.or(keys.map((k) => eb.and([eb("intent", "=", k.intent), eb("language", "=", k.language)]))),
    )
    .orderBy("intent")
    .orderBy("language")
    .forUpdate()
    .execute()) as Row[];
}

/** The class row, written closed when absent, then locked for this transaction. */
async function lockClass(
  tx: Kysely<DB>,
  clientId: string,
  intent: EarnedIntent,
  language: string,
  now: Date,
) {
  return (await lockClasses(tx, clientId, [{ intent, language }], now))[0];
}

/** The numbers an opening or closing event carries. */
function numbers(r: Pick<Row, "decided" | "agreed" | "min_confidence">) {
  return {
    decided: r.decided,
    agreed: r.agreed,
    rate: r.decided ? Math.round((r.agreed / r.decided) * 10_000) / 10_000 : null,
    min_confidence: Math.round(r.min_confidence * 1000) / 1000,
    rule: { min_decisions: EARN_MIN_DECISIONS, min_agreement: EARN_MIN_AGREEMENT },
  };
}

export interface DecidedReading {
  reply_id: string;
  intent: string;
  confidence: number;
  language: string | null;
  /** the reading passed automation.ts's fixed rules when it came (campaign_replies.sure) */
  sure: boolean | null;
}

/**
 * A triage decision counted toward its class (inside the decision's transaction): a person's, on a
 * sure reading of an earned intent at or above the class's band. Returns the change, if any.
 */
export async function countTriageDecision(
  tx: Kysely<DB>,
  actor: Principal,
  reading: DecidedReading,
  decision: { decision: string; intent: string | null },
  now: Date,
): Promise<"opened" | "closed" | null> {
  return (await countTriageDecisions(tx, actor, [{ reading, decision }], now))[0];
}

/**
 * countTriageDecision for decisions in order (a bulk decision): each class locked once, the
 * decisions counted on it one after the other (a disagreement closes it for the ones after), each
 * class written once and the openings and closings logged in the decisions' order.
 */
export async function countTriageDecisions(
  tx: Kysely<DB>,
  actor: Principal,
  decisions: readonly { reading: DecidedReading; decision: { decision: string; intent: string | null } }[],
  now: Date,
): Promise<("opened" | "closed" | null)[]> {
  const out: ("opened" | "closed" | null)[] = decisions.map(() => null);
  if (actor.kind !== "person") return out;
  const keyOf = (r: DecidedReading) =>
    r.sure === true && isEarnedIntent(r.intent)
      ? { intent: r.intent, language: classLanguage(r.language) }
      : null;
  const keys = new Map<string, { intent: EarnedIntent; language: string }>();
  for (const d of decisions) {
    const k = keyOf(d.reading);
    if (k) keys.set(`${k.intent}/${k.language}`, k);
  }
  if (keys.size === 0) return out;
  const rows = new Map<string, Row & { opened?: boolean; closed?: boolean; counted?: boolean }>(
    (await lockClasses(tx, actor.clientId, [...keys.values()], now)).map((r) => [
      `${r.intent}/${r.language}`,
      r,
    ]),
  );
  const events: CampaignEvent[] = [];
  decisions.forEach(({ reading, decision }, i) => {
    const k = keyOf(reading);
    const row = k && rows.get(`${k.intent}/${k.language}`);
    if (!k || !row || reading.confidence < row.min_confidence) return;
    const next = countDecision(row, decision.intent === k.intent);
    if (next.change)
      events.push({
        type: next.change === "opened" ? "automation_opened" : "automation_closed",
        clientId: actor.clientId,
        contactId: null,
        actorPrincipalId: actor.principalId,
        resolution: next.change === "opened" ? "earned" : "disagreement",
        details: {
          intent: k.intent,
          language: k.language,
          // the tally that opened it, or the one the disagreement ended (the disagreement counted)
          ...numbers(next.change === "opened" ? { ...row, ...next } : { ...row, decided: row.decided + 1 }),
          reply_id: reading.reply_id,
          decision: decision.decision,
          decided_intent: decision.intent,
          reading: { intent: k.intent, confidence: reading.confidence },
        },
      });
    rows.set(`${k.intent}/${k.language}`, {
      ...row,
      state: next.state,
      decided: next.decided,
      agreed: next.agreed,
      counted: true,
      opened: row.opened || next.change === "opened",
      closed: row.closed || next.change === "closed",
    });
    out[i] = next.change;
  });
  for (const r of rows.values())
    if (r.counted)
      await tx
        .updateTable("reply_automation_classes")
        .set({
          state: r.state,
          decided: r.decided,
          agreed: r.agreed,
          updated_at: now,
          ...(r.opened ? { opened_at: now } : {}),
          ...(r.closed ? { closed_at: now } : {}),
        })
        .where("client_id", "=", actor.clientId)
        .where("intent", "=", r.intent)
        .where("language", "=", r.language)
        .execute();
  if (events.length) await logCampaignEvents(tx, events, now);
  return out;
}

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
      if (!byKey.has(`${intent}/${l}`))
        byKey.set(`${intent}/${l}`, {
          intent,
          language: l,
          state: "closed",
          min_confidence: bandOf(intent),
          decided: 0,
          agreed: 0,
          opened_at: null,
          closed_at: null,
          closed_by: null,
        });
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
  return view(
    r ?? {
      intent,
      language: key.language,
      state: "closed",
      min_confidence: bandOf(intent),
      decided: 0,
      agreed: 0,
      opened_at: null,
      closed_at: null,
      closed_by: null,
    },
  );
}

/** Inside a caller's transaction (an agent's approved request, src/agents/approvals) it joins it. */
function inTransaction<T>(db: Kysely<DB>, run: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

function checkClass(intent: string, language: string): EarnedIntent {
  if (!isEarnedIntent(intent) || classLanguage(language) !== language)
    throw new BatonError("AUTOMATION_CLASS_INVALID", { intent, language });
  return intent;
}

/** A class's row changed by hand (close, reopen), under the lock its caller took. */
async function setClass(
  tx: Kysely<DB>,
  clientId: string,
  intent: EarnedIntent,
  language: string,
  set: Updateable<DB["reply_automation_classes"]>,
  now: Date,
): Promise<void> {
  await tx
    .updateTable("reply_automation_classes")
    .set({ ...set, updated_at: now })
    .where("client_id", "=", clientId)
    .where("intent", "=", intent)
    .where("language", "=", language)
    .execute();
}

/** RevOps closes a class by hand: it stays closed until reopened (idempotent). */
export async function closeAutomationClass(
  db: Kysely<DB>,
  actor: Principal,
  key: { intent: string; language: string },
  now: Date,
): Promise<AutomationClass> {
  requireRole(actor, "close a reply automation class", ...AUTOMATION_KEEPER_ROLES);
  const intent = checkClass(key.intent, key.language);
  return inTransaction(db, async (tx) => {
    const row = await lockClass(tx, actor.clientId, intent, key.language, now);
    if (row.state === "closed_by_hand") return view(row);
    const set = { state: "closed_by_hand" as const, closed_at: now, closed_by: actor.principalId };
    await setClass(tx, actor.clientId, intent, key.language, set, now);
    await logCampaignEvent(
      tx,
      {
        type: "automation_closed",
        clientId: actor.clientId,
        contactId: null,
        actorPrincipalId: actor.principalId,
        resolution: "by_hand",
        details: { intent, language: key.language, was: row.state, ...numbers(row) },
      },
      now,
    );
    return view({ ...row, ...set });
  });
}

/** RevOps reopens a class it closed by hand: back to earning, the tally started again at 0. */
export async function reopenAutomationClass(
  db: Kysely<DB>,
  actor: Principal,
  key: { intent: string; language: string },
  now: Date,
): Promise<AutomationClass> {
  requireRole(actor, "reopen a reply automation class", ...AUTOMATION_KEEPER_ROLES);
  const intent = checkClass(key.intent, key.language);
  return inTransaction(db, async (tx) => {
    const row = await lockClass(tx, actor.clientId, intent, key.language, now);
    if (row.state !== "closed_by_hand")
      throw new BatonError("AUTOMATION_CLASS_NOT_CLOSED_BY_HAND", {
        intent,
        language: key.language,
        state: row.state,
      });
    const set = { state: "closed" as const, decided: 0, agreed: 0, closed_by: null };
    await setClass(tx, actor.clientId, intent, key.language, set, now);
    await logCampaignEvent(
      tx,
      {
        type: "automation_reopened",
        clientId: actor.clientId,
        contactId: null,
        actorPrincipalId: actor.principalId,
        resolution: "by_hand",
        details: { intent, language: key.language, ...numbers(row), to_earn: toEarn(0, 0) },
      },
      now,
    );
    return view({ ...row, ...set });
  });
}
