// spec 002 process_reply for a batch of replies (an evening's mail, the simulator's replies): the same
// effects and results as processReply called on each in order, with a fixed number of statements
// for the common work instead of a dozen round trips a reply.
//
// Each reply is first prepared as processReply prepares it (its contact, a duplicate's stored result,
// its classification, an unsubscribe's opt-out committed on its own); a segment's automation classes
// are then counted in one statement, in the replies' order (countReplyClasses). The prepared replies
// then go through one transaction: their contacts locked in contact_id order, their live enrollments
// read at once, the sure exits ended by exitContactsBatch (one batch per reason), the triage holds
// and the sure pauses written together, the reply policies reply by reply (issue 56), the replies,
// events and CRM activities written one statement each. Replies of different contacts do not see
// each other (an opt-out, an exit and a pause concern their own contact only), so the order between
// them does not change what each does. A reply whose contact (by id or by email) or Message-ID an
// earlier reply of the batch already has is prepared only after that one's transaction has
// committed (a new segment), as it would be one by one. If a segment's transaction fails, its
// replies are applied again one at a time, each in a transaction of its own, and only the failing
// ones report an error.
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { isBatonError } from "../errors/baton-error.ts";
import { isDatabaseError, mapDbError } from "../errors/map-db-error.ts";
import type { ReplyClassifier } from "../replies/index.ts";
import { type ExitResult, markHandoffReplies } from "./exit-contact.ts";
import { exitContactsBatch } from "./exit-contacts-batch.ts";
import { holdForTriageMany } from "./hold-for-triage.ts";
import { logCampaignEvents } from "./log-event.ts";
import { crmWrites } from "./ports.ts";
import {
  aloneWithoutExit,
  applyReply,
  countReplyClasses,
  exitIntent,
  newOutcome,
  onExitOf,
  prepareReply,
  REPLY_EXIT_NOTES,
  type ReplyResult,
  replyExitReason,
  requireReplySubmitter,
} from "./process-reply.ts";
import {
  answeredEnrollments,
  lockLiveEnrollments,
  type ReplyInput,
  resolveContact,
} from "./reply-lookups.ts";
import { applyPolicyOf, campaignReplyFacts, storePolicyEffects } from "./reply-policy-effects.ts";
import {
  type PreparedReply,
  type ReplyOutcome,
  replyCrmWrite,
  replyEvent,
  replyResult,
  replyRow,
} from "./reply-records.ts";
import { writePauses } from "./write-enrollment-pause.ts";

/** processReply for each input, in order: its result, or the error processReply would have thrown. */
export async function processReplies(
  db: Kysely<DB>,
  actor: Principal,
  inputs: readonly ReplyInput[],
  now: Date,
  classifier?: ReplyClassifier,
): Promise<(ReplyResult | Error)[]> {
  requireReplySubmitter(actor, "submit inbound replies");
  const out: (ReplyResult | Error)[] = new Array(inputs.length);
  const known = await knownContacts(db, actor.clientId, inputs);
  let segment: { i: number; p: PreparedReply }[] = [];
  const flush = async () => {
    const ps = segment.map((x) => x.p);
    // the segment's automation classes counted at once, committed on their own as one by one; if
    // the database refuses the count, each of its replies has that answer (a fault is thrown)
    const refused = await countReplyClasses(db, actor.clientId, ps).then(
      () => null,
      (e) => {
        if (!isDatabaseError(e)) throw e;
        return mapDbError(e) ?? (e as unknown as Error);
      },
    );
    const done = refused ? ps.map(() => refused) : await applySegment(db, actor, ps, now);
    segment.forEach((x, k) => {
      out[x.i] = done[k];
    });
    segment = [];
  };
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    try {
      const contactId =
        input.contactId && known.has(input.contactId)
          ? input.contactId
          : await resolveContact(db, actor.clientId, input);
      // a reply of a contact (or a Message-ID) already in the segment waits for that one to commit
      if (segment.some((x) => repeats(x.p, input, contactId))) await flush();
      const p = await prepareReply(db, actor, input, now, classifier, { contactId });
      if ("c" in p) segment.push({ i, p });
      else out[i] = p;
    } catch (e) {
      out[i] = e as Error;
    }
  }
  if (segment.length) await flush();
  return out;
}

/** Whether `input` must wait for the prepared reply `p`'s transaction: its contact or its Message-ID. */
function repeats(p: PreparedReply, input: ReplyInput, contactId: string): boolean {
  return (
    p.contactId === contactId || (input.messageId !== undefined && p.input.messageId === input.messageId)
  );
}

/** The inputs' contact ids that name a contact of the tenant (one read; the rest resolve one by one). */
async function knownContacts(db: Kysely<DB>, clientId: string, inputs: readonly ReplyInput[]) {
  const ids = [...new Set(inputs.map((x) => x.contactId).filter((x): x is string => !!x && isUuid(x)))];
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom("contacts")
    .select("contact_id")
    .where("client_id", "=", clientId)
    .where("contact_id", "in", ids)
    .execute();
  return new Set(rows.map((r) => r.contact_id));
}

/** One segment (distinct contacts) in one transaction; if it fails, each reply in a transaction of its own. */
async function applySegment(
  db: Kysely<DB>,
  actor: Principal,
  ps: PreparedReply[],
  now: Date,
): Promise<(ReplyResult | Error)[]> {
  if (ps.length > 1) {
    try {
      return await db.transaction().execute((tx) => applyReplies(tx, actor, ps, now));
    } catch (e) {
      // the database refused the batch, or one reply names an enrollment that is not its contact's:
      // one by one below, each with the answer processReply gives it; anything else is a fault
      if (!isBatonError(e) && !isDatabaseError(e)) throw e;
    }
  }
  const out: (ReplyResult | Error)[] = [];
  for (const p of ps) {
    try {
      out.push(await db.transaction().execute((tx) => applyReply(tx, actor, p, now)));
    } catch (e) {
      out.push(mapDbError(e) ?? (e as Error));
    }
  }
  return out;
}

/**
 * applyReply for replies of distinct contacts, in one transaction: the sure exits ended by one
 * exitContactsBatch per reason; the holds and the sure pauses written together; the reply policies
 * reply by reply (applyReply's own steps); the replies, events and CRM activities one statement each.
 */
async function applyReplies(
  tx: Kysely<DB>,
  actor: Principal,
  ps: PreparedReply[],
  now: Date,
): Promise<ReplyResult[]> {
  const clientId = actor.clientId;
  const live = await lockLiveEnrollments(
    tx,
    clientId,
    ps.map((p) => p.contactId),
  );
  const targets = await answeredEnrollments(
    tx,
    clientId,
    ps.map((p) => ({ contactId: p.contactId, enrollmentId: p.input.enrollmentId })),
    live,
  );
  // the answered campaigns read once: on_exit (a positive reply's campaign may keep it for a person,
  // campaignAllowsAlone) and the reply policy
  const facts = await campaignReplyFacts(
    tx,
    clientId,
    targets.flatMap((t) => (t ? [t.campaign_id] : [])),
  );
  const outcomes: ReplyOutcome[] = [];
  for (const [k, p] of ps.entries())
    outcomes.push(newOutcome(p, targets[k], await onExitOf(tx, clientId, p, targets[k], facts)));

  // sure exits: one batch per reason, in the replies' order
  const exiting = ps.flatMap((p, k) => {
    const t = outcomes[k].target;
    const intent = p.c.intent;
    return t && outcomes[k].triage === "auto" && exitIntent(intent) ? [{ k, intent, target: t }] : [];
  });
  if (exiting.length) {
    const byReason = new Map<string, typeof exiting>();
    for (const x of exiting) {
      const reason = replyExitReason(x.intent, facts.get(x.target.campaign_id)?.on_exit);
      byReason.set(reason, [...(byReason.get(reason) ?? []), x]);
    }
    for (const [reason, xs] of byReason) {
      const results: ExitResult[] = await exitContactsBatch(
        tx,
        {
          clientId,
          enrollmentIds: xs.map((x) => x.target.id),
          reason,
          actor,
          notes: REPLY_EXIT_NOTES,
        },
        now,
      );
      xs.forEach((x, j) => {
        outcomes[x.k].exit = results[j];
        outcomes[x.k].action = "exited";
      });
    }
  }

  // the holds of every reply that waits for a person at once
  const liveOf = (k: number) => live.get(ps[k].contactId) ?? [];
  await holdForTriageMany(
    tx,
    clientId,
    ps.flatMap((p, k) => (outcomes[k].triage === "pending" ? [{ p, o: outcomes[k], live: liveOf(k) }] : [])),
    now,
  );
  // the pauses of the sure readings that do not exit, written together in the replies' order
  await writePauses(
    tx,
    clientId,
    ps.flatMap((p, k) => {
      const o = outcomes[k];
      return o.triage !== "pending" && o.action !== "exited" ? aloneWithoutExit(p, o, liveOf(k), now) : [];
    }),
    now,
  );
  // the rows first (their ids are the table's default), then the reply policies, which name them
  const rows = await tx
    .insertInto("campaign_replies")
    .values(ps.map((p, k) => replyRow(actor, p, outcomes[k])))
    .returning(["id", "contact_id"])
    .execute();
  const replyIdOf = new Map(rows.map((r) => [r.contact_id, r.id]));
  const replyIds = ps.map((p) => replyIdOf.get(p.contactId)!);
  for (let k = 0; k < ps.length; k++)
    await applyPolicyOf(tx, actor, ps[k], outcomes[k], liveOf(k), replyIds[k], now, facts);
  // the hand-off an exit opened quotes the reply that opened it (issue 72), as processReply does
  await markHandoffReplies(
    tx,
    clientId,
    ps.map((_, k) => ({ exit: outcomes[k].exit ?? null, replyId: replyIds[k] })),
  );
  await storePolicyEffects(
    tx,
    clientId,
    ps.map((_, k) => ({ id: replyIds[k], o: outcomes[k] })),
  );
  await logCampaignEvents(
    tx,
    ps.map((p, k) => replyEvent(actor, p, outcomes[k], replyIds[k])),
    now,
  );
  await crmWrites(
    tx,
    clientId,
    ps.map((p, k) => replyCrmWrite(p, outcomes[k])),
    now,
  );
  return ps.map((p, k) => replyResult(p, outcomes[k], replyIds[k]));
}
