// A person's reply and the contact's other campaigns (process_reply, issue 56): the answered
// campaign's reply policy applied to them and to colleagues (triage/reply-policy.ts), and the
// effects stored on the reply's row. Not for automatic mail or an out-of-office reading.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import type { LiveEnrollment as LiveRow } from "./reply-lookups.ts";
import type { PreparedReply, ReplyOutcome } from "./reply-records.ts";
import { applyReplyPolicy } from "./triage/apply-reply-policy.ts";
import { replyPolicyOf } from "./triage/reply-policy.ts";

/** What a reply reads of its campaign: on_exit (a positive exit's follow-on) and the reply policy. */
export type CampaignReplyFacts = ReadonlyMap<string, { on_exit: unknown; reply_policy: unknown }>;

/** The campaigns' on_exit and reply policy, in one statement (a batch reads its campaigns once). */
export async function campaignReplyFacts(
  tx: Kysely<DB>,
  clientId: string,
  campaignIds: readonly string[],
): Promise<CampaignReplyFacts> {
  const ids = [...new Set(campaignIds)];
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom("campaigns")
    .select(["id", "on_exit", "reply_policy"])
    .where("client_id", "=", clientId)
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The policy's effects on the replies' rows (written after them: the effects name the reply), one
 * statement for a batch's replies.
 */
export async function storePolicyEffects(
  tx: Kysely<DB>,
  clientId: string,
  rows: readonly { id: string; o: ReplyOutcome }[],
): Promise<void> {
  const effectsOf: Record<string, unknown> = {};
  for (const { id, o } of rows) if (o.policy.length) effectsOf[id] = o.policy;
  const ids = Object.keys(effectsOf);
  if (ids.length === 0) return;
  await tx
    .updateTable("campaign_replies")
    .set({ policy_effects: sql<string>`${JSON.stringify(effectsOf)}::jsonb -> ${sql.ref("id")}::text` })
    .where("client_id", "=", clientId)
    .where("id", "in", ids)
    .execute();
}

/**
 * The answered campaign's reply policy, for a person's reply (not automatic mail, not an
 * out-of-office reading: a person away has said nothing about the motion).
 */
export async function applyPolicyOf(
  tx: Kysely<DB>,
  actor: Principal,
  p: PreparedReply,
  o: ReplyOutcome,
  live: readonly LiveRow[],
  replyId: string,
  now: Date,
  /** the campaigns already read (processReplies' batch: campaignReplyFacts) */
  facts?: CampaignReplyFacts,
): Promise<void> {
  if (!o.target || p.input.automatic || p.c.intent === "out_of_office") return;
  const id = o.target.campaign_id;
  const campaign = (facts ?? (await campaignReplyFacts(tx, actor.clientId, [id]))).get(id)!;
  // enrollments the reply already held or ended are not the policy's
  const mine = new Set([o.target.id, ...o.held.map((h) => h.enrollment_id)]);
  const others =
    p.c.intent === "unsubscribe" && o.triage === "auto" ? [] : live.filter((e) => !mine.has(e.id));
  o.policy = await applyReplyPolicy(
    tx,
    {
      clientId: actor.clientId,
      contactId: p.contactId,
      target: o.target as LiveRow,
      live: others,
      policy: replyPolicyOf(campaign.reply_policy),
      replyId,
      actorPrincipalId: actor.principalId,
    },
    now,
  );
}
