// spec 002's exec gate for a list of hand-offs (issue 14): the exec routes the evening's hand-offs in
// one transaction with a fixed number of statements, with the same checks in the same order, the
// same enrollments, rows and events as one routeHandoff per item. Each item's answer is its own: a
// refused item changes nothing and the others go on. Events: each item's in the same order as one
// at a time; across items, the enrollments' events come before the hand-offs' own.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import { isDatabaseError } from "../errors/map-db-error.ts";
import { type EnrollRequest, type EnrollResult, enrollAllWithin } from "./enroll-contact.ts";
import {
  type HandoffView,
  handoffDecidedEvent,
  handoffViews,
  type RouteHandoffInput,
  routeHandoff,
} from "./handoffs.ts";
import { logCampaignEvents } from "./log-event.ts";
import { requireCampaign } from "./read-campaigns.ts";
import type { Goal } from "./validate-definition.ts";

/** The batch cannot go as one: routeHandoffs routes its items one at a time instead. */
class BatchRefused extends Error {}

export type RouteHandoffAnswer = { handoff: HandoffView; enrollments: EnrollResult[] } | BatonError;

/**
 * Routes a list in order. A list that names a hand-off twice, routes one to two or more campaigns
 * (all or nothing across its enrollments) or gives an id that is not a uuid goes one routeHandoff at
 * a time, as does a batch the database refuses as a whole (a deadlock, say).
 */
export async function routeHandoffs(
  db: Kysely<DB>,
  actor: Principal,
  inputs: RouteHandoffInput[],
  now: Date,
): Promise<RouteHandoffAnswer[]> {
  requireRole(actor, "route hand-offs", "exec");
  const ids = inputs.map((x) => x.handoffId);
  const simple =
    new Set(ids).size === ids.length &&
    ids.every((id) => isUuid(id)) &&
    inputs.every((x) => new Set(x.campaigns).size <= 1);
  if (simple) {
    try {
      return await routeInOne(db, actor, inputs, now);
    } catch (e) {
      // the database refused the batch as a whole (a deadlock, a constraint), or a campaign went
      // between the check and the lock: one at a time below, each with its own answer. Anything
      // else is a fault of this code, and is thrown rather than hidden behind the slower path.
      if (!(e instanceof BatchRefused || isBatonError(e) || isDatabaseError(e))) throw e;
    }
  }
  const out: RouteHandoffAnswer[] = [];
  for (const input of inputs) out.push(await routeOne(db, actor, input, now));
  return out;
}

async function routeOne(
  db: Kysely<DB>,
  actor: Principal,
  input: RouteHandoffInput,
  now: Date,
): Promise<RouteHandoffAnswer> {
  try {
    return await routeHandoff(db, actor, input, now);
  } catch (e) {
    if (isBatonError(e)) return e;
    throw e;
  }
}

type Campaign = Awaited<ReturnType<typeof requireCampaign>>;

async function routeInOne(
  db: Kysely<DB>,
  actor: Principal,
  inputs: RouteHandoffInput[],
  now: Date,
): Promise<RouteHandoffAnswer[]> {
  const clientId = actor.clientId;
  const out: (BatonError | null)[] = inputs.map(() => null);
  const routed = new Map<number, EnrollResult[]>();
  // before the transaction, as routeHandoff: the hand-off exists, then its campaign is active
  const known = new Set(
    (
      await handoffViews(
        db,
        clientId,
        inputs.map((x) => x.handoffId),
      )
    ).map((h) => h.id),
  );
  const campaigns = new Map<string, Campaign | BatonError>();
  const campaignOf = async (q: Kysely<DB>, slug: string) => {
    if (!campaigns.has(slug)) {
      try {
        campaigns.set(slug, await requireCampaign(q, clientId, slug));
      } catch (e) {
        if (!isBatonError(e)) throw e;
        campaigns.set(slug, e);
      }
    }
    return campaigns.get(slug)!;
  };
  for (const [i, x] of inputs.entries()) {
    if (!known.has(x.handoffId)) {
      out[i] = new BatonError("HANDOFF_NOT_FOUND", { handoff_id: x.handoffId });
      continue;
    }
    const slug = x.campaigns[0];
    if (slug === undefined) continue;
    const c = await campaignOf(db, slug);
    if (c instanceof BatonError) out[i] = c;
    else if (c.status !== "active")
      out[i] = new BatonError("CAMPAIGN_NOT_ACTIVE", { campaign: c.slug, status: c.status });
  }
  const go = inputs.map((_, i) => i).filter((i) => out[i] === null);
  if (go.length > 0) {
    await db.transaction().execute(async (tx) => {
      const locked = new Map(
        (
          await tx
            .selectFrom("campaign_handoffs")
            .selectAll()
            .where("client_id", "=", clientId)
            .where(
              "id",
              "in",
              go.map((i) => inputs[i].handoffId),
            )
            .orderBy("id")
            .forUpdate()
            .execute()
        ).map((h) => [h.id, h]),
      );
      // routeHandoff reads the campaign again inside its transaction
      campaigns.clear();
      const plan: { i: number; goal: Goal | null; campaign: Campaign | null; request: number | null }[] = [];
      const requests: EnrollRequest[] = [];
      for (const i of go) {
        const x = inputs[i];
        const h = locked.get(x.handoffId)!;
        if (h.status !== "open") {
          out[i] = new BatonError("HANDOFF_ALREADY_DECIDED", { handoff_id: h.id, status: h.status });
          continue;
        }
        const goal = x.goal ?? (h.goal as Goal | null);
        const slug = x.campaigns[0];
        if (slug === undefined) {
          plan.push({ i, goal, campaign: null, request: null });
          continue;
        }
        const c = await campaignOf(tx, slug);
        if (c instanceof BatonError) throw new BatchRefused("a campaign went between the check and the lock");
        plan.push({ i, goal, campaign: c, request: requests.length });
        requests.push({ campaign: c, contactId: h.contact_id, goal, notes: x.notes ?? null });
      }
      const enrolled = await enrollAllWithin(tx, clientId, actor, requests, now);
      const decided: { i: number; goal: Goal | null; campaignIds: string[]; results: EnrollResult[] }[] = [];
      for (const p of plan) {
        const r = p.request === null ? null : enrolled[p.request];
        if (r instanceof BatonError) {
          out[p.i] = r;
          continue;
        }
        decided.push({
          i: p.i,
          goal: p.goal,
          campaignIds: p.campaign ? [p.campaign.id] : [],
          results: r ? [r] : [],
        });
      }
      if (decided.length === 0) return;
      const statusOf = (d: (typeof decided)[number]) => (d.campaignIds.length > 0 ? "routed" : "closed");
      await sql`
        update campaign_handoffs h
           set status = v.status, decided_at = ${now}, decided_by_principal_id = ${actor.principalId},
               routed_campaign_ids = v.cids::jsonb, routed_enrollment_ids = v.eids::jsonb,
               goal = v.goal, notes = v.notes
          from (select unnest(${decided.map((d) => inputs[d.i].handoffId)}::uuid[]) as id,
                       unnest(${decided.map(statusOf)}::text[]) as status,
                       unnest(${decided.map((d) => JSON.stringify(d.campaignIds))}::text[]) as cids,
                       unnest(${decided.map((d) => JSON.stringify(d.results.map((r) => r.enrollment_id).filter(Boolean)))}::text[]) as eids,
                       unnest(${decided.map((d) => d.goal)}::text[]) as goal,
                       unnest(${decided.map((d) => inputs[d.i].notes ?? null)}::text[]) as notes) v
         where h.client_id = ${clientId} and h.id = v.id`.execute(tx);
      const events = decided.map((d) =>
        handoffDecidedEvent(
          locked.get(inputs[d.i].handoffId)!,
          actor,
          statusOf(d),
          d.results,
          inputs[d.i].notes ?? null,
        ),
      );
      await logCampaignEvents(tx, events, now);
      for (const d of decided) routed.set(d.i, d.results);
    });
  }
  // the answers show each hand-off as it is now, as routeHandoff's do
  const views = new Map(
    (
      await handoffViews(
        db,
        clientId,
        inputs.filter((_, i) => out[i] === null).map((x) => x.handoffId),
      )
    ).map((h) => [h.id, h]),
  );
  return out.map((e, i) => e ?? { handoff: views.get(inputs[i].handoffId)!, enrollments: routed.get(i)! });
}
