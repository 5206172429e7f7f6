// Retrospectives from the numbers (spec 000): when a play's evaluation window ends, Baton measures
// its outcomes against its success_criteria and writes a draft; RevOps confirms or amends it. Every
// decision is kept as a revision, and the confirmed outcomes become the play's
// retrospective_outcomes (the column AGT-901 reads in its next play-refresh batch).
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { RetrospectiveOutcomesDoc, SuccessCriteriaDoc } from "../plays/index.ts";
import { compareOutcomes, type MetricComparison, recordRetrospective } from "../plays/index.ts";
import { measurePlay, type PlayMeasurement } from "./measure-play.ts";

/** spec 000 gives no default; 90 days is a quarter, the spec's retrospective rhythm. */
export const DEFAULT_EVALUATION_WINDOW_DAYS = 90;

export interface RetrospectiveView {
  retrospective_id: string;
  play_id: string;
  play_name: string;
  writer_agent_id: string;
  window_start: string;
  window_end: string;
  status: "draft" | "confirmed" | "amended";
  measured: PlayMeasurement;
  outcomes: RetrospectiveOutcomesDoc;
  success_criteria: SuccessCriteriaDoc;
  comparison: MetricComparison[];
  met_all: boolean | null;
  draft_text: string;
  decided_by: string | null;
  decided_at: string | null;
  revisions: {
    action: string;
    outcomes: RetrospectiveOutcomesDoc;
    notes: string | null;
    actor: string | null;
    at: string;
  }[];
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "n/a" : `${(x * 100).toFixed(1)}%`;

export function metAll(comparison: MetricComparison[]): boolean | null {
  const measured = comparison.filter((c) => c.met !== null);
  return measured.length === 0 ? null : measured.every((c) => c.met);
}

/** The draft's words: what ran, what was measured, each target met or missed. */
export function retrospectiveText(
  name: string,
  m: PlayMeasurement,
  criteria: SuccessCriteriaDoc,
  outcomes: RetrospectiveOutcomesDoc,
  start: Date,
  end: Date,
): string {
  const comparison = compareOutcomes(criteria, outcomes);
  const lines = [
    `${name} ran from ${start.toISOString().slice(0, 10)} to ${end.toISOString().slice(0, 10)}: ${m.enrolled} contacts enrolled, ${m.touched} touched, ${m.replied} replied, ${m.meetings} meetings, ${m.opportunities} opportunities.`,
  ];
  for (const c of comparison) {
    const label =
      c.metric === "meeting_rate"
        ? "Meeting rate"
        : c.metric === "opp_create_rate"
          ? "Opportunity-create rate"
          : "ACV";
    const fmt =
      c.metric === "acv" ? (x: number | null) => (x === null ? "n/a" : `$${x.toLocaleString("en-US")}`) : pct;
    lines.push(
      `${label}: ${fmt(c.actual)} against a target of ${fmt(c.target)}: ${c.met === null ? "not measured" : c.met ? "met" : "missed"}.`,
    );
  }
  const verdict = metAll(comparison);
  lines.push(
    verdict === null
      ? "Verdict: nothing measurable yet."
      : verdict
        ? "Verdict: every measured target was met."
        : `Verdict: ${comparison.filter((c) => c.met === false).length} target(s) missed.`,
  );
  if (m.acv === null && criteria.target_acv !== undefined) lines.push(m.acv_note);
  return lines.join("\n");
}

/** Writes the draft for a play's window (nothing when it exists already). */
export async function draftRetrospective(
  db: Kysely<DB>,
  clientId: string,
  playId: string,
  windowStart: Date,
  windowEnd: Date,
): Promise<string | null> {
  const play = await db
    .selectFrom("plays")
    .select(["name", "success_criteria"])
    .where("client_id", "=", clientId)
    .where("play_id", "=", playId)
    .executeTakeFirst();
  if (!play) throw new BatonError("NOT_FOUND", { entity: "play", id: playId });
  const m = await measurePlay(db, clientId, playId, windowStart, windowEnd);
  const outcomes: RetrospectiveOutcomesDoc = {
    meeting_rate: m.meeting_rate ?? 0,
    opp_create_rate: m.opp_create_rate ?? 0,
    sample_size: m.enrolled,
    period: `${windowStart.toISOString().slice(0, 10)}..${windowEnd.toISOString().slice(0, 10)}`,
  };
  const criteria = play.success_criteria as SuccessCriteriaDoc;
  const text = retrospectiveText(play.name, m, criteria, outcomes, windowStart, windowEnd);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("learning_retrospectives")
      .values({
        client_id: clientId,
        play_id: playId,
        window_start: windowStart,
        window_end: windowEnd,
        measured: JSON.stringify(m),
        outcomes: JSON.stringify(outcomes),
        draft_text: text,
      })
      .onConflict((oc) => oc.columns(["client_id", "play_id", "window_end"]).doNothing())
      .returning("retrospective_id")
      .executeTakeFirst();
    if (!row) return null;
    await tx
      .insertInto("learning_retrospective_revisions")
      .values({
        client_id: clientId,
        retrospective_id: row.retrospective_id,
        action: "drafted",
        outcomes: JSON.stringify(outcomes),
        notes: null,
        actor_principal_id: null,
      })
      .execute();
    return row.retrospective_id;
  });
}

/** The job: a draft for every active or retired play whose evaluation window has ended. */
export async function draftDueRetrospectives(db: Kysely<DB>, now: Date): Promise<{ drafted: number }> {
  const due = await sql<{ client_id: string; play_id: string; start: Date; end: Date }>`
    select p.client_id, p.play_id, w.start, w.start + make_interval(days => w.days) as end
      from plays p
      cross join lateral (
        select coalesce(p.active_period_start::timestamptz, p.activated_at) as start,
               coalesce((p.success_criteria ->> 'evaluation_window_days')::int, ${DEFAULT_EVALUATION_WINDOW_DAYS}) as days
      ) w
     where p.state in ('active', 'retired') and p.activated_at is not null
       and w.start + make_interval(days => w.days) <= ${now}
       and not exists (select 1 from learning_retrospectives r
                        where r.client_id = p.client_id and r.play_id = p.play_id
                          and r.window_end = w.start + make_interval(days => w.days))
     limit 100`.execute(db);
  let drafted = 0;
  for (const d of due.rows) {
    if (await draftRetrospective(db, d.client_id, d.play_id, new Date(d.start), new Date(d.end))) drafted++;
  }
  return { drafted };
}

/** RevOps confirms the draft as it is, or amends its outcomes (kept as a revision either way). */
export async function decideRetrospective(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  input: { action: "confirm" | "amend"; outcomes?: RetrospectiveOutcomesDoc; notes?: string },
  now: Date,
): Promise<RetrospectiveView> {
  requireRole(p, "confirm or amend a retrospective", "revops");
  const r = await db
    .selectFrom("learning_retrospectives")
    .selectAll()
    .where("client_id", "=", p.clientId)
    .where("retrospective_id", "=", id)
    .executeTakeFirst();
  if (!r) throw new BatonError("RETROSPECTIVE_NOT_FOUND", { id });
  const outcomes =
    input.action === "amend" && input.outcomes
      ? { ...input.outcomes, ...(input.notes ? { notes: input.notes } : {}) }
      : { ...(r.outcomes as RetrospectiveOutcomesDoc), ...(input.notes ? { notes: input.notes } : {}) };
  // the spec's column first: it validates the document and the play's state
  await recordRetrospective(db, p, r.play_id, outcomes, now);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("learning_retrospectives")
      .set({
        status: input.action === "amend" ? "amended" : "confirmed",
        outcomes: JSON.stringify(outcomes),
        decided_by: p.principalId,
        decided_at: now,
      })
      .where("client_id", "=", p.clientId)
      .where("retrospective_id", "=", id)
      .execute();
    await tx
      .insertInto("learning_retrospective_revisions")
      .values({
        client_id: p.clientId,
        retrospective_id: id,
        action: input.action === "amend" ? "amended" : "confirmed",
        outcomes: JSON.stringify(outcomes),
        notes: input.notes ?? null,
        actor_principal_id: p.principalId,
      })
      .execute();
  });
  return (await listRetrospectives(db, p.clientId, { retrospectiveId: id }))[0];
}

export async function listRetrospectives(
  db: Kysely<DB>,
  clientId: string,
  by: { playId?: string; retrospectiveId?: string; retrospectiveIds?: string[] },
): Promise<RetrospectiveView[]> {
  if (by.retrospectiveIds?.length === 0) return [];
  let q = db
    .selectFrom("learning_retrospectives as r")
    .innerJoin("plays as p", (j) =>
      j.onRef("p.client_id", "=", "r.client_id").onRef("p.play_id", "=", "r.play_id"),
    )
    .select([
      "r.retrospective_id",
      "r.play_id",
      "p.name",
      "p.writer_agent_id",
      "p.success_criteria",
      "r.window_start",
      "r.window_end",
      "r.status",
      "r.measured",
      "r.outcomes",
      "r.draft_text",
      "r.decided_by",
      "r.decided_at",
    ])
    .where("r.client_id", "=", clientId)
    .orderBy("r.window_end", "desc")
    .orderBy("r.retrospective_id", "desc");
  if (by.playId) q = q.where("r.play_id", "=", by.playId);
  if (by.retrospectiveIds) q = q.where("r.retrospective_id", "in", by.retrospectiveIds);
  if (by.retrospectiveId) q = q.where("r.retrospective_id", "=", by.retrospectiveId);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const revs = await db
    .selectFrom("learning_retrospective_revisions")
    .selectAll()
    .where("client_id", "=", clientId)
    .where(
      "retrospective_id",
      "in",
      rows.map((r) => r.retrospective_id),
    )
    .orderBy("revision_id")
    .execute();
  return rows.map((r) => {
    const criteria = r.success_criteria as SuccessCriteriaDoc;
    const outcomes = r.outcomes as RetrospectiveOutcomesDoc;
    const comparison = compareOutcomes(criteria, outcomes);
    return {
      retrospective_id: r.retrospective_id,
      play_id: r.play_id,
      play_name: r.name,
      writer_agent_id: r.writer_agent_id,
      window_start: new Date(r.window_start).toISOString(),
      window_end: new Date(r.window_end).toISOString(),
      status: r.status,
      measured: r.measured as unknown as PlayMeasurement,
      outcomes,
      success_criteria: criteria,
      comparison,
      met_all: metAll(comparison),
      draft_text: r.draft_text,
      decided_by: r.decided_by,
      decided_at: r.decided_at ? new Date(r.decided_at).toISOString() : null,
      revisions: revs
        .filter((v) => v.retrospective_id === r.retrospective_id)
        .map((v) => ({
          action: v.action,
          outcomes: v.outcomes as RetrospectiveOutcomesDoc,
          notes: v.notes,
          actor: v.actor_principal_id,
          at: new Date(v.created_at).toISOString(),
        })),
    };
  });
}
