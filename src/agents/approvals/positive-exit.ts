// A positive exit asked through MCP (issue 71 item 2). An agent triaging a reply may not end the
// enrollment as positive (converted, meeting, registered, meeting_booked): on_exit runs and may
// enroll the person in the next campaign, a person's call (docs/agents.md "Reply triage"; issue 72:
// a positive reading, a question above all, never exits alone). decide_reply answers such a
// decision with an approval request of kind positive_exit. A person who may triage the reply
// approves it on the page; the exit then runs once, as that person's triage decision (the labelled
// example is theirs), after the agent's token and triage role are checked again and the
// enrollment is found as the agent saw it, locked (the contact, then the enrollment: the
// coordinator's lock order). An enrollment that moved meanwhile fails the request
// (APPROVAL_ENROLLMENT_MOVED) and nothing runs.
import type { Kysely } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import { tokenIdOf } from "../../auth/tokens.ts";
import {
  type DecideInput,
  decideReply,
  getCampaign,
  getTriageReply,
  POSITIVE_EXITS,
  refuseUnlessPending,
} from "../../campaigns/index.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import {
  APPROVAL_REQUEST_TTL_MS,
  type ApprovalRequestView,
  type ApprovedAction,
  agentName,
  COLUMNS,
  type ExpectedEnrollment,
  type RequestRow,
  recheckAgent,
  stillAnswers,
  view,
} from "./request-rows.ts";

/** Whether an agent's decision is a positive exit, which a person confirms. */
export function asksPositiveExit(actor: Principal, input: Pick<DecideInput, "decision" | "exitReason">) {
  return (
    actor.kind === "agent" &&
    input.decision === "exit" &&
    (POSITIVE_EXITS as readonly string[]).includes(input.exitReason ?? "")
  );
}

/** The enrollment as it stands: what the request expects to find when the person approves. */
async function enrollmentState(
  db: Kysely<DB>,
  clientId: string,
  enrollmentId: string,
  lock = false,
): Promise<ExpectedEnrollment | undefined> {
  let q = db
    .selectFrom("campaign_contacts")
    .select(["id", "status", "current_step", "hold_reason"])
    .where("client_id", "=", clientId)
    .where("id", "=", enrollmentId);
  if (lock) q = q.forUpdate();
  const e = await q.executeTakeFirst();
  return (
    e && { enrollment_id: e.id, status: e.status, current_step: e.current_step, hold_reason: e.hold_reason }
  );
}

/**
 * An agent's positive exit becomes a request for a person. The agent's latest request for the reply
 * comes back while pending or decided within its time (a retried call runs nothing again).
 */
export async function requestPositiveExit(
  db: Kysely<DB>,
  agent: Principal,
  input: Pick<DecideInput, "replyId" | "exitReason">,
  now: Date,
  publicUrl: string,
): Promise<ApprovalRequestView> {
  // the triage role and the reply's visibility, as decide_reply checks them
  const snap = await getTriageReply(db, agent, input.replyId, false);
  const tokenId = await tokenIdOf(db, agent);
  const latest = await db
    .selectFrom("agent_approval_requests")
    .select(COLUMNS)
    .where("client_id", "=", agent.clientId)
    .where("agent_principal_id", "=", agent.principalId)
    .where("reply_id", "=", snap.reply_id)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (stillAnswers(latest, now) && latest.exit_reason === input.exitReason)
    return view(latest, agentName(agent), publicUrl, now);
  refuseUnlessPending(snap);
  const expected = snap.enrollment_id
    ? await enrollmentState(db, agent.clientId, snap.enrollment_id)
    : undefined;
  if (!expected || !["active", "paused", "queued"].includes(expected.status))
    throw new BatonError("REPLY_DECISION_INVALID", {
      problems: [{ path: "/decision", message: "the reply answers no live enrollment" }],
    });
  const row = await db
    .insertInto("agent_approval_requests")
    .values({
      client_id: agent.clientId,
      kind: "positive_exit",
      agent_principal_id: agent.principalId,
      agent_token_id: tokenId,
      tool: "decide_reply",
      reply_id: snap.reply_id,
      exit_reason: input.exitReason ?? null,
      expected_enrollment: JSON.stringify(expected),
      created_at: now,
      expires_at: new Date(now.getTime() + APPROVAL_REQUEST_TTL_MS),
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return view(row, agentName(agent), publicUrl, now);
}

/** Whether `person` decides this request: one who may triage the reply (and sees it). */
export async function mayDecidePositiveExit(db: Kysely<DB>, person: Principal, row: RequestRow) {
  if (person.kind !== "person") return false;
  return getTriageReply(db, person, row.reply_id as string, false).then(
    () => true,
    () => false,
  );
}

/**
 * The approved exit, inside the request's transaction `tx` (decideReply joins it): the agent
 * checked again (token, triage role, the reply still its to see), the enrollment locked and found as
 * the agent saw it, then the person's exit decision. Returns the outcome.
 */
export const runPositiveExit: ApprovedAction = async (tx, person, row, now) => {
  const agent = await recheckAgent(tx, person.clientId, row, now);
  const snap = await getTriageReply(tx, agent, row.reply_id as string, false);
  const expected = row.expected_enrollment as ExpectedEnrollment;
  // the coordinator's lock order: the contact, then the enrollment (decideReply takes them again)
  await tx
    .selectFrom("contacts")
    .select("contact_id")
    .where("client_id", "=", person.clientId)
    .where("contact_id", "=", snap.contact.contact_id)
    .forUpdate()
    .execute();
  const found = await enrollmentState(tx, person.clientId, expected.enrollment_id, true);
  const same = (k: keyof ExpectedEnrollment) => found?.[k] === expected[k];
  if (!(same("enrollment_id") && same("status") && same("current_step") && same("hold_reason")))
    throw new BatonError("APPROVAL_ENROLLMENT_MOVED", {
      request_id: row.request_id,
      enrollment_id: expected.enrollment_id,
      expected: `${expected.status} at step ${expected.current_step}`,
      found: found ? `${found.status} at step ${found.current_step}` : "gone",
    });
  const { effects } = await decideReply(
    tx,
    person,
    {
      replyId: snap.reply_id,
      decision: "exit",
      exitReason: row.exit_reason as string,
      notes: `positive exit asked by agent ${agent.agentId ?? agent.principalId} (approval request ${row.request_id})`,
    },
    now,
  );
  return {
    reply_id: snap.reply_id,
    enrollment_id: expected.enrollment_id,
    exit_reason: row.exit_reason,
    next: effects.exit?.next ?? null,
    decided_by: person.principalId,
  };
};

/** What the page shows a person: the reply, and what the exit would do. */
export async function describePositiveExit(
  db: Kysely<DB>,
  person: Principal,
  row: Pick<RequestRow, "reply_id" | "exit_reason">,
) {
  const r = await getTriageReply(db, person, row.reply_id as string, false);
  const reason = row.exit_reason as string;
  const onExit = r.campaign ? (await getCampaign(db, person.clientId, r.campaign.id)).on_exit : {};
  const target = (onExit as Record<string, unknown>)[reason];
  const who = r.contact.full_name;
  const then =
    typeof target === "string"
      ? `${who} is enrolled in the campaign "${target}" next`
      : target && typeof target === "object"
        ? `${who} is handed off to the ${(target as { gate: string }).gate}, who routes them (nothing is sent before)`
        : "nothing follows: the campaign's on_exit names no next step for it";
  return {
    reply_id: r.reply_id,
    status: r.status,
    own_text: r.own_text,
    received_at: r.received_at,
    reading: {
      intent: r.reading.intent,
      confidence: r.reading.confidence,
      stop_signal: r.reading.stop_signal,
      words: r.reading.words,
    },
    contact_name: who,
    campaign_name: r.campaign?.name ?? null,
    enrollment_status: r.enrollment_status,
    exit_reason: reason,
    effect: `Ends ${who}'s enrollment${r.campaign ? ` in ${r.campaign.name}` : ""} as ${reason}; then ${then}.`,
  };
}
