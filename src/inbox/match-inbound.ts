// Which of our touches an inbound message answers (issue 12 part 2), scoped to the tenant:
//   1. its In-Reply-To, then its References (newest first), or for a DSN the original Message-ID
//      in its message/rfc822 or text/rfc822-headers part, against channel_deliveries.message_id;
//   2. failing that, the sender (for a DSN: Final-Recipient, else Original-Recipient) against the
//      addresses we sent to in the last RECENT_TOUCH_DAYS days.
// No match: the caller counts the message as unmatched and leaves it where it is.
import { type Kysely, sql } from "kysely";
import { LIVE_STATUSES } from "../campaigns/exit-reasons.ts";
import type { DB } from "../db/database.ts";
import type { InboundClass } from "./classify-inbound.ts";
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
}

interface DeliveryRow {
  message_id: string | null;
  to_address: string;
  contact_id: string | null;
  enrollment_id: string | null;
  enrollment_live: boolean | null;
}

const deliveryColumns = sql`d.message_id, lower(d.to_address) as to_address,
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
  };
}

/** A Message-ID without its angle brackets (transports store either form). */
const bare = (id: string) => id.replace(/^<|>$/g, "");

/** Candidate ids in the order they are trusted, each with how it would match. */
export function candidateIds(m: InboundMessage, c: InboundClass): { id: string; by: MatchedBy }[] {
  const out: { id: string; by: MatchedBy }[] = [];
  const seen = new Set<string>();
  const add = (id: string | null | undefined, by: MatchedBy) => {
    if (id && !seen.has(id)) {
      seen.add(id);
      out.push({ id, by });
    }
  };
  if (c.kind === "hard_bounce" || c.kind === "soft_bounce")
    add(m.dsn?.originalMessageId, "original_message_id");
  add(m.inReplyTo, "in_reply_to");
  for (const id of [...m.references].reverse()) add(id, "references");
  return out;
}

export async function matchInbound(
  db: Kysely<DB>,
  clientId: string,
  m: InboundMessage,
  c: InboundClass,
  now: Date,
): Promise<InboundMatch | null> {
  const candidates = candidateIds(m, c);
  if (candidates.length > 0) {
    const rows = await sql<DeliveryRow>`select ${deliveryColumns} ${deliveryJoins}
       where d.client_id = ${clientId}
         and d.message_id = any(${candidates.flatMap((x) => [x.id, bare(x.id)])}::text[])`.execute(db);
    for (const cand of candidates) {
      const r = rows.rows.find((x) => x.message_id && bare(x.message_id) === bare(cand.id));
      if (r) return toMatch(cand.by, r);
    }
  }
  const bounce = c.kind === "hard_bounce" || c.kind === "soft_bounce";
  const address = bounce ? (c.recipient.finalRecipient ?? c.recipient.originalRecipient) : m.from;
  if (!address) return null;
  const since = new Date(now.getTime() - RECENT_TOUCH_DAYS * 86_400_000);
  const r = await sql<DeliveryRow>`select ${deliveryColumns} ${deliveryJoins}
     where d.client_id = ${clientId} and lower(d.to_address) = ${address.toLowerCase()}
       and d.status in ('sent', 'sending', 'failed') and d.created_at >= ${since}
     order by d.created_at desc limit 1`.execute(db);
  return r.rows[0] ? toMatch(bounce ? "recipient" : "sender", r.rows[0]) : null;
}
