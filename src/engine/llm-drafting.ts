// Campaigns set to the LLM drafter get a drafting task like agents do; the engine leases it as
// 'llm' and calls the model OUTSIDE any transaction (a slow model never holds a row lock), then
// submits under the lease like an agent would.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { type DraftingTask, leaseDraftingTask, submitDraft } from "./drafting-tasks.ts";
import type { EngineDeps } from "./engine-deps.ts";

export const LLM_AGENT_ID = "llm";

export async function availableLlmTasks(db: Kysely<DB>, now: Date, limit: number): Promise<DraftingTask[]> {
  const r = await sql<DraftingTask>`
    select t.* from engine_drafting_tasks t
      join sales_send_queue q on q.client_id = t.client_id and q.id = t.send_item_id
      join engine_campaign_drafters d on d.client_id = t.client_id and d.campaign_id = q.campaign_id
     where t.status = 'open' and d.drafter = 'llm'
       and (t.lease_expires_at is null or t.lease_expires_at <= ${now})
     order by t.created_at limit ${limit}`.execute(db);
  return r.rows;
}

export async function draftWithLlm(deps: EngineDeps, t: DraftingTask, now: Date): Promise<boolean> {
  const llm = deps.drafters.llm;
  if (!llm) return false;
  await leaseDraftingTask(deps.db, t.client_id, LLM_AGENT_ID, t.id, now, deps.draftingLeaseMs);
  const input = typeof t.input === "string" ? JSON.parse(t.input) : t.input;
  const out = await llm.draft(input);
  await submitDraft(
    deps.db,
    t.client_id,
    LLM_AGENT_ID,
    t.id,
    { subject: out.subject, body: out.body, draftedBy: out.draftedBy },
    now,
    deps.senderName,
  );
  return true;
}
