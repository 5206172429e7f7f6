// The simulated team clears the reply triage queue each morning, as people would (issue 56 item 4):
// a reply the scripted classifier reads as `other` (or `referral`) never acts alone, so it waits
// in the queue with its enrollment held; the next morning the rep (then the exec, for what only
// the exec sees) decides it: continue for other and referral, opt_out for anything that may ask to
// stop, later (its date, or two weeks) for a delay, exit for a reading that says no or yes (the
// scripted readings are right: the team agrees, and earns Baton's automation), not_a_reply for an
// away notice. The living
// history stays realistic: nobody's sequence stays held forever in the demo. Replies of campaigns
// neither sees (owner roles other than roles.bdr, roles.sales, roles.cs) stay for RevOps.
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DecideInput } from "../campaigns/index.ts";
import { decideReplies, listTriage, type TriageReply } from "../campaigns/index.ts";
import type { DB } from "../db/database.ts";

const DAY_MS = 86_400_000;

/** What the simulated person decides for a reply. */
export function simulatedDecision(r: TriageReply, now: Date): Omit<DecideInput, "replyId"> {
  if (r.reading.stop_signal || r.reading.intent === "unsubscribe") return { decision: "opt_out" };
  if (r.reading.intent === "not_interested") return { decision: "exit", exitReason: "rejected" };
  // a yes and an away notice read right: the person agrees with the reading, so the demo's team earns
  // its automation as a real team would (issue 72 item 1: a fresh tenant's classes are closed)
  if (r.reading.intent === "meeting") return { decision: "exit", exitReason: "meeting" };
  if (r.reading.intent === "interested") return { decision: "exit", exitReason: "converted" };
  if (r.reading.intent === "out_of_office") return { decision: "not_a_reply" };
  if (r.reading.intent === "later") {
    const date = r.reading.return_date ? new Date(r.reading.return_date) : null;
    return { decision: "later", until: date && date > now ? date : new Date(now.getTime() + 14 * DAY_MS) };
  }
  return { decision: "continue" };
}

/**
 * Decides every pending reply received before `now` that one of `people` sees (with `only`: of those
 * contacts, the simulation's own); returns how many.
 */
export async function clearTriageQueue(
  db: Kysely<DB>,
  people: readonly Principal[],
  now: Date,
  only?: ReadonlySet<string>,
): Promise<number> {
  let decided = 0;
  for (const who of people) {
    const pending: TriageReply[] = [];
    let cursor: string | undefined;
    do {
      const page = await listTriage(db, who, { status: "pending", limit: 200, cursor });
      pending.push(
        ...page.items.filter(
          (x) => new Date(x.received_at) < now && (!only || only.has(x.contact.contact_id)),
        ),
      );
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    // one call a decision (the same decision for many replies, as a person's bulk action)
    const groups = new Map<string, { d: Omit<DecideInput, "replyId">; ids: string[] }>();
    for (const r of pending) {
      const d = simulatedDecision(r, now);
      const key = JSON.stringify(d);
      const g = groups.get(key) ?? { d, ids: [] };
      g.ids.push(r.reply_id);
      groups.set(key, g);
    }
    for (const { d, ids } of groups.values())
      for (let i = 0; i < ids.length; i += 200) {
        const out = await decideReplies(db, who, ids.slice(i, i + 200), d, now);
        for (const x of out) {
          if (x instanceof Error) throw x;
          decided++;
        }
      }
  }
  return decided;
}
