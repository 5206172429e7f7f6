// The demo's triage queue has work in it: the history's simulated team decides every reply that
// waits (simulate-triage.ts), and its last sends are days before its end, so a fresh demo showed
// "Nothing waits for you" on the Replies page. At the history's end, three of its contacts still
// in a sequence answer in words a person writes, read by the real classifier (the default: rules
// and model) on the real path, and each waits for a person: a price and references question (a
// question is not a yes), a colleague covering an inbox who declines, and a later with a request.
// Each carries a Message-ID of its own, so a build resumed after a restart adds none twice.
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { processReply, type ReplyResult } from "../campaigns/index.ts";
import type { DB } from "../db/database.ts";
import { DEMO_CLIENT } from "./demo-principals.ts";

export const DEMO_WAITING_REPLIES = [
  "Thanks for the note. Before we go further: what does membership cost for a team of our size, and could you share two members in eCommerce we could talk to?",
  "Hi, I'm covering this inbox while my colleague is on parental leave until January. I don't think this is a priority for us right now, but I will pass it on.",
  "Interesting timing. We are reviewing vendors next quarter. Can you send a one-page summary I can forward to our COO?",
];

/** Returns how each reply was handled: `pending` when it waits for a person (a repeat keeps its first). */
export async function seedWaitingReplies(
  db: Kysely<DB>,
  rep: Principal,
  at: Date,
): Promise<ReplyResult["triage"][]> {
  // the history's contacts (history.N@…) still in a sequence, the same ones on every build
  const live = await db
    .selectFrom("campaign_contacts as e")
    .innerJoin("contacts as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.contact_id", "=", "e.contact_id"),
    )
    .select(["e.id", "e.contact_id", "c.email"])
    .where("e.client_id", "=", DEMO_CLIENT)
    .where("e.status", "in", ["active", "queued"])
    .where("c.email", "like", "history.%")
    .orderBy("c.email")
    .orderBy("e.id")
    .execute();
  const seen = new Set<string>();
  const picked = live.filter((e) => !seen.has(e.contact_id) && seen.add(e.contact_id)).slice(0, 3);
  const out: ReplyResult["triage"][] = [];
  for (const [i, e] of picked.entries()) {
    const r = await processReply(
      db,
      rep,
      {
        contactId: e.contact_id,
        enrollmentId: e.id,
        text: DEMO_WAITING_REPLIES[i]!,
        receivedAt: at,
        messageId: `<demo-waiting-${i + 1}@demo.test>`,
      },
      at,
    );
    out.push(r.triage);
  }
  return out;
}
