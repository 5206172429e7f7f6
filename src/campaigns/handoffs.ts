// spec 002 pipeline, the human gate: "Justin reviews handoff, specifies campaign(s) → roles.sales
// enrolls contact in specified campaign(s), step 1". An on_exit target { "gate": "exec" } opens a
// hand-off; the exec routes it to one or more campaigns with notes (only then is the contact
// enrolled), or closes it with none ("dreamborn → meeting → Justin gates → no sales campaign yet").
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import { bookOf, contactRowInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { type EnrollResult, enrollWithin } from "./enroll-contact.ts";
import { type HandoffContext, handoffContexts } from "./handoff-context.ts";
import { type CampaignEvent, logCampaignEvent } from "./log-event.ts";
import { requireCampaign } from "./read-campaigns.ts";
import type { Goal } from "./validate-definition.ts";

export interface HandoffView {
  id: string;
  status: "open" | "routed" | "closed";
  gate_role: "exec";
  contact_id: string;
  contact_name: string;
  from_enrollment_id: string;
  from_campaign: string;
  exit_reason: string;
  created_at: string;
  decided_at: string | null;
  decided_by_principal_id: string | null;
  routed_campaign_ids: string[];
  routed_enrollment_ids: string[];
  goal: string | null;
  notes: string | null;
}

/** A hand-off with what the exec decides on (issue 37 item 1): its reply and suggested campaigns. */
export type HandoffWithContext = HandoffView & HandoffContext;

async function withContext(db: Kysely<DB>, clientId: string, views: HandoffView[]) {
  const ctx = await handoffContexts(db, clientId, views);
  return views.map((v) => ({ ...v, ...ctx.get(v.id)! }));
}

function baseQuery(db: Kysely<DB>, clientId: string) {
  return db
    .selectFrom("campaign_handoffs as h")
    .innerJoin("contacts as ct", (j) =>
      j.onRef("ct.client_id", "=", "h.client_id").onRef("ct.contact_id", "=", "h.contact_id"),
    )
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "h.client_id").onRef("c.id", "=", "h.from_campaign_id"),
    )
    .selectAll("h")
    .select(["ct.full_name as contact_name", "c.slug as from_campaign"])
    .where("h.client_id", "=", clientId);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

function view(r: Row): HandoffView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    status: r.status,
    gate_role: r.gate_role,
    contact_id: r.contact_id,
    contact_name: r.contact_name,
    from_enrollment_id: r.from_enrollment_id,
    from_campaign: r.from_campaign,
    exit_reason: r.exit_reason,
    created_at: iso(r.created_at)!,
    decided_at: iso(r.decided_at),
    decided_by_principal_id: r.decided_by_principal_id,
    routed_campaign_ids: r.routed_campaign_ids ?? [],
    routed_enrollment_ids: r.routed_enrollment_ids ?? [],
    goal: r.goal,
    notes: r.notes,
  };
}

/** The hand-offs the principal reads: those of prospects in its book (issue 61 item 2). */
async function readable(db: Kysely<DB>, p: Principal) {
  return baseQuery(db, p.clientId).where(contactRowInBook(await bookOf(db, p), p.clientId, "ct"));
}

/** Hand-offs newest first, a page at a time (keyset on created_at, id), of the principal's book. */
export async function listHandoffs(
  db: Kysely<DB>,
  p: Principal,
  filter: { status?: "open" | "routed" | "closed" } & PageArgs = {},
): Promise<Page<HandoffWithContext>> {
  const clientId = p.clientId;
  let q = await readable(db, p);
  if (filter.status) q = q.where("h.status", "=", filter.status);
  const key = byTimeAndId("h.created_at", "h.id");
  const page = await keysetPage(
    q,
    { list: "handoffs", tenant: clientId, key, direction: "desc" },
    filter,
    100,
  );
  return { items: await withContext(db, clientId, page.items.map(view)), next_cursor: page.next_cursor };
}

/** One hand-off; one of a prospect outside the principal's book is HANDOFF_NOT_FOUND. */
export async function getHandoff(
  db: Kysely<DB>,
  p: Principal,
  handoffId: string,
): Promise<HandoffWithContext> {
  const r = await (await readable(db, p)).where("h.id", "=", handoffId).executeTakeFirst();
  if (!r) throw new BatonError("HANDOFF_NOT_FOUND", { handoff_id: handoffId });
  return (await withContext(db, p.clientId, [view(r)]))[0];
}

/** The event of a decided hand-off: routed to the campaigns of `results`, or closed with none. */
export function handoffDecidedEvent(
  h: { id: string; client_id: string; contact_id: string },
  actor: Principal,
  status: "routed" | "closed",
  results: EnrollResult[],
  notes: string | null,
): CampaignEvent {
  return {
    type: status === "routed" ? "handoff_routed" : "handoff_closed",
    clientId: h.client_id,
    contactId: h.contact_id,
    actorPrincipalId: actor.principalId,
    resolution: status,
    details: {
      handoff_id: h.id,
      campaigns: results.map((r) => r.campaign),
      outcomes: results.map((r) => r.outcome),
      notes,
    },
  };
}

/** The views of the given hand-offs of a tenant (any order; unknown ids are left out). */
export async function handoffViews(db: Kysely<DB>, clientId: string, ids: string[]): Promise<HandoffView[]> {
  if (ids.length === 0) return [];
  return (await baseQuery(db, clientId).where("h.id", "in", ids).execute()).map(view);
}

export interface RouteHandoffInput {
  handoffId: string;
  /** Slugs or ids; empty = close the hand-off without a campaign. */
  campaigns: string[];
  goal?: Goal | null;
  notes?: string | null;
}

/** The exec decides. All enrollments are made in one transaction: one refusal changes nothing. */
export async function routeHandoff(
  db: Kysely<DB>,
  actor: Principal,
  input: RouteHandoffInput,
  now: Date,
): Promise<{ handoff: HandoffView; enrollments: EnrollResult[] }> {
  requireRole(actor, "route hand-offs", "exec");
  const clientId = actor.clientId;
  await getHandoff(db, actor, input.handoffId);
  const wanted = [...new Set(input.campaigns)];
  for (const c of wanted) {
    const campaign = await requireCampaign(db, clientId, c);
    if (campaign.status !== "active")
      throw new BatonError("CAMPAIGN_NOT_ACTIVE", { campaign: campaign.slug, status: campaign.status });
  }
  let enrollments: EnrollResult[] = [];
  try {
    enrollments = await db.transaction().execute(async (tx) => {
      const h = await tx
        .selectFrom("campaign_handoffs")
        .selectAll()
        .where("client_id", "=", clientId)
        .where("id", "=", input.handoffId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (h.status !== "open")
        throw new BatonError("HANDOFF_ALREADY_DECIDED", { handoff_id: h.id, status: h.status });
      const goal = input.goal ?? (h.goal as Goal | null);
      const out: EnrollResult[] = [];
      const campaignIds: string[] = [];
      for (const c of wanted) {
        const campaign = await requireCampaign(tx, clientId, c);
        campaignIds.push(campaign.id);
        out.push(
          await enrollWithin(
            tx,
            {
              clientId,
              campaign,
              contactId: h.contact_id,
              requestedBy: actor,
              goal,
              notes: input.notes ?? null,
            },
            now,
          ),
        );
      }
      const status = wanted.length > 0 ? "routed" : "closed";
      await tx
        .updateTable("campaign_handoffs")
        .set({
          status,
          decided_at: now,
          decided_by_principal_id: actor.principalId,
          routed_campaign_ids: JSON.stringify(campaignIds),
          routed_enrollment_ids: JSON.stringify(out.map((r) => r.enrollment_id).filter(Boolean)),
          goal,
          notes: input.notes ?? null,
        })
        .where("client_id", "=", actor.clientId)
        .where("id", "=", h.id)
        .execute();
      await logCampaignEvent(tx, handoffDecidedEvent(h, actor, status, out, input.notes ?? null), now);
      return out;
    });
  } catch (e) {
    rethrowDb(e);
  }
  return { handoff: await getHandoff(db, actor, input.handoffId), enrollments };
}
