// A person's triage decision on a sure reading counts toward its automation class (issue 72 item 1;
// the class rows are automation-classes.ts's), in the decision's own transaction (record-decisions.ts),
// under the class row's lock (two decisions at once: the second waits for the first and counts on its
// tally; none is lost). Opening and closing are events (automation_opened, automation_closed) with the
// numbers.
import type { Kysely } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { classLanguage, countDecision, type EarnedIntent, isEarnedIntent } from "../../replies/index.ts";
import { type CampaignEvent, logCampaignEvents } from "../log-event.ts";
import { lockClasses, numbers, type Row } from "./automation-classes.ts";

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
