// Bulk triage (issue 56 item 2: "bulk actions"): one decision for many replies, each decided as
// decideReply decides it alone, in order, each in its own transaction; each gets its own result
// (a refusal of one changes none of the others).
import type { Kysely } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { BatonError, isBatonError } from "../../errors/baton-error.ts";
import { type DecideResult, decideReply } from "./decide-reply.ts";
import type { DecideInput } from "./triage-decisions.ts";
import { requireTriager } from "./triage-roles.ts";

export const MAX_BULK_DECISIONS = 200;

export async function decideReplies(
  db: Kysely<DB>,
  actor: Principal,
  replyIds: readonly string[],
  decision: Omit<DecideInput, "replyId">,
  now: Date,
): Promise<(DecideResult | BatonError)[]> {
  requireTriager(actor, "decide replies in triage");
  if (replyIds.length > MAX_BULK_DECISIONS)
    throw new BatonError("REPLY_DECISION_INVALID", {
      problems: [{ path: "/reply_ids", message: `at most ${MAX_BULK_DECISIONS} a call` }],
    });
  const out: (DecideResult | BatonError)[] = [];
  for (const replyId of replyIds) {
    try {
      out.push(await decideReply(db, actor, { ...decision, replyId }, now));
    } catch (e) {
      if (!isBatonError(e)) throw e;
      out.push(e);
    }
  }
  return out;
}
