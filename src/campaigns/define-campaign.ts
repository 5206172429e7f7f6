// spec 002 campaign definitions: create and update a campaign with its steps and on_exit map.
// Every rule is checked before anything is written; the whole definition is written in one
// transaction, serialized per tenant so two definitions cannot close an on_exit loop together.

import type { Kysely } from "kysely";
import { hasRole, type Principal, type Role, requireRole } from "../auth/principal.ts";
import type { ChannelName } from "../channels/contract.ts";
import type { PersonalSendMode, SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { lockTenant } from "../db/lock-tenant.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import type { SendWindow } from "../scheduling/index.ts";
import { DEFINER_ROLES, requireCampaignEditor, requireTeamAssignment } from "./campaign-access.ts";
import type { OnExitMap } from "./exit-reasons.ts";
import { findOnExitCycle, onExitGraphProblems } from "./on-exit-graph.ts";
import { type CampaignView, findCampaign, getCampaign, requireCampaign } from "./read-campaigns.ts";
import { legalBasisProblems, writeRequiredLegalBasis } from "./required-legal-basis.ts";
import { type ReplyPolicy, replyPolicyProblems } from "./triage/reply-policy.ts";
import {
  type ApprovalPolicy,
  type CampaignStatus,
  onExitProblems,
  type Problem,
  policyProblems,
  type StepInput,
  stepProblems,
} from "./validate-definition.ts";
import { threadProblems, windowProblems } from "./validate-sending.ts";
import { templateOrNull } from "./validate-step-templates.ts";

export { DEFINER_ROLES };

export interface CampaignInput {
  slug: string;
  name: string;
  type: string;
  owner_role: string;
  kind?: SequenceType;
  approval_policy?: ApprovalPolicy;
  status?: CampaignStatus;
  on_exit?: Record<string, unknown>;
  play_id?: string | null;
  steps: StepInput[];
  /** issue 12: when touches may go, in the contact's zone (docs/sending.md); null: any time. */
  send_window?: SendWindow | null;
  /** issue 59: touches of this campaign per contact in the rolling week (1..100); null: no cap */
  weekly_touch_cap?: number | null;
  /** issue 15: bases that allow a contact in (gate 1 blocks others: legal_basis_missing); null: none required. */
  required_legal_basis?: string[] | null;
  /** issue 56: what a person's reply does to other campaigns and colleagues; null: the default */
  reply_policy?: Partial<ReplyPolicy> | null;
  /** issue 61: the team the campaign belongs to (campaign-access.ts); null: the workspace's */
  team_id?: string | null;
  /** issue 67 item 5: the exec's close steps on his click (default) or at once (set by updateCampaign only) */
  personal_send?: PersonalSendMode;
}

export type CampaignPatch = Partial<Omit<CampaignInput, "slug">>;

function refuse(problems: Problem[]): void {
  if (problems.length > 0) throw new BatonError(problems[0].code, { problems });
}

/** Locks the tenant's campaign definitions, then refuses missing targets and automatic loops. */
async function checkOnExitGraph(tx: Kysely<DB>, clientId: string, slug: string, onExit: OnExitMap) {
  await lockTenant(tx, clientId); // its clients row (lock-tenant.ts)
  const graph = await loadOnExitGraph(tx, clientId);
  const problems = onExitGraphProblems(graph, slug, onExit);
  const missing = problems.filter((p) => p.code === "ON_EXIT_TARGET_MISSING");
  if (missing.length > 0) {
    const targets = missing.map((p) => onExit[p.path.slice("/on_exit/".length) as keyof OnExitMap]);
    throw new BatonError("ON_EXIT_TARGET_MISSING", { missing: [...new Set(targets)], problems: missing });
  }
  const cycle = findOnExitCycle(new Map(graph).set(slug, onExit));
  if (cycle) throw new BatonError("ON_EXIT_CYCLE", { cycle, problems });
}

/** slug → on_exit of every campaign of the tenant. */
export async function loadOnExitGraph(db: Kysely<DB>, clientId: string): Promise<Map<string, OnExitMap>> {
  const rows = await db
    .selectFrom("campaigns")
    .select(["slug", "on_exit"])
    .where("client_id", "=", clientId)
    .execute();
  return new Map<string, OnExitMap>(rows.map((r) => [r.slug, (r.on_exit ?? {}) as OnExitMap]));
}

async function writeSteps(tx: Kysely<DB>, clientId: string, campaignId: string, steps: StepInput[]) {
  await tx
    .deleteFrom("campaign_sequences")
    .where("client_id", "=", clientId)
    .where("campaign_id", "=", campaignId)
    .execute();
  await tx
    .insertInto("campaign_sequences")
    .values(
      [...steps]
        .sort((a, b) => a.step_number - b.step_number)
        .map((s) => ({
          client_id: clientId,
          campaign_id: campaignId,
          step_number: s.step_number,
          delay_days: s.delay_days,
          channel: s.channel as ChannelName,
          content_type: s.content_type,
          template_instructions: s.template_instructions,
          thread: (s.thread ?? "new") as "new" | "follow_up",
          variants: s.variants?.length ? JSON.stringify(s.variants) : null,
          subject_template: templateOrNull(s.subject_template),
          body_template: templateOrNull(s.body_template),
        })),
    )
    .execute();
}

export async function createCampaign(
  db: Kysely<DB>,
  actor: Principal,
  input: CampaignInput,
  now: Date,
): Promise<CampaignView> {
  requireRole(actor, "define campaigns", ...DEFINER_ROLES);
  if (input.team_id) await requireTeamAssignment(db, actor, input.team_id);
  const kind = input.kind ?? "sales";
  const onExit = input.on_exit ?? {};
  refuse(patchProblems(input, { kind, approval_policy: "require_approval" }));
  const clientId = actor.clientId;
  try {
    await db.transaction().execute(async (tx) => {
      if (await findCampaign(tx, clientId, input.slug))
        throw new BatonError("CAMPAIGN_SLUG_TAKEN", { slug: input.slug });
      await checkOnExitGraph(tx, clientId, input.slug, onExit as OnExitMap);
      const { id } = await tx
        .insertInto("campaigns")
        .values({
          client_id: clientId,
          slug: input.slug,
          name: input.name,
          type: input.type,
          owner_role: input.owner_role,
          kind,
          status: input.status ?? "active",
          approval_policy: input.approval_policy ?? "require_approval",
          on_exit: JSON.stringify(onExit),
          play_id: input.play_id ?? null,
          send_window: input.send_window ? JSON.stringify(input.send_window) : null,
          weekly_touch_cap: input.weekly_touch_cap ?? null,
          team_id: input.team_id ?? null,
          reply_policy: input.reply_policy ? JSON.stringify(input.reply_policy) : null,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await writeSteps(tx, clientId, id, input.steps);
      if (input.required_legal_basis)
        await writeRequiredLegalBasis(tx, clientId, id, input.required_legal_basis);
    });
  } catch (e) {
    rethrowDb(e);
  }
  return getCampaign(db, clientId, input.slug);
}

/** The checks that need no database, for a change to a stored campaign (update and its preview). */
export function patchProblems(
  patch: CampaignPatch,
  current: { kind: SequenceType; approval_policy: ApprovalPolicy },
): Problem[] {
  return [
    ...(patch.steps ? stepProblems(patch.steps) : []),
    ...(patch.steps ? threadProblems(patch.steps) : []),
    ...(patch.send_window !== undefined ? windowProblems(patch.send_window) : []),
    ...legalBasisProblems(patch.required_legal_basis),
    ...replyPolicyProblems(patch.reply_policy),
    ...(patch.on_exit ? onExitProblems(patch.on_exit) : []),
    ...policyProblems(patch.kind ?? current.kind, patch.approval_policy ?? current.approval_policy),
  ];
}

/** Fields given replace the stored ones; `steps` replaces the whole sequence. The slug never changes. */
export async function updateCampaign(
  db: Kysely<DB>,
  actor: Principal,
  slugOrId: string,
  patch: CampaignPatch,
  now: Date,
): Promise<CampaignView> {
  const clientId = actor.clientId;
  const current = await requireCampaign(db, clientId, slugOrId);
  // the editor sends the whole definition: an unchanged choice is no choice. The choice is the
  // exec's (issue 67 item 5), asked first so that a rep or a manager hears why; the exec may make it
  // alone (the campaign page's toggle) on any campaign, a team's too, as it changes nothing else
  const personalSend =
    patch.personal_send !== undefined && patch.personal_send !== current.personal_send
      ? patch.personal_send
      : undefined;
  if (personalSend !== undefined) requirePersonalSendChooser(actor, personalSend);
  const onlyTheChoice = personalSend !== undefined && Object.keys(patch).every((k) => k === "personal_send");
  if (!onlyTheChoice) await requireCampaignEditor(db, actor, current);
  // the editor sends the whole definition: an unchanged team is not a move
  if (patch.team_id !== undefined && patch.team_id !== current.team_id)
    await requireTeamAssignment(db, actor, patch.team_id);
  refuse(patchProblems(patch, current));
  try {
    await db.transaction().execute(async (tx) => {
      const c = await requireCampaign(tx, clientId, current.id, true);
      if (patch.on_exit) await checkOnExitGraph(tx, clientId, c.slug, patch.on_exit as OnExitMap);
      await tx
        .updateTable("campaigns")
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.type !== undefined && { type: patch.type }),
          ...(patch.owner_role !== undefined && { owner_role: patch.owner_role }),
          ...(patch.kind !== undefined && { kind: patch.kind }),
          ...(patch.approval_policy !== undefined && { approval_policy: patch.approval_policy }),
          ...(patch.status !== undefined && { status: patch.status }),
          ...(patch.on_exit !== undefined && { on_exit: JSON.stringify(patch.on_exit) }),
          ...(patch.play_id !== undefined && { play_id: patch.play_id }),
          ...(patch.send_window !== undefined && {
            send_window: patch.send_window ? JSON.stringify(patch.send_window) : null,
          }),
          ...(patch.weekly_touch_cap !== undefined && { weekly_touch_cap: patch.weekly_touch_cap }),
          ...(patch.team_id !== undefined && { team_id: patch.team_id }),
          // at once: the exec who chose it sends (his mailbox, his name); on click: nobody's
          ...(personalSend !== undefined && {
            personal_send: personalSend,
            personal_send_by: personalSend === "at_once" ? actor.principalId : null,
          }),
          ...(patch.reply_policy !== undefined && {
            reply_policy: patch.reply_policy ? JSON.stringify(patch.reply_policy) : null,
          }),
          updated_at: now,
        })
        .where("client_id", "=", clientId)
        .where("id", "=", c.id)
        .execute();
      if (patch.steps) await writeSteps(tx, clientId, c.id, patch.steps);
      if (patch.required_legal_basis !== undefined)
        await writeRequiredLegalBasis(tx, clientId, c.id, patch.required_legal_basis);
    });
  } catch (e) {
    rethrowDb(e);
  }
  return getCampaign(db, clientId, current.id);
}

/**
 * Who may set how a campaign's personal sends go (issue 67 item 5): at once only the exec (his
 * mailbox, his name, no click of his); back to on click the exec, RevOps or an admin (that only
 * puts his click back). FORBIDDEN_PERSONAL_SEND_CHOICE otherwise.
 */
export function requirePersonalSendChooser(p: Principal, mode: PersonalSendMode): void {
  const may: Role[] = mode === "at_once" ? ["exec"] : ["exec", "revops", "admin"];
  if (!hasRole(p, ...may)) throw new BatonError("FORBIDDEN_PERSONAL_SEND_CHOICE", { mode });
}
