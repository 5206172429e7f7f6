// Automation earned from the team's decisions (issue 72 item 1; docs/campaigns.md "Automation
// earned"; the rule and its numbers are src/replies/automation.ts's). One row a tenant, intent and
// language (reply_automation_classes, migration 0760); no row is a closed class with nothing counted,
// so a fresh tenant's Baton acts alone on nothing but a sure stop request.
// This file holds the class row as every part reads it: its shape and view (AutomationClass, with
// the decisions still needed to earn it), its check (an earned intent in a class language), the lock
// a change takes on it (the row written closed when absent), and the numbers its events carry. The
// parts, one a file beside it:
// - count-triage-decisions.ts: a person's triage decision on a sure reading counts toward its class;
//   opening and closing are events (automation_opened, automation_closed) with the numbers.
// - automation-class-for-reply.ts: the class a reply's sure reading falls in, as the reply comes.
// - read-automation-classes.ts, close-automation-class.ts: RevOps's view and hand.
import type { Kysely } from "kysely";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import {
  AUTOMATION_THRESHOLDS,
  type ClassState,
  classLanguage,
  EARN_MIN_AGREEMENT,
  EARN_MIN_DECISIONS,
  type EarnedIntent,
  isEarnedIntent,
  SPOT_CHECK_EVERY,
} from "../../replies/index.ts";

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

export type Row = {
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

export const COLUMNS = [
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
export function toEarn(decided: number, agreed: number): number {
  const pct = Math.round(EARN_MIN_AGREEMENT * 100);
  let n = 0;
  while (decided + n < EARN_MIN_DECISIONS || (agreed + n) * 100 < pct * (decided + n)) n++;
  return n;
}

export function view(r: Row): AutomationClass {
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
export function bandOf(intent: EarnedIntent): number {
  return AUTOMATION_THRESHOLDS[intent] as number;
}

export function checkClass(intent: string, language: string): EarnedIntent {
  if (!isEarnedIntent(intent) || classLanguage(language) !== language)
    throw new BatonError("AUTOMATION_CLASS_INVALID", { intent, language });
  return intent;
}

/**
 * The class rows, each written closed when absent, then locked for this transaction (in intent and
 * language order, so two batches lock them alike).
 */
export async function lockClasses(
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
export async function lockClass(
  tx: Kysely<DB>,
  clientId: string,
  intent: EarnedIntent,
  language: string,
  now: Date,
) {
  return (await lockClasses(tx, clientId, [{ intent, language }], now))[0];
}

/** The numbers an opening or closing event carries. */
export function numbers(r: Pick<Row, "decided" | "agreed" | "min_confidence">) {
  return {
    decided: r.decided,
    agreed: r.agreed,
    rate: r.decided ? Math.round((r.agreed / r.decided) * 10_000) / 10_000 : null,
    min_confidence: Math.round(r.min_confidence * 1000) / 1000,
    rule: { min_decisions: EARN_MIN_DECISIONS, min_agreement: EARN_MIN_AGREEMENT },
  };
}
