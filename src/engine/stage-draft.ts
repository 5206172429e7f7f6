// Drafts land in staged_drafts in the spec's JSON format (spec 002 "staged_drafts Format"), and an
// approved item is routed: email → the send loop, LinkedIn → a rep task, close step → a task for
// the exec to send personally (requires_justin_send).
import type { Kysely, Selectable } from "kysely";
import type { SalesSendQueueTable, StagedDraftsTable } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import type { DraftInput, DraftOutput } from "../drafting/drafter.ts";

export type SendItem = Selectable<SalesSendQueueTable>;
export type StagedDraft = Selectable<StagedDraftsTable>;

/** spec 002: the close step is sent by the exec personally, never automatically. */
export function requiresPersonalSend(contentType: string): boolean {
  return contentType === "close";
}

/** spec 002: sales campaigns always need a person's approval of each touch. */
export function autoApproves(campaign: { kind: string; approval_policy: string }): boolean {
  return campaign.kind !== "sales" && campaign.approval_policy === "auto_send";
}

/** What a drafter needs, read for one send item (inside the caller's transaction). */
export async function loadDraftInput(
  tx: Kysely<DB>,
  item: { client_id: string; enrollment_id: string; step_number: number },
  senderName: string,
): Promise<DraftInput & { toId: string | null; campaignPolicy: { kind: string; approval_policy: string } }> {
  const row = await tx
    .selectFrom("campaign_contacts as e")
    .innerJoin("campaigns as c", "c.id", "e.campaign_id")
    .innerJoin("campaign_sequences as s", (j) =>
      j.onRef("s.campaign_id", "=", "e.campaign_id").on("s.step_number", "=", item.step_number),
    )
    .innerJoin("contacts as ct", "ct.contact_id", "e.contact_id")
    .leftJoin("accounts as a", "a.account_id", "ct.account_id")
    .select([
      "ct.contact_id",
      "ct.full_name",
      "ct.title",
      "ct.email",
      "ct.linkedin_url",
      "a.name as account_name",
      "a.vertical",
      "a.segment",
      "a.icp_tier",
      "c.slug",
      "c.name as campaign_name",
      "c.kind",
      "c.type",
      "c.approval_policy",
      "s.step_number",
      "s.delay_days",
      "s.channel",
      "s.content_type",
      "s.template_instructions",
      "e.goal",
      "e.notes",
    ])
    .where("e.id", "=", item.enrollment_id)
    .where("e.client_id", "=", item.client_id)
    .executeTakeFirstOrThrow();
  return {
    contact: {
      contact_id: row.contact_id,
      full_name: row.full_name,
      title: row.title,
      email: row.email,
      linkedin_url: row.linkedin_url,
    },
    account: row.account_name
      ? {
          name: row.account_name,
          vertical: row.vertical,
          segment: row.segment,
          icp_tier: row.icp_tier ?? "T3",
        }
      : null,
    campaign: { slug: row.slug, name: row.campaign_name, kind: row.kind, type: row.type },
    step: {
      step_number: row.step_number,
      delay_days: row.delay_days,
      channel: row.channel,
      content_type: row.content_type,
      template_instructions: row.template_instructions,
    },
    enrollment: { goal: row.goal, notes: row.notes },
    senderName,
    toId: row.channel === "email" ? row.email : row.linkedin_url,
    campaignPolicy: { kind: row.kind, approval_policy: row.approval_policy },
  };
}

/** The spec's staged_drafts JSON context, with requires_justin_send kept as the spec's alias. */
export function draftContext(input: DraftInput) {
  const personal = requiresPersonalSend(input.step.content_type);
  return {
    contact_id: input.contact.contact_id,
    contact_name: input.contact.full_name,
    company: input.account?.name ?? null,
    campaign_slug: input.campaign.slug,
    step_number: input.step.step_number,
    content_type: input.step.content_type,
    goal: input.enrollment.goal,
    requires_justin_send: personal,
    requires_personal_send: personal,
  };
}

/**
 * Writes the draft for a send item and moves the item to drafted; auto-send campaigns approve it
 * at once (never sales ones). Returns the draft.
 */
export async function stageDraft(
  tx: Kysely<DB>,
  item: SendItem,
  input: DraftInput,
  toId: string,
  output: DraftOutput,
  policy: { kind: string; approval_policy: string },
  now: Date,
): Promise<StagedDraft> {
  const personal = requiresPersonalSend(input.step.content_type);
  const auto = autoApproves(policy) && !personal;
  const draft = await tx
    .insertInto("staged_drafts")
    .values({
      client_id: item.client_id,
      send_item_id: item.id,
      channel: item.channel,
      to_id: toId,
      subject: output.subject,
      body: output.body,
      context: JSON.stringify(draftContext(input)),
      requires_personal_send: personal,
      status: auto ? "approved" : "pending",
      drafted_by: output.draftedBy,
      decided_at: auto ? now : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const updated = await tx
    .updateTable("sales_send_queue")
    .set({ staged_draft_id: draft.id, status: auto ? "approved" : "drafted", updated_at: now })
    .where("id", "=", item.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (auto) await routeApproved(tx, updated, draft);
  return draft;
}

/** After approval: LinkedIn → rep task; close step → the exec's personal-send task; email → send loop. */
export async function routeApproved(tx: Kysely<DB>, item: SendItem, draft: StagedDraft): Promise<void> {
  if (item.channel === "email" && !draft.requires_personal_send) return;
  const personal = draft.requires_personal_send;
  await tx
    .insertInto("engine_rep_tasks")
    .values({
      client_id: item.client_id,
      kind: personal ? "personal_send" : "linkedin_touch",
      assignee_role: personal ? "exec" : "rep",
      send_item_id: item.id,
      enrollment_id: item.enrollment_id,
      contact_id: item.contact_id,
      channel: item.channel,
      to_id: draft.to_id,
      subject: draft.subject,
      body: draft.body,
    })
    .onConflict((oc) => oc.column("send_item_id").doNothing())
    .execute();
}
