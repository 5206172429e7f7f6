// Drafts land in staged_drafts in the spec's JSON format (spec 002 "staged_drafts Format"), and an
// approved item is routed: email → the send loop, LinkedIn → a rep task, close step → a task for
// the exec to send personally (requires_justin_send).

import { type Insertable, type Kysely, type Selectable, sql } from "kysely";
import type { ChannelName } from "../channels/contract.ts";
import { isSendingChannel, taskKindOf } from "../channels/contract.ts";
import type { SalesSendQueueTable, StagedDraftsTable } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { insertJsonRows } from "../db/json-rows.ts";
import { ownWordsOf } from "../drafting/contract.ts";
import type { DraftInput, DraftOutput } from "../drafting/index.ts";
import { hasPlaceholder } from "../drafting/index.ts";
import { DRAFT_INSERT, DRAFT_INSERT_UNREAD, SEND_ITEM_INSERT_IDS, sendItemRow } from "./staged-rows.ts";

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

/** The spec's staged_drafts JSON context, with requires_justin_send kept as the spec's alias. */
export function draftContext(input: DraftInput) {
  const personal = requiresPersonalSend(input.step.content_type);
  return {
    contact_id: input.contact.contact_id,
    contact_name: input.contact.full_name,
    company: input.account?.name ?? null,
    vertical: input.account?.vertical ?? null,
    campaign_slug: input.campaign.slug,
    campaign_name: input.campaign.name,
    step_number: input.step.step_number,
    content_type: input.step.content_type,
    goal: input.enrollment.goal,
    requires_justin_send: personal,
    requires_personal_send: personal,
    ...(input.variant ? { variant: input.variant.key } : {}),
  };
}

export interface DraftToStage {
  item: SendItem;
  input: DraftInput;
  toId: string;
  output: DraftOutput;
  policy: { kind: string; approval_policy: string };
}

/** A worker's lease on the email items it approves while staging them (the engine sends them next). */
export interface StageClaim {
  workerId: string;
  until: Date;
}

/** An auto-approved item the send loop handles: a sending channel's (email), not a personal send. */
export function sendsItself(
  item: { channel: string },
  draft: { status: string; requires_personal_send: boolean },
) {
  return isSendingChannel(item.channel) && draft.status === "approved" && !draft.requires_personal_send;
}

/**
 * Whether a draft is approved as it is staged, and whether `claim` takes its item for the send loop.
 * A draft that still holds a [placeholder] (the template's marker, or a part a drafter left for a
 * person) is never approved here: it waits in the approval inbox, whatever the campaign's policy.
 */
function approvalOf(
  b: {
    item: { channel: string };
    input: DraftInput;
    output: DraftOutput;
    policy: DraftToStage["policy"];
  },
  claim?: StageClaim,
) {
  const policyAuto = autoApproves(b.policy) && !requiresPersonalSend(b.input.step.content_type);
  // a bracket of the contact's, the company's or the campaign's own is no placeholder (unfinished.ts);
  // their words are looked up only for a text that holds a bracket at all
  const toFill = (t: string | null) =>
    hasPlaceholder(t) && hasPlaceholder(t, ownWordsOf(draftContext(b.input)));
  const unfinished = toFill(b.output.body) || toFill(b.output.subject);
  const auto = policyAuto && !unfinished;
  // `held`: the campaign sends without approval, but this draft waits for a person (the inbox says why)
  return {
    auto,
    held: policyAuto && unfinished,
    claimed: claim !== undefined && auto && isSendingChannel(b.item.channel),
  };
}

/** A draft's staged_drafts row (spec 002 "staged_drafts Format"). */
function draftRow(
  b: { item: { client_id: string; id: string; channel: ChannelName } } & Omit<
    DraftToStage,
    "item" | "policy"
  >,
  approval: { auto: boolean; held: boolean },
  now: Date,
  /** null: the column's default */
  id: string | null = null,
) {
  const { auto, held } = approval;
  const personal = requiresPersonalSend(b.input.step.content_type);
  // every column of DRAFT_INSERT, in one object literal (staged-rows.ts sendItemRow says why)
  return {
    id,
    client_id: b.item.client_id,
    send_item_id: b.item.id,
    channel: b.item.channel,
    to_id: b.toId,
    subject: b.output.subject,
    body: b.output.body,
    // the object itself: the insert sends its rows as JSON (staged-rows.ts)
    context: {
      ...draftContext(b.input),
      ...(held ? { held_for_review: "placeholder" } : {}),
    },
    requires_personal_send: personal,
    status: auto ? ("approved" as const) : ("pending" as const),
    drafted_by: b.output.draftedBy,
    decided_at: auto ? now : null,
    original_body: null,
    decided_by_user_id: null,
    reject_reason: null,
    created_at: null,
  };
}

/**
 * Writes the drafts of existing send items and moves the items to drafted (two statements);
 * auto-send campaigns approve at once (never sales ones). Returns the drafts in input order. (A step's
 * new items are made with their drafts by insertStagedItems; this is for items drafted later, by an
 * agent's or the LLM's drafting task.)
 */
export async function stageDrafts(tx: Kysely<DB>, batch: DraftToStage[], now: Date): Promise<StagedDraft[]> {
  if (batch.length === 0) return [];
  // one tenant's items: every statement names it (on Citus each routes to the tenant's shard)
  const clientId = batch[0].item.client_id;
  if (batch.some((b) => b.item.client_id !== clientId)) throw new Error("stageDrafts: one tenant's items");
  const approval = batch.map((b) => approvalOf(b));
  const auto = approval.map((a) => a.auto);
  const drafts = (
    await insertJsonRows<StagedDraft>(
      DRAFT_INSERT,
      batch.map((b, i) => draftRow(b, approval[i], now)),
    ).execute(tx)
  ).rows;
  const draftOf = new Map(drafts.map((d) => [d.send_item_id, d]));
  const ordered = batch.map((b) => draftOf.get(b.item.id)!);
  const updated = await sql<SendItem>`
    update sales_send_queue q set staged_draft_id = v.draft_id, status = v.status, updated_at = ${now}
      from (select unnest(${batch.map((b) => b.item.id)}::uuid[]) as id,
                   unnest(${ordered.map((d) => d.id)}::uuid[]) as draft_id,
                   unnest(${auto.map((a) => (a ? "approved" : "drafted"))}::text[]) as status) v
     where q.client_id = ${clientId} and q.id = v.id
    returning q.*`.execute(tx);
  const itemOf = new Map(updated.rows.map((r) => [r.id, r]));
  await routeApprovedMany(
    tx,
    batch.flatMap((b, i) => (auto[i] ? [{ item: itemOf.get(b.item.id)!, draft: ordered[i] }] : [])),
    now,
  );
  return ordered;
}

/** A send item to create: its row's values, without the columns its plan sets. */
export type NewSendItem = Omit<
  Insertable<SalesSendQueueTable>,
  "id" | "status" | "staged_draft_id" | "error" | "claimed_by" | "claimed_until" | "updated_at"
> & { client_id: string; channel: ChannelName };

/** What becomes of a new send item: drafted now (the template), failed (no address), or left to a drafting task. */
export type NewItemPlan =
  | ({ kind: "draft"; values: NewSendItem } & Omit<DraftToStage, "item">)
  | { kind: "failed"; values: NewSendItem; error: string }
  | { kind: "task"; values: NewSendItem };

/** A draft plan's item sends itself once inserted (sendsItself of its item and draft, before they exist). */
export function autoSends(p: Extract<NewItemPlan, { kind: "draft" }>): boolean {
  return isSendingChannel(p.values.channel) && approvalOf({ ...p, item: p.values }).auto;
}

/** The columns of an auto-sent item that went out before it was inserted (issue 39 item 1). */
export type SettledColumns = {
  status: "approved" | "sent" | "failed";
  error: string | null;
  attempts: number;
  scheduled_at: Date;
  sent_at: Date | null;
  updated_at: Date;
};

/** What a step knows of an item it staged: the row as it wrote it (insertStagedItems). */
export type StagedItem = Pick<
  SendItem,
  "id" | "client_id" | "contact_id" | "enrollment_id" | "channel" | "status"
>;
/** ... and of the item's draft. */
export type StagedItemDraft = Pick<
  StagedDraft,
  "id" | "to_id" | "subject" | "body" | "status" | "requires_personal_send"
>;

/**
 * Creates send items with their drafts already staged: the drafts, then the items (drafted, or
 * approved and, with `claim`, claimed; `settled`: already sent, by item id), two inserts where stageDrafts after an insert of pending
 * items takes three statements and writes each item twice. The rows are those of that path: the
 * same values, the same ids in the same order (`ids`: one per plan, then one per draft, as the two
 * inserts would draw them), and the same rep tasks. An item whose idempotency key exists already is
 * not created (its draft is removed again); the result holds the items inserted, in plan order, as
 * written: nothing is read back but the new items' ids.
 */
export async function insertStagedItems(
  tx: Kysely<DB>,
  plans: NewItemPlan[],
  ids: string[],
  now: Date,
  claim?: StageClaim,
  settled?: ReadonlyMap<string, SettledColumns>,
): Promise<{ item: StagedItem; draft: StagedItemDraft | null }[]> {
  if (plans.length === 0) return [];
  const drafted = plans.flatMap((p, i) => (p.kind === "draft" ? [{ p, i }] : []));
  const approval = drafted.map(({ p }) => approvalOf({ ...p, item: p.values }, claim));
  // the drafts first: an item names its draft (a foreign key), a draft its item (no key)
  const drafts = drafted.map(({ p, i }, j) =>
    draftRow({ ...p, item: { ...p.values, id: ids[i] } }, approval[j], now, ids[plans.length + j]),
  );
  if (drafts.length) await insertJsonRows(DRAFT_INSERT_UNREAD, drafts).execute(tx);
  const draftAt = new Map(drafted.map(({ i }, j) => [i, j]));
  const rows = plans.map((p, i) => {
    const j = draftAt.get(i);
    if (j === undefined)
      return sendItemRow(p.values, ids[i], p.kind === "failed" ? { status: "failed", error: p.error } : {});
    const { auto, claimed } = approval[j];
    return sendItemRow(p.values, ids[i], {
      staged_draft_id: ids[plans.length + j],
      status: auto ? "approved" : "drafted",
      updated_at: now,
      ...(claimed ? { claimed_by: claim!.workerId, claimed_until: claim!.until } : {}),
      ...settled?.get(ids[i]),
    });
  });
  const inserted = new Set(
    (await insertJsonRows<{ id: string }>(SEND_ITEM_INSERT_IDS, rows).execute(tx)).rows.map((r) => r.id),
  );
  const orphans = drafted.flatMap(({ i }, j) => (inserted.has(ids[i]) ? [] : [ids[plans.length + j]]));
  if (orphans.length)
    await tx
      .deleteFrom("staged_drafts")
      .where("client_id", "=", plans[0].values.client_id)
      .where("id", "in", orphans)
      .execute();
  // an item as written: a status left to the column's default is its default
  const itemOf = (i: number): StagedItem => {
    const r = rows[i];
    return {
      id: r.id,
      client_id: r.client_id,
      contact_id: r.contact_id,
      enrollment_id: r.enrollment_id,
      channel: r.channel,
      status: r.status ?? "pending",
    };
  };
  const draftOf = (i: number): StagedItemDraft | null => {
    const j = draftAt.get(i);
    if (j === undefined) return null;
    const { to_id, subject, body, status, requires_personal_send } = drafts[j];
    return { id: ids[plans.length + j], to_id, subject, body, status, requires_personal_send };
  };
  const made = plans.flatMap((_, i) =>
    inserted.has(ids[i]) ? [{ i, item: itemOf(i), draft: draftOf(i) }] : [],
  );
  await routeApprovedMany(
    tx,
    made.flatMap(({ i, item, draft }) => (draft && approval[draftAt.get(i)!].auto ? [{ item, draft }] : [])),
    now,
  );
  return made.map(({ item, draft }) => ({ item, draft }));
}

/** Writes the draft for one send item (see stageDrafts). */
export async function stageDraft(
  tx: Kysely<DB>,
  item: SendItem,
  input: DraftInput,
  toId: string,
  output: DraftOutput,
  policy: { kind: string; approval_policy: string },
  now: Date,
): Promise<StagedDraft> {
  const [draft] = await stageDrafts(tx, [{ item, input, toId, output, policy }], now);
  return draft;
}

/** After approval: LinkedIn → rep task; close step → the exec's personal-send task; email → send loop. */
export async function routeApproved(
  tx: Kysely<DB>,
  item: SendItem,
  draft: StagedDraft,
  now: Date,
): Promise<void> {
  await routeApprovedMany(tx, [{ item, draft }], now);
}

/**
 * routeApproved for a list, in order: the tasks in one insert (the same rows and ids as one by one).
 * A task is due from its approval (`now`: the engine's clock, which a simulation sets).
 */
export async function routeApprovedMany(
  tx: Kysely<DB>,
  approved: readonly { item: Omit<StagedItem, "status">; draft: Omit<StagedItemDraft, "id" | "status"> }[],
  now: Date,
): Promise<void> {
  const tasks = approved.filter(
    ({ item, draft }) => !isSendingChannel(item.channel) || draft.requires_personal_send,
  );
  if (tasks.length === 0) return;
  await tx
    .insertInto("engine_rep_tasks")
    .values(
      tasks.map(({ item, draft }) => {
        const personal = draft.requires_personal_send;
        return {
          client_id: item.client_id,
          kind: personal ? ("personal_send" as const) : taskKindOf(item.channel),
          assignee_role: personal ? ("exec" as const) : ("rep" as const),
          send_item_id: item.id,
          enrollment_id: item.enrollment_id,
          contact_id: item.contact_id,
          channel: item.channel,
          to_id: draft.to_id,
          subject: draft.subject,
          body: draft.body,
          due_at: now,
        };
      }),
    )
    .onConflict((oc) => oc.columns(["send_item_id", "client_id"]).doNothing())
    .execute();
}
