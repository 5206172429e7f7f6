// What a drafter reads for a send item or an enrollment's current step (spec 002 drafting inputs:
// the contact, the account, the campaign, the step, the sender), read in the caller's transaction.

import { type Kysely, sql } from "kysely";
import { channelOf } from "../channels/index.ts";
import type { DB } from "../db/database.ts";
import type { DraftInput } from "../drafting/index.ts";
import { senderBookingLink } from "../meetings/index.ts";
import { autoApproves, requiresPersonalSend } from "./stage-draft.ts";

export type LoadedDraftInput = DraftInput & {
  toId: string | null;
  campaignPolicy: { kind: string; approval_policy: string };
};

/**
 * These enrollments joined with what a drafter reads; callers pick the step (one item's, or the
 * current one). The enrollments are read first, once, by their key (a materialized CTE): joined
 * directly, a tenant's few campaigns (too few rows changed for ANALYZE to have run on them, so
 * estimated at one row) drove the plan, which read every enrollment of each campaign and dropped
 * those not asked for: 3.7-5.2 ms for a batch of 175, 800-900 rows read and dropped a campaign
 * (auto_explain, the simulator's 10,000 contacts); a subquery kept apart by `offset 0` was scanned
 * once per campaign instead. The ids go as one array: one text for every batch size (named).
 */
function draftInputRows(tx: Kysely<DB>, clientId: string, enrollmentIds: readonly string[]) {
  return (
    tx
      .with(
        (cte) => cte("picked").materialized(),
        (db) =>
          db
            .selectFrom("campaign_contacts")
            .selectAll()
            .where("client_id", "=", clientId)
            .where(sql<boolean>`id = any(${enrollmentIds}::uuid[])`),
      )
      .selectFrom("picked as e")
      // every join names the tenant: on Citus a join between tenant tables without client_id is not
      // a co-located join and is refused
      .innerJoin("campaigns as c", (j) =>
        j.onRef("c.id", "=", "e.campaign_id").onRef("c.client_id", "=", "e.client_id"),
      )
      .innerJoin("campaign_sequences as s", (j) =>
        j.onRef("s.campaign_id", "=", "e.campaign_id").onRef("s.client_id", "=", "e.client_id"),
      )
      .innerJoin("contacts as ct", (j) =>
        j.onRef("ct.contact_id", "=", "e.contact_id").onRef("ct.client_id", "=", "e.client_id"),
      )
      .leftJoin("accounts as a", (j) =>
        j.onRef("a.account_id", "=", "ct.account_id").onRef("a.client_id", "=", "ct.client_id"),
      )
      // the contact's owner, a person, is the sender a template names ({{sender.first_name}})
      .leftJoin("principals as o", (j) =>
        j
          .onRef("o.principal_id", "=", "ct.owner_principal_id")
          .onRef("o.client_id", "=", "ct.client_id")
          .on("o.kind", "=", "person"),
      )
      .select([
        "e.id as enrollment_id",
        "e.client_id",
        "ct.contact_id",
        "ct.full_name",
        "ct.title",
        "ct.email",
        "ct.linkedin_url",
        // the phone channel's address, none once a wrong or bad number was reported (0381)
        sql<string | null>`case when ct.phone_suppressed_at is null then ct.phone end`.as("phone"),
        "a.name as account_name",
        "a.domain as account_domain",
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
        "s.variants",
        "s.subject_template",
        "s.body_template",
        "o.display_name as sender_name",
        "o.email as sender_email",
        "o.booking_url as sender_booking_url",
        "e.goal",
        "e.notes",
      ])
      .where("e.client_id", "=", clientId)
  );
}

type DraftInputRow = Awaited<ReturnType<ReturnType<typeof draftInputRows>["executeTakeFirstOrThrow"]>>;

/** bookingSecret: BATON_SECRET, which signs `{{sender.booking_link}}`'s token (absent: no link). */
function toDraftInput(row: DraftInputRow, senderName: string, bookingSecret?: string): LoadedDraftInput {
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
          domain: row.account_domain,
        }
      : null,
    campaign: { slug: row.slug, name: row.campaign_name, kind: row.kind, type: row.type },
    step: {
      step_number: row.step_number,
      delay_days: row.delay_days,
      channel: row.channel,
      content_type: row.content_type,
      template_instructions: row.template_instructions,
      subject_template: row.subject_template,
      body_template: row.body_template,
    },
    enrollment: { goal: row.goal, notes: row.notes },
    senderName,
    sender: row.sender_name
      ? {
          full_name: row.sender_name,
          email: row.sender_email,
          booking_link: senderBookingLink(
            row.sender_booking_url,
            bookingSecret,
            row.client_id,
            row.contact_id,
          ),
        }
      : null,
    sendsWithoutReview: autoApproves(row) && !requiresPersonalSend(row.content_type),
    toId: channelOf(row.channel).addressOf(row),
    campaignPolicy: { kind: row.kind, approval_policy: row.approval_policy },
  };
}

/** What a drafter needs, read for one send item (inside the caller's transaction). */
export async function loadDraftInput(
  tx: Kysely<DB>,
  item: { client_id: string; enrollment_id: string; step_number: number; variant?: string | null },
  senderName: string,
  bookingSecret?: string,
): Promise<LoadedDraftInput> {
  const row = await draftInputRows(tx, item.client_id, [item.enrollment_id])
    .where("s.step_number", "=", item.step_number)
    .executeTakeFirstOrThrow();
  const input = toDraftInput(row, senderName, bookingSecret);
  // the item's A/B variant (assigned when the item was made): its subject and instructions
  const v = item.variant
    ? ((row.variants as { key: string; subject?: string | null; instructions: string }[] | null) ?? []).find(
        (x) => x.key === item.variant,
      )
    : undefined;
  return v
    ? { ...input, variant: { key: v.key, subject: v.subject ?? null, instructions: v.instructions } }
    : input;
}

/** The same for a batch of enrollments at their current step, keyed by enrollment id. */
export async function loadCurrentDraftInputs(
  tx: Kysely<DB>,
  clientId: string,
  enrollmentIds: string[],
  senderName: string,
  bookingSecret?: string,
): Promise<Map<string, LoadedDraftInput>> {
  if (enrollmentIds.length === 0) return new Map();
  const rows = await draftInputRows(tx, clientId, enrollmentIds)
    .whereRef("s.step_number", "=", "e.current_step")
    .execute();
  return new Map(rows.map((r) => [r.enrollment_id, toDraftInput(r, senderName, bookingSecret)]));
}
