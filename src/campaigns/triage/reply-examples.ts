// The labelled examples (issue 56 item 2): every reply a person (or an agent) decided in triage,
// with what the classifier said and what the decision implies, exported as JSONL to train or prompt
// a better classifier; and the agreement rate between the classifier and people, per intent and
// language, for the learning page. Read-only; RevOps, the sales leader and admins read them (the
// replies' text is prospect data). The export holds only the replies of prospects in the reader's
// book (a sales leader under 'team' or 'own': the team's; docs/books.md); the agreement rate is an
// aggregate and counts every reply.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../../auth/principal.ts";
import { bookOf, contactIdInBook } from "../../books/index.ts";
import type { DB } from "../../db/database.ts";

export const EXAMPLE_READER_ROLES = ["revops", "slm", "admin"] as const;

export interface ReplyExample {
  reply_id: string;
  received_at: string;
  decided_at: string;
  language: string | null;
  /** the reply as received (its own words and the quoted part; erased or purged text stays so) */
  text: string;
  classifier: { intent: string; confidence: number; by: string; stop_signal: boolean };
  decision: string;
  /** the intent the decision implies: the label */
  intent: string | null;
  agreed: boolean;
  decided_by: { principal_id: string; kind: "person" | "agent" } | null;
}

/** The examples decided since `since` (all when absent), oldest decision first, at most `limit`. */
export async function listReplyExamples(
  db: Kysely<DB>,
  actor: Principal,
  opts: { since?: Date; limit?: number } = {},
): Promise<ReplyExample[]> {
  requireRole(actor, "export labelled reply examples", ...EXAMPLE_READER_ROLES);
  let q = db
    .selectFrom("campaign_replies as r")
    .leftJoin("principals as p", (j) =>
      j.onRef("p.client_id", "=", "r.client_id").onRef("p.principal_id", "=", "r.decided_by_principal_id"),
    )
    .select([
      "r.id",
      "r.received_at",
      "r.decided_at",
      "r.language",
      "r.body",
      "r.intent",
      "r.confidence",
      "r.classified_by",
      "r.stop_signal",
      "r.decision",
      "r.decided_intent",
      "r.decided_by_principal_id",
      "p.kind",
    ])
    .where("r.client_id", "=", actor.clientId)
    .where("r.triage", "=", "decided")
    .where(contactIdInBook(await bookOf(db, actor), actor.clientId, "r.contact_id"));
  if (opts.since) q = q.where("r.decided_at", ">=", opts.since);
  const rows = await q
    .orderBy("r.decided_at")
    .orderBy("r.id")
    .limit(Math.min(opts.limit ?? 10_000, 50_000))
    .execute();
  return rows.map((r) => ({
    reply_id: r.id,
    received_at: new Date(r.received_at).toISOString(),
    decided_at: new Date(r.decided_at!).toISOString(),
    language: r.language,
    text: r.body,
    classifier: {
      intent: r.intent,
      confidence: r.confidence,
      by: r.classified_by,
      stop_signal: r.stop_signal,
    },
    decision: r.decision!,
    intent: r.decided_intent,
    agreed: r.decided_intent === r.intent,
    decided_by: r.decided_by_principal_id
      ? { principal_id: r.decided_by_principal_id, kind: (r.kind as "person" | "agent") ?? "person" }
      : null,
  }));
}

/** JSONL: one example a line. */
export function examplesJsonl(xs: readonly ReplyExample[]): string {
  return xs.map((x) => JSON.stringify(x)).join("\n") + (xs.length ? "\n" : "");
}

export interface AgreementRow {
  /** the classifier's intent */
  intent: string;
  language: string | null;
  decided: number;
  agreed: number;
  rate: number;
}

/** How often people agreed with the classifier, per intent it read and language. */
export async function replyAgreement(
  db: Kysely<DB>,
  actor: Principal,
): Promise<{ items: AgreementRow[]; overall: { decided: number; agreed: number; rate: number | null } }> {
  requireRole(actor, "read the reply agreement rate", ...EXAMPLE_READER_ROLES, "exec", "rep");
  const r = await sql<{ intent: string; language: string | null; decided: number; agreed: number }>`
    select intent, language, count(*)::int as decided,
           count(*) filter (where decided_intent = intent)::int as agreed
      from campaign_replies
     where client_id = ${actor.clientId} and triage = 'decided'
     group by intent, language
     order by intent, language nulls last`.execute(db);
  const items = r.rows.map((x) => ({ ...x, rate: x.decided ? x.agreed / x.decided : 0 }));
  const decided = items.reduce((n, x) => n + x.decided, 0);
  const agreed = items.reduce((n, x) => n + x.agreed, 0);
  return { items, overall: { decided, agreed, rate: decided ? agreed / decided : null } };
}
