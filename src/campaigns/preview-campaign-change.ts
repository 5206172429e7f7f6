// Issue 37 item 3: a proposed change to a campaign, checked and described before it is saved.
// Read only: the same problems updateCampaign would refuse (each with its path), and what the
// change does to the live enrollments (describe-change-impact.ts). Nothing is written or locked.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { requireCampaignEditor } from "./campaign-access.ts";
import {
  type CampaignInput,
  type CampaignPatch,
  DEFINER_ROLES,
  loadOnExitGraph,
  patchProblems,
} from "./define-campaign.ts";
import { type DefinitionImpact, describeChangeImpact, type StepPosition } from "./describe-change-impact.ts";
import { LIVE_STATUSES, type OnExitMap } from "./exit-reasons.ts";
import { onExitGraphProblems } from "./on-exit-graph.ts";
import { findCampaign, getCampaign } from "./read-campaigns.ts";
import type { Problem } from "./validate-definition.ts";

export interface ChangePreview extends DefinitionImpact {
  campaign: string;
  /** every problem that would refuse the change; [] when it can be saved */
  problems: { code: string; path: string; message: string }[];
}

/**
 * Live enrollments by the step each takes next: current_step, or the one after it once the
 * current step's touch exists (the engine keeps current_step on the final step it ran).
 */
async function stepPositions(db: Kysely<DB>, clientId: string, campaignId: string): Promise<StepPosition[]> {
  const r = await sql<{ next_step: number; count: string }>`
    select e.current_step + (case when exists (select 1 from sales_send_queue q
                                                 where q.client_id = e.client_id and q.enrollment_id = e.id
                                                   and q.step_number = e.current_step) then 1 else 0 end) as next_step,
           count(*) as count
      from campaign_contacts e
     where e.client_id = ${clientId} and e.campaign_id = ${campaignId}::uuid
       and e.status in (${sql.join(LIVE_STATUSES)})
     group by 1`.execute(db);
  return r.rows.map((x) => ({ next_step: Number(x.next_step), count: Number(x.count) }));
}

export async function previewCampaignChange(
  db: Kysely<DB>,
  actor: Principal,
  slugOrId: string,
  patch: CampaignPatch,
): Promise<ChangePreview> {
  const clientId = actor.clientId;
  const current = await getCampaign(db, clientId, slugOrId);
  await requireCampaignEditor(db, actor, current);
  const problems: Problem[] = patchProblems(patch, {
    kind: current.kind as Parameters<typeof patchProblems>[1]["kind"],
    approval_policy: current.approval_policy,
  });
  const graph = await loadOnExitGraph(db, clientId);
  if (patch.on_exit && !problems.some((p) => p.path.startsWith("/on_exit")))
    problems.push(...onExitGraphProblems(graph, current.slug, patch.on_exit as OnExitMap));
  const routedFrom = [...graph]
    .filter(([slug, onExit]) => slug !== current.slug && Object.values(onExit).includes(current.slug))
    .map(([slug]) => slug)
    .sort();
  const impact = describeChangeImpact(
    current,
    patch,
    await stepPositions(db, clientId, current.id),
    routedFrom,
  );
  return { campaign: current.slug, problems, ...impact };
}

/**
 * A new campaign's definition checked as createCampaign would check it (slug, steps, on_exit
 * targets and loops), every problem at its path; [] when it can be created. Writes nothing.
 */
export async function checkNewCampaign(
  db: Kysely<DB>,
  actor: Principal,
  input: CampaignInput,
): Promise<{ problems: Problem[] }> {
  requireRole(actor, "define campaigns", ...DEFINER_ROLES);
  const problems = patchProblems(input, { kind: input.kind ?? "sales", approval_policy: "require_approval" });
  if (await findCampaign(db, actor.clientId, input.slug))
    problems.push({
      code: "CAMPAIGN_SLUG_TAKEN",
      path: "/slug",
      message: `a campaign with slug ${input.slug} already exists; choose another`,
    });
  if (input.on_exit && !problems.some((p) => p.path.startsWith("/on_exit"))) {
    const graph = await loadOnExitGraph(db, actor.clientId);
    problems.push(...onExitGraphProblems(graph, input.slug, input.on_exit as OnExitMap));
  }
  return { problems };
}
