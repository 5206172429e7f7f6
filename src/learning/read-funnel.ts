// Step funnels per campaign and per play, read from the rollup (never by scanning the event log):
// one grouped read of at most steps × variants × weeks × metrics rows, plus the rows of the events
// the rollup's cursor has not reached yet (learning_funnel_live, migration 0310).
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { figuresOf, type MetricCount, type StepFigures } from "./funnel-figures.ts";

export interface FunnelStep extends StepFigures {
  step_number: number;
  channel: string | null;
  content_type: string | null;
  /** sent here / sent at the first step */
  reach: number | null;
  /** sent here / sent at the previous step */
  step_conversion: number | null;
  variants: (StepFigures & { key: string })[];
}

export interface Funnel {
  scope: { kind: "campaign" | "play"; id: string; name: string; campaign_ids: string[] };
  from: string | null;
  to: string | null;
  steps: FunnelStep[];
  /** activation decisions (step 0): held, queued or blocked before any step */
  activation: StepFigures;
  weeks: { week: string; steps: (StepFigures & { step_number: number })[]; totals: StepFigures }[];
  totals: StepFigures;
}

export interface FunnelQuery {
  /** ISO dates (the Monday of the first and last week); both optional */
  from?: string;
  to?: string;
}

type Row = { step_number: number; variant: string; week: string; metric: string; n: number };

export async function rollupRows(
  db: Kysely<DB>,
  clientId: string,
  campaignIds: string[],
  q: FunnelQuery,
): Promise<Row[]> {
  if (campaignIds.length === 0) return [];
  const r = await sql<Row>`
    select step_number, variant, to_char(week, 'YYYY-MM-DD') as week, metric, sum(n)::int as n
      from learning_funnel_live(${clientId})
     where campaign_id = any(${campaignIds}::uuid[])
       and (${q.from ?? null}::date is null or week >= date_trunc('week', ${q.from ?? null}::date)::date)
       and (${q.to ?? null}::date is null or week <= ${q.to ?? null}::date)
     group by step_number, variant, week, metric`.execute(db);
  return r.rows;
}

export async function campaignFunnel(
  db: Kysely<DB>,
  clientId: string,
  slugOrId: string,
  q: FunnelQuery = {},
): Promise<Funnel> {
  const isId = /^[0-9a-f-]{36}$/i.test(slugOrId);
  const c = await db
    .selectFrom("campaigns")
    .select(["id", "name"])
    .where("client_id", "=", clientId)
    .where(isId ? "id" : "slug", "=", slugOrId)
    .executeTakeFirst();
  if (!c) throw new BatonError("CAMPAIGN_NOT_FOUND", { campaign: slugOrId });
  return buildFunnel(db, clientId, { kind: "campaign", id: c.id, name: c.name, campaign_ids: [c.id] }, q);
}

export async function playFunnel(
  db: Kysely<DB>,
  clientId: string,
  playId: string,
  q: FunnelQuery = {},
): Promise<Funnel> {
  const play = await db
    .selectFrom("plays")
    .select(["play_id", "name"])
    .where("client_id", "=", clientId)
    .where("play_id", "=", playId)
    .executeTakeFirst();
  if (!play) throw new BatonError("NOT_FOUND", { entity: "play", id: playId });
  const campaigns = await db
    .selectFrom("campaigns")
    .select("id")
    .where("client_id", "=", clientId)
    .where("play_id", "=", playId)
    .execute();
  return buildFunnel(
    db,
    clientId,
    { kind: "play", id: play.play_id, name: play.name, campaign_ids: campaigns.map((x) => x.id) },
    q,
  );
}

async function buildFunnel(
  db: Kysely<DB>,
  clientId: string,
  scope: Funnel["scope"],
  q: FunnelQuery,
): Promise<Funnel> {
  const rows = await rollupRows(db, clientId, scope.campaign_ids, q);
  const defs = scope.campaign_ids.length
    ? await db
        .selectFrom("campaign_sequences")
        .select(["step_number", "channel", "content_type"])
        .where("client_id", "=", clientId)
        .where("campaign_id", "in", scope.campaign_ids)
        .orderBy("step_number")
        .execute()
    : [];
  return funnelFromRows(scope, rows, defs, q);
}

/** The funnel from rollup rows (pure; the hand-computed tests call it through the database). */
export function funnelFromRows(
  scope: Funnel["scope"],
  rows: Row[],
  defs: { step_number: number; channel: string; content_type: string }[],
  q: FunnelQuery = {},
): Funnel {
  const group = <K>(key: (r: Row) => K, filter: (r: Row) => boolean = () => true) => {
    const m = new Map<K, MetricCount[]>();
    for (const r of rows)
      if (filter(r)) {
        const k = key(r);
        if (!m.has(k)) m.set(k, []);
        m.get(k)!.push({ metric: r.metric, n: r.n });
      }
    return m;
  };
  const byStep = group((r) => r.step_number);
  const byStepVariant = group(
    (r) => `${r.step_number}|${r.variant}`,
    (r) => r.variant !== "",
  );
  const stepNumbers = [
    ...new Set([...defs.map((d) => d.step_number), ...[...byStep.keys()].filter((s) => s > 0)]),
  ].sort((a, b) => a - b);
  const defOf = new Map(defs.map((d) => [d.step_number, d]));
  const steps: FunnelStep[] = [];
  let first: number | null = null;
  let prev: number | null = null;
  for (const s of stepNumbers) {
    const f = figuresOf(byStep.get(s) ?? []);
    if (first === null) first = f.sent;
    const variants = [...byStepVariant.entries()]
      .filter(([k]) => k.startsWith(`${s}|`))
      .map(([k, list]) => ({ key: k.slice(k.indexOf("|") + 1), ...figuresOf(list) }))
      .sort((a, b) => a.key.localeCompare(b.key));
    steps.push({
      step_number: s,
      channel: defOf.get(s)?.channel ?? null,
      content_type: defOf.get(s)?.content_type ?? null,
      ...f,
      reach: first ? f.sent / first : null,
      step_conversion: prev ? f.sent / prev : null,
      variants,
    });
    prev = f.sent;
  }
  const weekGroups = group((r) => r.week);
  const weeks = [...weekGroups.keys()].sort().map((week) => {
    const inWeek = rows.filter((r) => r.week === week);
    const perStep = new Map<number, MetricCount[]>();
    for (const r of inWeek) {
      if (!perStep.has(r.step_number)) perStep.set(r.step_number, []);
      perStep.get(r.step_number)!.push(r);
    }
    return {
      week,
      steps: [...perStep.entries()]
        .sort(([a], [b]) => a - b)
        .map(([step_number, list]) => ({ step_number, ...figuresOf(list) })),
      totals: figuresOf(inWeek),
    };
  });
  return {
    scope,
    from: q.from ?? null,
    to: q.to ?? null,
    steps,
    activation: figuresOf(byStep.get(0) ?? []),
    weeks,
    totals: figuresOf(rows),
  };
}
