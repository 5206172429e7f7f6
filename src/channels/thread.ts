// Follow-ups in the first email's thread (issue 12): a step marked thread 'follow_up' is sent with
// In-Reply-To (the latest earlier message of the enrollment), References (all of them, oldest
// first), the subject "Re: <first subject>", and from the mailbox that sent the first email.
// The earlier messages are read from the ledger (channel_deliveries), which has every sent
// message's Message-ID: 'sending' is how a delivered message stays (issue 39 item 2: the touch is
// its success), 'sent' how one delivered before that protocol was recorded.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import type { OutboundEmail } from "./channel.ts";

export interface EmailThread {
  /** the first email's mailbox: the follow-up goes from it (the same sender in the same thread) */
  mailbox: string;
  firstSubject: string;
  /** Message-IDs of the earlier messages, oldest first */
  messageIds: string[];
}

/**
 * The threads of follow-ups: for each (key of the follow-up → keys of the earlier steps, in step
 * order), the earlier messages that were sent. No entry: nothing was sent before (the follow-up
 * then starts its own thread).
 */
export async function loadThreads(
  db: Kysely<DB>,
  clientId: string,
  earlierKeys: Map<string, string[]>,
): Promise<Map<string, EmailThread>> {
  const out = new Map<string, EmailThread>();
  const all = [...new Set([...earlierKeys.values()].flat())];
  if (all.length === 0) return out;
  const rows = await db
    .selectFrom("channel_deliveries")
    .select(["idempotency_key", "mailbox", "subject", "message_id"])
    .where("client_id", "=", clientId)
    .where("idempotency_key", "in", all)
    .where("status", "in", ["sending", "sent"])
    .where("message_id", "is not", null)
    .execute();
  const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  for (const [key, earlier] of earlierKeys) {
    const sent = earlier.map((k) => byKey.get(k)).filter((r) => r !== undefined);
    if (sent.length === 0) continue;
    out.set(key, {
      mailbox: sent[0].mailbox,
      firstSubject: sent[0].subject,
      messageIds: sent.map((r) => r.message_id as string),
    });
  }
  return out;
}

/** "Re: <subject>", once ("Re: Re:" is not how people write). */
export function replySubject(subject: string): string {
  const s = subject.trim();
  return /^re:/i.test(s) ? s : `Re: ${s}`;
}

/** The message as a follow-up in the thread: headers, subject and the first email's mailbox. */
export function inThread(m: OutboundEmail, t: EmailThread): OutboundEmail {
  return {
    ...m,
    subject: replySubject(t.firstSubject),
    inReplyTo: t.messageIds[t.messageIds.length - 1],
    references: t.messageIds,
    // the same sender: a pool of one, so the mailbox's limit applies (full → the send waits)
    mailbox: undefined,
    mailboxPool: [t.mailbox],
  };
}
