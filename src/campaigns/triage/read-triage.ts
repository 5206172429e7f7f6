// The triage queue read (issue 56 item 2): the pending replies oldest first, filtered by campaign,
// owner role and contact, each principal seeing the replies of the campaigns its role owns
// (triage-roles.ts); one reply with its own text and the quoted part apart, the reading, the contact
// and the account, and what each choice would do (describe-choices.ts); the count for the navigation.
// Books (issue 61 item 2): within what its role sees, a principal sees the replies of its book's
// prospects only; another book's reply is not found (docs/books.md "Queues").
import { type Kysely, sql } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import { type Book, bookOf, contactIdInBook, contactRowInBook } from "../../books/index.ts";
import type { DB } from "../../db/database.ts";
import { isUuid } from "../../db/is-uuid.ts";
import { byTimeAndId, keysetPage } from "../../db/page-cursor.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { REPLY_READ_LIMIT, readingInWords } from "../../replies/index.ts";
import { suggestedChoice, triageChoices } from "./describe-choices.ts";
import { foldQuoted } from "./fold-quoted.ts";
import { requireTriager, visibleOwnerRoles } from "./triage-roles.ts";
import type {
  TriageChoice,
  TriageDecision,
  TriageElsewhere,
  TriageReading,
  TriageReply,
  TriageReplyDetail,
  TriageStatus,
} from "./triage-view.ts";

export type { TriageChoice, TriageDecision, TriageReading, TriageReply, TriageReplyDetail, TriageStatus };

export interface TriageFilter {
  status?: TriageStatus;
  /** campaign slug or id */
  campaign?: string;
  /** the campaign's owner_role (roles.bdr, roles.sales, …), or "me": the contacts this principal owns */
  owner?: string;
  contactId?: string;
  limit?: number;
  cursor?: string;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function baseQuery(db: Kysely<DB>, actor: Principal, book: Book) {
  let q = db
    .selectFrom("campaign_replies as r")
    .innerJoin("contacts as ct", (j) =>
      j.onRef("ct.client_id", "=", "r.client_id").onRef("ct.contact_id", "=", "r.contact_id"),
    )
    .leftJoin("accounts as a", (j) =>
      j.onRef("a.client_id", "=", "ct.client_id").onRef("a.account_id", "=", "ct.account_id"),
    )
    .leftJoin("campaign_contacts as e", (j) =>
      j.onRef("e.client_id", "=", "r.client_id").onRef("e.id", "=", "r.enrollment_id"),
    )
    .leftJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
    )
    .leftJoin("principals as p", (j) =>
      j.onRef("p.client_id", "=", "r.client_id").onRef("p.principal_id", "=", "r.decided_by_principal_id"),
    )
    .where("r.client_id", "=", actor.clientId)
    .where(contactRowInBook(book, actor.clientId, "ct"));
  const owners = visibleOwnerRoles(actor);
  if (owners !== null)
    q = owners.length ? q.where("c.owner_role", "in", owners) : q.where(sql<boolean>`false`);
  return q.select([
    "r.id",
    "r.triage",
    "r.received_at",
    "r.channel",
    "r.action",
    // a message is stored whole; the queue reads the first REPLY_READ_LIMIT characters of it and
    // its length (issue 73 item 4: a 1 MB message read within limits)
    sql<string>`left(r.body, ${REPLY_READ_LIMIT})`.as("body"),
    sql<number>`length(r.body)`.as("body_length"),
    "r.intent",
    "r.confidence",
    "r.classified_by",
    "r.return_date",
    "r.stop_signal",
    "r.referral",
    "r.language",
    "r.held",
    "r.policy_effects",
    "r.decision",
    "r.decided_intent",
    "r.decision_details",
    "r.decided_by_principal_id",
    "r.decided_at",
    "r.enrollment_id",
    "ct.contact_id",
    "ct.full_name",
    "ct.email",
    "ct.title",
    "a.account_id",
    "a.name as account_name",
    "e.status as enrollment_status",
    "e.hold_reason",
    "c.id as campaign_id",
    "c.slug as campaign_slug",
    "c.name as campaign_name",
    "c.owner_role",
    "p.display_name as decided_by_name",
    // the subject the inbox kept with the message (null: a reply submitted by API or an agent)
    sql<string | null>`(select m.outcome->>'subject' from inbox_messages m
                         where m.client_id = r.client_id and m.message_id = r.message_id
                         order by m.processed_at limit 1)`.as("subject"),
  ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

function view(r: Row): TriageReply {
  const v = viewOf(r);
  return { ...v, suggested: suggestedChoice(v) };
}

function viewOf(r: Row): TriageReply {
  const { own_text } = foldQuoted(r.body, Number(r.body_length));
  return {
    reply_id: r.id,
    status: r.triage,
    subject: r.subject ?? null,
    received_at: iso(r.received_at)!,
    channel: r.channel,
    action: r.action,
    contact: {
      contact_id: r.contact_id,
      full_name: r.full_name,
      email: r.email,
      title: r.title,
      account: r.account_id ? { account_id: r.account_id, name: r.account_name! } : null,
    },
    campaign: r.campaign_id
      ? { id: r.campaign_id, slug: r.campaign_slug!, name: r.campaign_name!, owner_role: r.owner_role! }
      : null,
    enrollment_id: r.enrollment_id,
    enrollment_status: r.enrollment_status ?? null,
    hold_reason: r.hold_reason ?? null,
    excerpt: own_text.slice(0, 240),
    reading: {
      intent: r.intent,
      confidence: r.confidence,
      by: r.classified_by,
      return_date: iso(r.return_date),
      stop_signal: r.stop_signal,
      referral: (r.referral as TriageReading["referral"]) ?? null,
      language: r.language,
      words: readingInWords({
        intent: r.intent,
        confidence: Number(r.confidence),
        by: r.classified_by,
        stop_signal: r.stop_signal,
        text: r.body,
      }),
    },
    held_enrollment_ids: ((r.held ?? []) as { enrollment_id: string }[]).map((h) => h.enrollment_id),
    policy_effects: (r.policy_effects ?? []) as unknown[],
    decision: r.decision
      ? {
          decision: r.decision,
          intent: r.decided_intent,
          details: (r.decision_details ?? {}) as Record<string, unknown>,
          decided_by: r.decided_by_principal_id
            ? { principal_id: r.decided_by_principal_id, name: r.decided_by_name ?? null }
            : null,
          decided_at: iso(r.decided_at)!,
        }
      : null,
    suggested: "continue",
  };
}

/** The queue: oldest first (decided ones: most recently decided first), a page at a time. */
export async function listTriage(
  db: Kysely<DB>,
  actor: Principal,
  filter: TriageFilter = {},
): Promise<{ items: TriageReply[]; next_cursor: string | null }> {
  requireTriager(actor, "read the reply triage queue");
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  const status = filter.status ?? "pending";
  let q = baseQuery(db, actor, await bookOf(db, actor)).where("r.triage", "=", status);
  if (filter.campaign) q = q.where(isUuid(filter.campaign) ? "c.id" : "c.slug", "=", filter.campaign);
  // "me": the replies of the contacts this principal owns (contacts.owner_principal_id)
  if (filter.owner === "me") q = q.where("ct.owner_principal_id", "=", actor.principalId);
  else if (filter.owner) q = q.where("c.owner_role", "=", filter.owner);
  if (filter.contactId) {
    if (!isUuid(filter.contactId)) return { items: [], next_cursor: null };
    q = q.where("r.contact_id", "=", filter.contactId);
  }
  // the shared keyset (db/page-cursor.ts), its cursors bound to the tenant and the status
  const key = byTimeAndId("r.received_at", "r.id");
  const spec = { list: `triage:${status}`, tenant: actor.clientId, key, direction: "asc" } as const;
  const page = await keysetPage(q, spec, { limit, cursor: filter.cursor });
  return { items: page.items.map(view), next_cursor: page.next_cursor };
}

/** How many replies wait for this principal, and since when (the navigation's badge). */
export async function countTriage(
  db: Kysely<DB>,
  actor: Principal,
): Promise<{ pending: number; oldest_received_at: string | null }> {
  requireTriager(actor, "read the reply triage queue");
  let q = db
    .selectFrom("campaign_replies as r")
    .leftJoin("campaign_contacts as e", (j) =>
      j.onRef("e.client_id", "=", "r.client_id").onRef("e.id", "=", "r.enrollment_id"),
    )
    .leftJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
    )
    .where("r.client_id", "=", actor.clientId)
    .where("r.triage", "=", "pending")
    // the list's book (baseQuery), so the badge counts what the list shows
    .where(contactIdInBook(await bookOf(db, actor), actor.clientId, "r.contact_id"));
  const owners = visibleOwnerRoles(actor);
  if (owners !== null)
    q = owners.length ? q.where("c.owner_role", "in", owners) : q.where(sql<boolean>`false`);
  const r = await q
    .select([sql<number>`count(*)::int`.as("n"), sql<Date | null>`min(r.received_at)`.as("oldest")])
    .executeTakeFirstOrThrow();
  return { pending: r.n, oldest_received_at: iso(r.oldest) };
}

/** One reply as the principal may see it (REPLY_NOT_FOUND otherwise), with its choices. */
export async function getTriageReply(
  db: Kysely<DB>,
  actor: Principal,
  replyId: string,
  /** the replier's other live enrollments (a decision's own snapshot does without) */
  withElsewhere = true,
): Promise<TriageReplyDetail> {
  const r = (await getTriageReplies(db, actor, [replyId], withElsewhere)).get(replyId);
  if (!r) throw new BatonError("REPLY_NOT_FOUND", { reply_id: replyId });
  return r;
}

/**
 * getTriageReply for many replies in two statements (a bulk decision's snapshots): each one the
 * principal may see, by id; the others are absent.
 */
export async function getTriageReplies(
  db: Kysely<DB>,
  actor: Principal,
  replyIds: readonly string[],
  withElsewhere = true,
): Promise<Map<string, TriageReplyDetail>> {
  requireTriager(actor, "read the reply triage queue");
  const ids = [...new Set(replyIds.filter(isUuid))];
  const rows = ids.length
    ? await baseQuery(db, actor, await bookOf(db, actor))
        .where("r.id", "in", ids)
        .execute()
    : [];
  const views = rows.map(view);
  const elsewhere = withElsewhere ? await elsewhereOf(db, actor.clientId, views) : null;
  const out = new Map<string, TriageReplyDetail>();
  rows.forEach((r, k) => {
    const v = views[k];
    const folded = foldQuoted(r.body, Number(r.body_length));
    const e = elsewhere?.get(v.reply_id) ?? [];
    out.set(v.reply_id, { ...v, ...folded, elsewhere: e, choices: triageChoices(actor, v, e) });
  });
  return out;
}

/**
 * Each reply's replier's other live enrollments (issue 72: Continue says what stays paused
 * elsewhere), by reply id, read for every replier at once.
 */
async function elsewhereOf(
  db: Kysely<DB>,
  clientId: string,
  vs: readonly TriageReply[],
): Promise<Map<string, TriageElsewhere[]>> {
  const out = new Map<string, TriageElsewhere[]>();
  if (vs.length === 0) return out;
  const rows = await db
    .selectFrom("campaign_contacts as e")
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
    )
    .select(["e.id", "e.contact_id", "c.name", "e.status", "e.paused_until", "e.hold_reason"])
    .where("e.client_id", "=", clientId)
    .where("e.contact_id", "in", [...new Set(vs.map((v) => v.contact.contact_id))])
    .where("e.status", "in", ["queued", "active", "paused"])
    .orderBy("c.name")
    .orderBy("e.id")
    .execute();
  for (const v of vs) {
    const held = new Set(v.held_enrollment_ids);
    out.set(
      v.reply_id,
      rows
        .filter((e) => e.contact_id === v.contact.contact_id && e.id !== v.enrollment_id)
        .map((e) => ({
          enrollment_id: e.id,
          campaign_name: e.name,
          status: e.status,
          paused_until: iso(e.paused_until as Date | null),
          hold_reason: e.hold_reason ?? null,
          held_by_this_reply: held.has(e.id),
        })),
    );
  }
  return out;
}
