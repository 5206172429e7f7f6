// A campaign's reply policy applied (issue 56 item 1; reply-policy.ts says what it is): in the
// transaction that records a person's reply, after the replier's contact is locked. Colleagues'
// contacts are locked too (contact_id order among them; the send path locks each contact before
// reading its enrollments), and each effect is one event in the event log (resolution reply_policy).
// - pause N days: an active enrollment is paused until now + N days (hold_reason reply_policy; the
//   engine resumes it, resume-paused.ts); a paused one keeps its own pause.
// - stop: a live enrollment is cancelled (exit_reason reply_policy); its unsent items meet gate 5's
//   sequence_finished.
import { type Kysely, type Selectable, sql, type Updateable } from "kysely";
import type { CampaignContactsTable } from "../../db/core-tables.ts";
import type { DB } from "../../db/database.ts";
import { assertNever } from "../exit-reasons.ts";
import { type CampaignEvent, logCampaignEvents } from "../log-event.ts";
import type { ReplyPolicy, ReplyPolicyEffect } from "./reply-policy.ts";

const DAY_MS = 86_400_000;

type Enrollment = Selectable<CampaignContactsTable>;

export interface PolicyEffect {
  enrollment_id: string;
  contact_id: string;
  campaign_id: string;
  scope: "other_campaigns" | "colleagues";
  effect: "paused" | "stopped";
  paused_until: string | null;
}

/** The columns an effect writes, and what it reports; null: the enrollment is left as it is. */
function effectOn(
  e: Enrollment,
  effect: ReplyPolicyEffect,
  now: Date,
): {
  set: Updateable<CampaignContactsTable>;
  effect: PolicyEffect["effect"];
  pausedUntil: Date | null;
} | null {
  switch (effect.action) {
    case "nothing":
      return null;
    case "pause": {
      if (e.status !== "active") return null;
      const until = new Date(now.getTime() + effect.days * DAY_MS);
      return {
        set: { status: "paused", paused_until: until, hold_reason: "reply_policy" },
        effect: "paused",
        pausedUntil: until,
      };
    }
    case "stop":
      return {
        set: {
          status: "cancelled",
          exited_at: now,
          exit_reason: "reply_policy",
          next_send_at: null,
          paused_until: null,
          claimed_by: null,
          claimed_until: null,
        },
        effect: "stopped",
        pausedUntil: null,
      };
    default:
      return assertNever(effect);
  }
}

async function applyEffect(
  tx: Kysely<DB>,
  clientId: string,
  e: Enrollment,
  effect: ReplyPolicyEffect,
  scope: PolicyEffect["scope"],
  now: Date,
): Promise<PolicyEffect | null> {
  const x = effectOn(e, effect, now);
  if (!x) return null;
  await tx
    .updateTable("campaign_contacts")
    .set({ ...x.set, updated_at: now })
    .where("client_id", "=", clientId)
    .where("id", "=", e.id)
    .execute();
  return {
    enrollment_id: e.id,
    contact_id: e.contact_id,
    campaign_id: e.campaign_id,
    scope,
    effect: x.effect,
    paused_until: x.pausedUntil?.toISOString() ?? null,
  };
}

/**
 * Applies the answered campaign's policy. `live`: the replier's live enrollments, read under its
 * lock; `target`: the one the reply answers (its own fate is decided elsewhere).
 */
export async function applyReplyPolicy(
  tx: Kysely<DB>,
  a: {
    clientId: string;
    contactId: string;
    target: Enrollment;
    live: readonly Enrollment[];
    policy: ReplyPolicy;
    replyId: string | null;
    actorPrincipalId: string | null;
  },
  now: Date,
): Promise<PolicyEffect[]> {
  const out: PolicyEffect[] = [];
  const rows = new Map(a.live.map((e) => [e.id, e]));
  for (const e of a.live) {
    if (e.id === a.target.id) continue;
    const x = await applyEffect(tx, a.clientId, e, a.policy.other_campaigns, "other_campaigns", now);
    if (x) out.push(x);
  }
  if (a.policy.colleagues.action !== "nothing") {
    // the colleagues' contacts, locked in contact_id order, then their live enrollments in this campaign
    const colleagues = await sql<{ contact_id: string }>`
      select c.contact_id from contacts c
       where c.client_id = ${a.clientId} and c.contact_id <> ${a.contactId}::uuid
         and c.account_id = (select account_id from contacts
                              where client_id = ${a.clientId} and contact_id = ${a.contactId}::uuid)
         and exists (select 1 from campaign_contacts e
                      where e.client_id = c.client_id and e.contact_id = c.contact_id
                        and e.campaign_id = ${a.target.campaign_id}::uuid
                        and e.status in ('queued', 'active', 'paused'))
       order by c.contact_id
       for update of c`.execute(tx);
    const ids = colleagues.rows.map((r) => r.contact_id);
    if (ids.length) {
      const theirs = await tx
        .selectFrom("campaign_contacts")
        .selectAll()
        .where("client_id", "=", a.clientId)
        .where("contact_id", "in", ids)
        .where("campaign_id", "=", a.target.campaign_id)
        .where("status", "in", ["queued", "active", "paused"])
        .orderBy("contact_id")
        .orderBy("id")
        .forUpdate()
        .execute();
      for (const e of theirs) {
        rows.set(e.id, e);
        const x = await applyEffect(tx, a.clientId, e, a.policy.colleagues, "colleagues", now);
        if (x) out.push(x);
      }
    }
  }
  const events: CampaignEvent[] = out.map((x) => ({
    type: x.effect === "paused" ? "paused" : "exit",
    clientId: a.clientId,
    contactId: x.contact_id,
    enrollment: rows.get(x.enrollment_id)!,
    actorPrincipalId: a.actorPrincipalId,
    resolution: "reply_policy",
    details: {
      scope: x.scope,
      effect: x.effect,
      paused_until: x.paused_until,
      reply_id: a.replyId,
      replier_contact_id: a.contactId,
      answered_enrollment_id: a.target.id,
    },
  }));
  if (events.length) await logCampaignEvents(tx, events, now);
  return out;
}
