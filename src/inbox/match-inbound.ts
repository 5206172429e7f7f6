// Which of our touches an inbound message answers (issue 12 part 2), scoped to the tenant:
//   1. for a bounce or a complaint: the send its VERP return path names (verified by the caller,
//      verp-address.ts), then the original Message-ID inside its report; for a reply: its
//      In-Reply-To, then its References (newest first), a send to the sender's own address first;
//      all against channel_deliveries.message_id;
//   2. a reply that names none of our sends: the sender against the addresses we sent to in the
//      last RECENT_TOUCH_DAYS days ("sender"). That only says who it is about: it never makes mail
//      trusted (inbound-trust.ts), so it can only pause that person's sends and wait for review.
// No match: the caller counts the message as unmatched and leaves it where it is.
import { type Kysely, sql } from "kysely";
import { LIVE_STATUSES } from "../campaigns/index.ts";
import type { DB } from "../db/database.ts";
import type { MailClass } from "./classify-mail.ts";
import type { InboundMessage } from "./parse-inbound.ts";
import type { MatchedBy } from "./tables.ts";

export const RECENT_TOUCH_DAYS = 30;

export interface InboundMatch {
  by: MatchedBy;
  /** the Message-ID of our message that was answered or bounced */
  deliveryMessageId: string | null;
  /** the address we sent to */
  address: string;
  contactId: string | null;
  /** the enrollment of the matched send item, when it is still live */
  enrollmentId: string | null;
  /** the sending mailbox of the matched send (channel_deliveries.mailbox, as stored) */
  mailbox: string;
}

interface DeliveryRow {
  message_id: string | null;
  mailbox: string;
  to_address: string;
  contact_id: string | null;
  enrollment_id: string | null;
  enrollment_live: boolean | null;
}

const deliveryColumns = sql`d.message_id, d.mailbox, lower(d.to_address) as to_address,
  coalesce(q.contact_id, (select c.contact_id from contacts c
     where c.client_id = d.client_id and lower(c.email) = lower(d.to_address)
     order by c.created_at limit 1)) as contact_id,
  q.enrollment_id, e.status = any(${LIVE_STATUSES as unknown as string[]}::text[]) as enrollment_live`;

const deliveryJoins = sql`from channel_deliveries d
  left join sales_send_queue q on q.client_id = d.client_id and q.idempotency_key = d.idempotency_key
  left join campaign_contacts e on e.client_id = q.client_id and e.id = q.enrollment_id`;

function toMatch(by: MatchedBy, r: DeliveryRow): InboundMatch {
  return {
    by,
    deliveryMessageId: r.message_id,
    address: r.to_address,
    contactId: r.contact_id,
    enrollmentId: r.enrollment_live ? r.enrollment_id : null,
    mailbox: r.mailbox,
  };
}

/** A Message-ID without its angle brackets (transports store either form). */
const bare = (id: string) => id.replace(/^<|>$/g, "");

const isReport = (c: MailClass) => c.kind === "bounce" || c.kind === "complaint";

/** Candidate ids in the order they are trusted, each with how it would match. */
export function candidateIds(
  m: InboundMessage,
  c: MailClass,
  verpMessageId: string | null = null,
): { id: string; by: MatchedBy }[] {
  const out: { id: string; by: MatchedBy }[] = [];
  const seen = new Set<string>();
  const add = (id: string | null | undefined, by: MatchedBy) => {
    if (id && !seen.has(id)) {
      seen.add(id);
      out.push({ id, by });
    }
  };
  if (isReport(c)) {
    // a report proves a send only by what is inside it (or its return path), never by threading
    add(verpMessageId, "verp");
    add(c.originalMessageId, "original_message_id");
    return out;
  }
  add(m.inReplyTo, "in_reply_to");
  for (const id of [...m.references].reverse()) add(id, "references");
  return out;
}

export async function matchInbound(
  db: Kysely<DB>,
  clientId: string,
  m: InboundMessage,
  c: MailClass,
  now: Date,
  verpMessageId: string | null = null,
): Promise<InboundMatch | null> {
  const candidates = candidateIds(m, c, verpMessageId);
  if (candidates.length > 0) {
    const rows = await sql<DeliveryRow>`select ${deliveryColumns} ${deliveryJoins}
       where d.client_id = ${clientId}
         and d.message_id = any(${candidates.flatMap((x) => [x.id, bare(x.id)])}::text[])`.execute(db);
    const found = candidates.flatMap((cand) => {
      const r = rows.rows.find((x) => x.message_id && bare(x.message_id) === bare(cand.id));
      return r ? [toMatch(cand.by, r)] : [];
    });
    // a reply that quotes several of our sends answers the one sent to its sender, if any
    const own = isReport(c) ? undefined : found.find((x) => x.address === m.from);
    if (own ?? found[0]) return (own ?? found[0])!;
  }
  if (isReport(c)) return null;
  const address = m.from;
  if (!address) return null;
  const since = new Date(now.getTime() - RECENT_TOUCH_DAYS * 86_400_000);
  const r = await sql<DeliveryRow>`select ${deliveryColumns} ${deliveryJoins}
     where d.client_id = ${clientId} and lower(d.to_address) = ${address.toLowerCase()}
       and d.status in ('sent', 'sending', 'failed') and d.created_at >= ${since}
     order by d.created_at desc limit 1`.execute(db);
  return r.rows[0] ? toMatch("sender", r.rows[0]) : null;
}
