// The variants panel: per step with variants, each variant's sends, reply and conversion rates,
// the comparison of the leader with the runner-up, and the promoted winner. RevOps promotes a
// winner: an event in the log, and from then on the engine assigns only the winner.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { StepVariant } from "../campaigns/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { appendEvents } from "../event-log/index.ts";
import { figuresOf, type MetricCount } from "./funnel-figures.ts";
import { rollupRows } from "./read-funnel.ts";
import { type Comparison, compareArms } from "./variant-stats.ts";

export interface VariantFigures {
  key: string;
  subject: string | null;
  instructions: string;
  weight: number;
  /** share of new enrollments it gets now (0 for the losers after a promotion) */
  share: number;
  sent: number;
  replied: number;
  converted: number;
  reply_rate: number | null;
  conversion_rate: number | null;
}

export interface StepVariantsReport {
  step_number: number;
  content_type: string;
  winner: { variant: string; promoted_at: string; promoted_by: string | null } | null;
  variants: VariantFigures[];
  /** on the reply rate */
  replies: Comparison | null;
  /** on the conversion rate */
  conversions: Comparison | null;
}

async function findCampaign(db: Kysely<DB>, clientId: string, slugOrId: string) {
  const isId = /^[0-9a-f-]{36}$/i.test(slugOrId);
  const c = await db
    .selectFrom("campaigns")
    .select(["id", "slug", "name"])
    .where("client_id", "=", clientId)
    .where(isId ? "id" : "slug", "=", slugOrId)
    .executeTakeFirst();
  if (!c) throw new BatonError("CAMPAIGN_NOT_FOUND", { campaign: slugOrId });
  return c;
}

export async function campaignVariants(
  db: Kysely<DB>,
  clientId: string,
  slugOrId: string,
): Promise<{ campaign: { id: string; slug: string; name: string }; steps: StepVariantsReport[] }> {
  const c = await findCampaign(db, clientId, slugOrId);
  const steps = await db
    .selectFrom("campaign_sequences as s")
    .leftJoin("learning_variant_winners as w", (j) =>
      j
        .onRef("w.client_id", "=", "s.client_id")
        .onRef("w.campaign_id", "=", "s.campaign_id")
        .onRef("w.step_number", "=", "s.step_number"),
    )
    .select([
      "s.step_number",
      "s.content_type",
      "s.variants",
      "w.variant as winner",
      "w.promoted_at",
      "w.promoted_by",
    ])
    .where("s.client_id", "=", clientId)
    .where("s.campaign_id", "=", c.id)
    .where("s.variants", "is not", null)
    .orderBy("s.step_number")
    .execute();
  const rows = await rollupRows(db, clientId, [c.id], {});
  const out: StepVariantsReport[] = [];
  for (const s of steps) {
    const defs = (s.variants as StepVariant[] | null) ?? [];
    const winner = s.winner && defs.some((d) => d.key === s.winner) ? s.winner : null;
    const total = defs.reduce((a, d) => a + d.weight, 0);
    const variants = defs.map((d) => {
      const list: MetricCount[] = rows.filter((r) => r.step_number === s.step_number && r.variant === d.key);
      const f = figuresOf(list);
      return {
        key: d.key,
        subject: d.subject ?? null,
        instructions: d.instructions,
        weight: d.weight,
        share: winner ? (d.key === winner ? 1 : 0) : d.weight / total,
        sent: f.sent,
        replied: f.replied,
        converted: f.converted,
        reply_rate: f.reply_rate,
        conversion_rate: f.conversion_rate,
      };
    });
    out.push({
      step_number: s.step_number,
      content_type: s.content_type,
      winner: winner
        ? {
            variant: winner,
            promoted_at: new Date(s.promoted_at as Date).toISOString(),
            promoted_by: s.promoted_by ?? null,
          }
        : null,
      variants,
      replies: compareArms(variants.map((v) => ({ key: v.key, sent: v.sent, hits: v.replied }))),
      conversions: compareArms(variants.map((v) => ({ key: v.key, sent: v.sent, hits: v.converted }))),
    });
  }
  return { campaign: c, steps: out };
}

/** RevOps promotes a step's winner: recorded, logged, and the losers stop being assigned. */
export async function promoteVariant(
  db: Kysely<DB>,
  p: Principal,
  input: { campaign: string; step: number; variant: string },
  now: Date,
): Promise<StepVariantsReport> {
  requireRole(p, "promote a winning variant", "revops", "admin");
  const c = await findCampaign(db, p.clientId, input.campaign);
  await db.transaction().execute(async (tx) => {
    const step = await tx
      .selectFrom("campaign_sequences")
      .select(["variants"])
      .where("client_id", "=", p.clientId)
      .where("campaign_id", "=", c.id)
      .where("step_number", "=", input.step)
      .executeTakeFirst();
    const keys = ((step?.variants as StepVariant[] | null) ?? []).map((v) => v.key);
    if (!keys.includes(input.variant)) {
      throw new BatonError("VARIANT_NOT_FOUND", {
        campaign: c.slug,
        step: input.step,
        variant: input.variant,
        known: keys,
      });
    }
    const before = await tx
      .selectFrom("learning_variant_winners")
      .select("variant")
      .where("client_id", "=", p.clientId)
      .where("campaign_id", "=", c.id)
      .where("step_number", "=", input.step)
      .executeTakeFirst();
    await tx
      .insertInto("learning_variant_winners")
      .values({
        client_id: p.clientId,
        campaign_id: c.id,
        step_number: input.step,
        variant: input.variant,
        promoted_by: p.principalId,
        promoted_at: now,
      })
      .onConflict((oc) =>
        oc.columns(["client_id", "campaign_id", "step_number"]).doUpdateSet({
          variant: input.variant,
          promoted_by: p.principalId,
          promoted_at: now,
        }),
      )
      .execute();
    // lineage: the campaign's play, read by appendEvents
    await appendEvents(tx, [
      {
        client_id: p.clientId,
        occurred_at: now,
        campaign_id: c.id,
        step_number: input.step,
        event_type: "variant_promoted",
        resolution: input.variant,
        actor_principal_id: p.principalId,
        details: {
          kind: "variant_promoted",
          campaign: c.slug,
          step: input.step,
          variant: input.variant,
          previous_winner: before?.variant ?? null,
          losers: keys.filter((k) => k !== input.variant),
        },
      },
    ]);
  });
  const report = await campaignVariants(db, p.clientId, c.id);
  return report.steps.find((s) => s.step_number === input.step)!;
}
