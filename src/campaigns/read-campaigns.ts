// Reading campaign definitions (spec 002 campaigns + campaign_sequences), scoped to the tenant.

import type { Kysely } from "kysely";
import type { ChannelName } from "../channels/contract.ts";
import type { PersonalSendMode } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { asSendWindow, type SendWindow } from "../scheduling/index.ts";
import type { OnExitMap } from "./exit-reasons.ts";
import { requiredLegalBasisOf } from "./required-legal-basis.ts";
import { type ReplyPolicy, replyPolicyOf } from "./triage/reply-policy.ts";

export interface StepView {
  step_number: number;
  delay_days: number;
  channel: ChannelName;
  content_type: string;
  template_instructions: string;
  /** issue 12: 'follow_up' = sent in the first email's thread */
  thread: "new" | "follow_up";
  /** issue 37: the subject and body a person wrote (Liquid, docs/campaigns.md "Templates"); null: none */
  subject_template: string | null;
  body_template: string | null;
  /** issue 13: A/B variants; null: none */
  variants: unknown | null;
}

export interface CampaignView {
  id: string;
  slug: string;
  name: string;
  type: string;
  owner_role: string;
  kind: string;
  status: "active" | "paused" | "archived";
  approval_policy: "require_approval" | "auto_send";
  on_exit: OnExitMap;
  play_id: string | null;
  created_at: string;
  updated_at: string;
  steps: StepView[];
  /** issue 12: days and hours in the contact's zone (docs/sending.md); null: any time */
  send_window: SendWindow | null;
  /** issue 59: touches of this campaign per contact in the rolling week (gate 3); null: no cap */
  weekly_touch_cap: number | null;
  /** issue 15: bases a contact needs to be enrolled; null: none required */
  required_legal_basis: string[] | null;
  /** issue 56: what a person's reply does to other campaigns and colleagues (the default when unset) */
  reply_policy: ReplyPolicy;
  /** issue 61: the team it belongs to (campaign-access.ts: who changes it, who enrolls); null: the workspace's */
  team_id: string | null;
  /** issue 67 item 5: the exec's close steps go out on his click, or at once from his mailbox (0620) */
  personal_send: PersonalSendMode;
  /** the exec who chose at once (his mailbox sends them); null with on_click */
  personal_send_by: string | null;
}

export type CampaignRow = Awaited<ReturnType<typeof findCampaign>> & {};

/** A campaign by slug or id in the tenant, or undefined. `forUpdate` locks the row. */
export async function findCampaign(db: Kysely<DB>, clientId: string, slugOrId: string, forUpdate = false) {
  let q = db
    .selectFrom("campaigns")
    .selectAll()
    .where("client_id", "=", clientId)
    .where(isUuid(slugOrId) ? "id" : "slug", "=", slugOrId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** As findCampaign, or CAMPAIGN_NOT_FOUND. */
export async function requireCampaign(db: Kysely<DB>, clientId: string, slugOrId: string, forUpdate = false) {
  const c = await findCampaign(db, clientId, slugOrId, forUpdate);
  if (!c) throw new BatonError("CAMPAIGN_NOT_FOUND", { campaign: slugOrId });
  return c;
}

/** The campaign_sequences columns a StepView shows. */
const STEP_COLUMNS = [
  "step_number",
  "delay_days",
  "channel",
  "content_type",
  "template_instructions",
  "thread",
  "variants",
  "subject_template",
  "body_template",
] as const;

export async function campaignSteps(
  db: Kysely<DB>,
  clientId: string,
  campaignId: string,
): Promise<StepView[]> {
  return db
    .selectFrom("campaign_sequences")
    .select(STEP_COLUMNS)
    .where("client_id", "=", clientId)
    .where("campaign_id", "=", campaignId)
    .orderBy("step_number")
    .execute();
}

function view(c: NonNullable<CampaignRow>, steps: StepView[]): CampaignView {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    type: c.type,
    owner_role: c.owner_role,
    kind: c.kind,
    status: c.status,
    approval_policy: c.approval_policy,
    on_exit: (c.on_exit ?? {}) as OnExitMap,
    play_id: c.play_id,
    created_at: new Date(c.created_at).toISOString(),
    updated_at: new Date(c.updated_at).toISOString(),
    steps,
    send_window: asSendWindow(c.send_window),
    weekly_touch_cap: c.weekly_touch_cap,
    required_legal_basis: requiredLegalBasisOf(c),
    reply_policy: replyPolicyOf(c.reply_policy),
    team_id: c.team_id,
    personal_send: c.personal_send,
    personal_send_by: c.personal_send_by,
  };
}

export async function getCampaign(db: Kysely<DB>, clientId: string, slugOrId: string): Promise<CampaignView> {
  const c = await requireCampaign(db, clientId, slugOrId);
  return view(c, await campaignSteps(db, clientId, c.id));
}

/** The tenant's campaigns by slug, a page at a time (keyset on the slug, unique per tenant). */
export async function listCampaigns(
  db: Kysely<DB>,
  clientId: string,
  filter: { status?: "active" | "paused" | "archived" } & PageArgs = {},
): Promise<Page<CampaignView>> {
  let q = db.selectFrom("campaigns").selectAll().where("client_id", "=", clientId);
  if (filter.status) q = q.where("status", "=", filter.status);
  const key = [{ column: "slug", kind: "text" }] as const;
  const page = await keysetPage(
    q,
    { list: "campaigns", tenant: clientId, key, direction: "asc" },
    filter,
    100,
  );
  return { items: await withSteps(db, clientId, page.items), next_cursor: page.next_cursor };
}

async function withSteps(
  db: Kysely<DB>,
  clientId: string,
  rows: NonNullable<CampaignRow>[],
): Promise<CampaignView[]> {
  if (rows.length === 0) return [];
  const steps = await db
    .selectFrom("campaign_sequences")
    .select(["campaign_id", ...STEP_COLUMNS])
    .where("client_id", "=", clientId)
    .where(
      "campaign_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("step_number")
    .execute();
  return rows.map((r) =>
    view(
      r,
      steps.filter((s) => s.campaign_id === r.id).map(({ campaign_id: _, ...s }) => s),
    ),
  );
}
