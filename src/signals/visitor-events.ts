// Anonymous website visitors (issue 69 item 2; 0790; docs/signals.md "Anonymous visitors"). A
// signed page or track event that a rule types but that names nobody (Segment's anonymousId, no
// email, no company domain) is held, not dropped: a visitor reads /pricing twice, then fills a form,
// and those visits are what a rep wants to see. When the same source later sends that anonymousId
// beside an email (an `identify`, or any event that carries both), the held events are recorded as
// that person's signals, each under its own dedup key (source, messageId), through recordSignals
// like every signal: matched by address (or waiting for an import), proposals, last signals.
// Nothing held reaches a contact before that; what nobody identifies within VISITOR_HOLD_DAYS is
// deleted by the retention pass (src/prospects/purge-retention.ts).
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { MAX_BATCH, recordSignals } from "./record-signals.ts";
import type { RecordResult } from "./signal-batch-types.ts";

/** How long an anonymous visitor's events wait for the visitor to identify. */
export const VISITOR_HOLD_DAYS = 30;
const DAY = 86_400_000;

export interface VisitorEvent {
  source: string;
  anonymousId: string;
  type: string;
  occurredAt: Date;
  externalId: string;
  attributes: Record<string, string>;
  evidenceUrl?: string;
}

/** Holds one anonymous event; "duplicate" when the same event (source, messageId) is held already. */
export async function holdVisitorEvent(
  db: Kysely<DB>,
  clientId: string,
  e: VisitorEvent,
  now: Date,
): Promise<"held" | "duplicate"> {
  const r = await sql<{ event_id: string }>`
    insert into signal_visitor_events (client_id, source, anonymous_id, type, occurred_at, received_at,
                                       external_id, attributes, evidence_url)
    values (${clientId}, ${e.source}, ${e.anonymousId}, ${e.type}, ${e.occurredAt}, ${now},
            ${e.externalId}, ${JSON.stringify(e.attributes)}::jsonb, ${e.evidenceUrl ?? null})
    on conflict (client_id, source, external_id) do nothing
    returning event_id`.execute(db);
  return r.rows.length ? "held" : "duplicate";
}

/**
 * The visitor identified as `email`: their held events of this source (within the hold) are
 * recorded as their signals, then let go. Null when nothing was held. A crash between the two
 * leaves them held; the next identify records them again as duplicates (their dedup keys), so
 * nothing counts twice.
 */
export async function identifyVisitor(
  db: Kysely<DB>,
  secret: string,
  clientId: string,
  v: { source: string; anonymousId: string; email: string },
  now: Date,
): Promise<RecordResult | null> {
  const held = await sql<{
    event_id: string;
    type: string;
    occurred_at: Date;
    external_id: string;
    attributes: Record<string, unknown>;
    evidence_url: string | null;
  }>`
    select event_id, type, occurred_at, external_id, attributes, evidence_url from signal_visitor_events
     where client_id = ${clientId} and source = ${v.source} and anonymous_id = ${v.anonymousId}
       and received_at > ${new Date(now.getTime() - VISITOR_HOLD_DAYS * DAY)}
     order by occurred_at, event_id
     limit ${MAX_BATCH}`.execute(db);
  if (held.rows.length === 0) return null;
  const result = await recordSignals(
    db,
    { clientId, principalId: null },
    held.rows.map((h) => ({
      type: h.type,
      email: v.email,
      occurredAt: new Date(h.occurred_at),
      source: v.source,
      externalId: h.external_id,
      attributes: { ...h.attributes, identified_from: "anonymous visitor" },
      evidenceUrl: h.evidence_url ?? undefined,
    })),
    { secret },
    now,
  );
  await sql`delete from signal_visitor_events
             where client_id = ${clientId} and event_id = any(${held.rows.map((h) => h.event_id)}::uuid[])`.execute(
    db,
  );
  return result;
}
