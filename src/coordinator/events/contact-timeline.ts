// A contact's timeline: every event in the order it happened, each with the gate's decision, the
// reason, the release time, and the play, proposal and campaign it came from, by id and name.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { decodeCursor, encodeCursor } from "./event-cursor.ts";
import { type EventView, toEventView } from "./event-view.ts";

export interface TimelineEntry extends EventView {
  decision: { action: string | null; gate: number | null; reason: string | null; release_at: string | null };
  play_name: string | null;
  campaign_name: string | null;
}

export interface Timeline {
  contact: { contact_id: string; full_name: string; account_id: string | null; opted_out: boolean };
  items: TimelineEntry[];
  next_cursor: string | null;
}

export async function contactTimeline(
  db: Kysely<DB>,
  actor: Principal,
  contactId: string,
  q: { limit?: number; cursor?: string },
): Promise<Timeline> {
  const contact = await db
    .selectFrom("contacts")
    .select(["contact_id", "full_name", "account_id", "unsubscribe_flag", "opt_out_flag"])
    .where("client_id", "=", actor.clientId)
    .where("contact_id", "=", contactId)
    .executeTakeFirst();
  if (!contact) throw new BatonError("NOT_FOUND", { entity: "contact", id: contactId });
  const limit = q.limit ?? 500;
  let query = db
    .selectFrom("cadence_event_log as e")
    .leftJoin("plays as p", (j) =>
      j.onRef("p.client_id", "=", "e.client_id").onRef("p.play_id", "=", "e.play_id"),
    )
    .leftJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
    )
    .selectAll("e")
    .select(["p.name as play_name", "c.name as campaign_name"])
    .where("e.client_id", "=", actor.clientId)
    .where("e.contact_id", "=", contactId)
    // events are appended in order; event_id breaks ties between equal occurred_at
    .orderBy(sql`e.event_id`, "asc")
    .limit(limit + 1);
  if (q.cursor !== undefined) query = query.where("e.event_id", ">", decodeCursor(q.cursor));
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    contact: {
      contact_id: contact.contact_id,
      full_name: contact.full_name,
      account_id: contact.account_id,
      opted_out: contact.unsubscribe_flag || contact.opt_out_flag,
    },
    items: page.map((r) => {
      const v = toEventView(r);
      return {
        ...v,
        decision: {
          action: v.coordinator_action,
          gate: v.gate,
          reason: v.suppressed_reason ?? v.resolution,
          release_at: v.release_at,
        },
        play_name: r.play_name,
        campaign_name: r.campaign_name,
      };
    }),
    next_cursor: rows.length > limit ? encodeCursor(Number(page[page.length - 1].event_id)) : null,
  };
}
