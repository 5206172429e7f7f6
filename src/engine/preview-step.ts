// "What would this step say to this contact?" (issue 37 item 4): the built-in drafter's draft of a
// campaign step for one contact, written nowhere. The same drafter and the same fields the engine
// uses, so a step with templates a person wrote previews exactly what would be staged; a contact
// enrolled in the campaign brings its goal and its A/B variant.

import type { Kysely } from "kysely";
import { hasRole, type Principal, requireRole } from "../auth/principal.ts";
import { requireInBook } from "../books/index.ts";
import {
  assignVariant,
  DEFINER_ROLES,
  findCampaign,
  requireCampaign,
  requireCampaignEditor,
  type StepVariant,
} from "../campaigns/index.ts";
import type { ChannelName } from "../channels/contract.ts";
import { hasSubject, isChannelName } from "../channels/contract.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import {
  isUnfinished,
  MERGE_FIELD_NAMES,
  type MergeField,
  ownWordsOf,
  unfinishedParts,
} from "../drafting/contract.ts";
import type { DraftInput } from "../drafting/index.ts";
import { renderTemplateDraft } from "../drafting/index.ts";
import { BatonError } from "../errors/baton-error.ts";
import { senderBookingLink } from "../meetings/index.ts";
import { autoApproves, draftContext, requiresPersonalSend } from "./stage-draft.ts";

export const PREVIEW_ROLES = ["revops", "slm", "exec", "rep", "admin"] as const;

export interface StepPreview {
  campaign: string;
  step_number: number;
  channel: ChannelName;
  contact: { contact_id: string; full_name: string; company: string | null };
  /** the enrollment whose goal and variant the preview used; null: the contact is not enrolled */
  enrollment_id: string | null;
  variant: string | null;
  subject: string | null;
  body: string;
  /** which parts come from templates a person wrote (the rest is the built-in drafter's) */
  from_templates: { subject: boolean; body: boolean };
  /** fields this contact has no value for, left in the text as [field] */
  missing: MergeField[];
  /** what a person still has to fill before approving (the approval's own rule, unfinished.ts) */
  unfinished: { template_note: boolean; parts: string[] };
  ready: boolean;
}

export async function previewStep(
  db: Kysely<DB>,
  p: Principal,
  q: { campaign: string; step: number; contactId: string },
  engine: { senderName: string; bookingSecret?: string },
): Promise<StepPreview> {
  requireRole(p, "preview a step", ...PREVIEW_ROLES);
  const c = await requireCampaign(db, p.clientId, q.campaign);
  const step = await db
    .selectFrom("campaign_sequences as s")
    .leftJoin("learning_variant_winners as w", (j) =>
      j
        .onRef("w.client_id", "=", "s.client_id")
        .onRef("w.campaign_id", "=", "s.campaign_id")
        .onRef("w.step_number", "=", "s.step_number"),
    )
    .selectAll("s")
    .select("w.variant as winner")
    .where("s.client_id", "=", p.clientId)
    .where("s.campaign_id", "=", c.id)
    .where("s.step_number", "=", q.step)
    .executeTakeFirst();
  if (!step) throw new BatonError("NOT_FOUND", { entity: `Step ${q.step} of campaign`, id: c.slug });
  const contact = await previewContact(db, p.clientId, q.contactId);
  // a prospect outside the caller's book is not found, as another workspace's (issue 61, src/books)
  await requireInBook(db, p, contact.contact_id, "Contact", q.contactId);
  // the contact's latest enrollment in this campaign: its goal, and the variant it gets at this step
  const enrollment = await db
    .selectFrom("campaign_contacts")
    .select(["id", "goal", "notes"])
    .where("client_id", "=", p.clientId)
    .where("campaign_id", "=", c.id)
    .where("contact_id", "=", contact.contact_id)
    .orderBy("enrolled_at", "desc")
    .limit(1)
    .executeTakeFirst();
  const variant = enrollment
    ? assignVariant(enrollment.id, step.step_number, step.variants as StepVariant[] | null, step.winner)
    : null;
  const rendered = renderPreview({
    contact,
    campaign: c,
    step,
    goal: enrollment?.goal ?? null,
    notes: enrollment?.notes ?? null,
    variant,
    clientId: p.clientId,
    engine,
  });
  return {
    campaign: c.slug,
    step_number: step.step_number,
    channel: step.channel,
    contact: { contact_id: contact.contact_id, full_name: contact.full_name, company: contact.account_name },
    enrollment_id: enrollment?.id ?? null,
    variant: variant?.key ?? null,
    ...rendered,
  };
}

/** The contact a preview is written for, any of the tenant's (another tenant's or a non-uuid: NOT_FOUND). */
async function previewContact(db: Kysely<DB>, clientId: string, contactId: string) {
  const contact = isUuid(contactId)
    ? await db
        .selectFrom("contacts as ct")
        .leftJoin("accounts as a", (j) =>
          j.onRef("a.account_id", "=", "ct.account_id").onRef("a.client_id", "=", "ct.client_id"),
        )
        .leftJoin("principals as o", (j) =>
          j
            .onRef("o.principal_id", "=", "ct.owner_principal_id")
            .onRef("o.client_id", "=", "ct.client_id")
            .on("o.kind", "=", "person"),
        )
        .select([
          "ct.contact_id",
          "ct.full_name",
          "ct.title",
          "ct.email",
          "ct.linkedin_url",
          "a.name as account_name",
          "a.domain",
          "a.vertical",
          "a.segment",
          "a.icp_tier",
          "o.display_name as sender_name",
          "o.email as sender_email",
          "o.booking_url as sender_booking_url",
        ])
        .where("ct.client_id", "=", clientId)
        .where("ct.contact_id", "=", contactId)
        .executeTakeFirst()
    : undefined;
  if (!contact) throw new BatonError("NOT_FOUND", { entity: "Contact", id: contactId });
  return contact;
}

type PreviewContact = NonNullable<Awaited<ReturnType<typeof previewContact>>>;
type PreviewStepFields = DraftInput["step"];

/** The built-in drafter's text of one step for one contact: the engine's renderer, nothing written. */
function renderPreview(a: {
  contact: PreviewContact;
  campaign: { slug: string; name: string; kind: string; type: string; approval_policy: string };
  step: PreviewStepFields;
  goal: string | null;
  notes: string | null;
  variant: StepVariant | null;
  clientId: string;
  engine: { senderName: string; bookingSecret?: string };
}) {
  const { contact, campaign: c, step, variant } = a;
  const input: DraftInput = {
    contact: {
      contact_id: contact.contact_id,
      full_name: contact.full_name,
      title: contact.title,
      email: contact.email,
      linkedin_url: contact.linkedin_url,
    },
    account: contact.account_name
      ? {
          name: contact.account_name,
          domain: contact.domain,
          vertical: contact.vertical,
          segment: contact.segment,
          icp_tier: contact.icp_tier ?? "T3",
        }
      : null,
    campaign: { slug: c.slug, name: c.name, kind: c.kind, type: c.type },
    step: {
      step_number: step.step_number,
      delay_days: step.delay_days,
      channel: step.channel,
      content_type: step.content_type,
      template_instructions: step.template_instructions,
      subject_template: step.subject_template ?? null,
      body_template: step.body_template ?? null,
    },
    enrollment: { goal: a.goal, notes: a.notes },
    ...(variant
      ? {
          variant: { key: variant.key, subject: variant.subject ?? null, instructions: variant.instructions },
        }
      : {}),
    senderName: a.engine.senderName,
    sender: contact.sender_name
      ? {
          full_name: contact.sender_name,
          email: contact.sender_email,
          booking_link: senderBookingLink(
            contact.sender_booking_url,
            a.engine.bookingSecret,
            a.clientId,
            contact.contact_id,
          ),
        }
      : null,
    sendsWithoutReview: autoApproves(c) && !requiresPersonalSend(step.content_type),
  };
  const out = renderTemplateDraft(input);
  const u = unfinishedParts(out.subject, out.body, ownWordsOf(draftContext(input)));
  const text = `${out.subject ?? ""}\n${out.body}`;
  return {
    subject: out.subject,
    body: out.body,
    from_templates: {
      subject: hasSubject(step.channel) && !!(variant?.subject?.trim() || step.subject_template),
      body: !!step.body_template,
    },
    missing: MERGE_FIELD_NAMES.filter((f) => text.includes(`[${f}]`)),
    unfinished: { template_note: u.templateNote, parts: u.parts },
    ready: !isUnfinished(u),
  };
}

/** Who may preview a step while editing it: the people who define campaigns (RevOps, admin, exec). */
export const EDIT_PREVIEW_ROLES = DEFINER_ROLES;

/**
 * Refuses (FORBIDDEN_ROLE) a person who may not edit the step being previewed: the definers, and
 * for a stored team campaign named by its slug the people who may change it (issue 61: its
 * managers, src/campaigns/campaign-access.ts).
 */
export async function requireStepEditor(
  db: Kysely<DB>,
  p: Principal,
  q: Pick<EditedStepPreviewRequest, "campaign">,
  action: string,
): Promise<void> {
  if (hasRole(p, ...EDIT_PREVIEW_ROLES)) return;
  const stored = q.campaign.slug ? await findCampaign(db, p.clientId, q.campaign.slug) : undefined;
  if (stored?.team_id) return requireCampaignEditor(db, p, stored);
  requireRole(p, action, ...EDIT_PREVIEW_ROLES);
}

export interface EditedStepPreviewRequest {
  campaign: { slug?: string; name: string; kind?: string; type: string; approval_policy?: string };
  step: Omit<PreviewStepFields, "channel"> & { channel: string; variants?: StepVariant[] | null };
  contact_id: string;
  /** the variant key to render (e.g. "A"); absent: the step's own subject and instructions */
  variant?: string;
}

/**
 * "What would this step say?" while a person edits it (issue 60 item 5): the step as typed, not
 * saved, rendered for a contact of the caller's book by the same renderer as previewStep and the
 * engine (another book's is NOT_FOUND, as another tenant's).
 */
export async function previewEditedStep(
  db: Kysely<DB>,
  p: Principal,
  q: EditedStepPreviewRequest,
  engine: { senderName: string; bookingSecret?: string },
): Promise<StepPreview> {
  await requireStepEditor(db, p, q, "preview a step while editing it");
  const variant = q.variant === undefined ? null : (q.step.variants ?? []).find((v) => v.key === q.variant);
  if (variant === undefined) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "/variant", message: `the step has no variant ${q.variant}` }],
    });
  }
  if (!isChannelName(q.step.channel)) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "/step/channel", message: `unknown channel ${q.step.channel}` }],
    });
  }
  const contact = await previewContact(db, p.clientId, q.contact_id);
  // only a prospect of the caller's book, as the saved step's preview (issue 73 item 1: a team's
  // manager edits the team's campaign, never reads another book's prospect through it)
  await requireInBook(db, p, contact.contact_id, "Contact", q.contact_id);
  const campaign = {
    slug: q.campaign.slug ?? "",
    name: q.campaign.name,
    kind: q.campaign.kind ?? "sales",
    type: q.campaign.type,
    approval_policy: q.campaign.approval_policy ?? "require_approval",
  };
  const rendered = renderPreview({
    contact,
    campaign,
    step: { ...q.step, channel: q.step.channel },
    goal: null,
    notes: null,
    variant,
    clientId: p.clientId,
    engine,
  });
  return {
    campaign: campaign.slug,
    step_number: q.step.step_number,
    channel: q.step.channel,
    contact: { contact_id: contact.contact_id, full_name: contact.full_name, company: contact.account_name },
    enrollment_id: null,
    variant: variant?.key ?? null,
    ...rendered,
  };
}
