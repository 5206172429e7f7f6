// Enrollments (spec 002 campaign_contacts) of a campaign, by status; exited ones are history.
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { type Book, bookOf, contactRowInBook } from "../books/index.ts";
import type { EnrollmentStatus, HoldReason } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { requireCampaign } from "./read-campaigns.ts";

export interface EnrollmentView {
  id: string;
  campaign: string;
  /** the campaign's name, what a person reads (issue 60 item 5); campaign stays the slug */
  campaign_name: string;
  contact_id: string;
  contact_name: string;
  status: EnrollmentStatus;
  current_step: number;
  next_send_at: string | null;
  enrolled_at: string;
  exited_at: string | null;
  exit_reason: string | null;
  paused_until: string | null;
  /** why a reply holds it (issue 56, gate 5's reason); the prospect page shows it */
  hold_reason: HoldReason | null;
  goal: string | null;
  notes: string | null;
  sequence_type: string;
  originating_agent_id: string | null;
  play_id: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function query(db: Kysely<DB>, clientId: string) {
  return db
    .selectFrom("campaign_contacts as e")
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
    )
    .innerJoin("contacts as ct", (j) =>
      j.onRef("ct.client_id", "=", "e.client_id").onRef("ct.contact_id", "=", "e.contact_id"),
    )
    .selectAll("e")
    .select(["c.slug", "c.name as campaign_name", "ct.full_name"])
    .where("e.client_id", "=", clientId);
}

function view(r: Awaited<ReturnType<ReturnType<typeof query>["executeTakeFirstOrThrow"]>>): EnrollmentView {
  return {
    id: r.id,
    campaign: r.slug,
    campaign_name: r.campaign_name,
    contact_id: r.contact_id,
    contact_name: r.full_name,
    status: r.status,
    current_step: r.current_step,
    next_send_at: iso(r.next_send_at),
    enrolled_at: iso(r.enrolled_at)!,
    exited_at: iso(r.exited_at),
    exit_reason: r.exit_reason,
    paused_until: iso(r.paused_until),
    hold_reason: r.hold_reason,
    goal: r.goal,
    notes: r.notes,
    sequence_type: r.sequence_type,
    originating_agent_id: r.originating_agent_id,
    play_id: r.play_id,
  };
}

type EnrollmentFilter = { campaign?: string; contactId?: string; status?: EnrollmentStatus } & PageArgs;

/**
 * Enrollments newest first, a page at a time (keyset on enrolled_at, id), of the prospects of the
 * principal's book (issue 61 item 2): the API's, MCP's and the CLI's list.
 */
export async function listEnrollmentsInBook(
  db: Kysely<DB>,
  p: Principal,
  filter: EnrollmentFilter,
): Promise<Page<EnrollmentView>> {
  return enrollmentsPage(db, p.clientId, filter, await bookOf(db, p));
}

async function enrollmentsPage(
  db: Kysely<DB>,
  clientId: string,
  filter: EnrollmentFilter,
  book: Book,
): Promise<Page<EnrollmentView>> {
  let q = query(db, clientId).where(contactRowInBook(book, clientId, "ct"));
  if (filter.campaign) {
    const c = await requireCampaign(db, clientId, filter.campaign);
    q = q.where("e.campaign_id", "=", c.id);
  }
  if (filter.contactId) q = q.where("e.contact_id", "=", filter.contactId);
  if (filter.status) q = q.where("e.status", "=", filter.status);
  const key = byTimeAndId("e.enrolled_at", "e.id");
  const page = await keysetPage(
    q,
    { list: "enrollments", tenant: clientId, key, direction: "desc" },
    filter,
    100,
  );
  return { items: page.items.map(view), next_cursor: page.next_cursor };
}

/** One enrollment; one of a prospect outside the principal's book is not found (issue 61 item 2). */
export async function getEnrollment(
  db: Kysely<DB>,
  p: Principal,
  enrollmentId: string,
): Promise<EnrollmentView> {
  const r = await query(db, p.clientId)
    .where("e.id", "=", enrollmentId)
    .where(contactRowInBook(await bookOf(db, p), p.clientId, "ct"))
    .executeTakeFirst();
  if (!r) throw new BatonError("ENROLLMENT_NOT_FOUND", { enrollment_id: enrollmentId });
  return view(r);
}
