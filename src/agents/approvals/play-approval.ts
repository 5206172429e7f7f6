// A brain agent asks for its play's approval (request_play_approval, issue 71 item 2). On a person's
// approval the play is picked up for review if still a draft and approved as the person's own
// (spec 000 counts people's approvals; the database takes only a person as a play's approver,
// PLAY_NO_ACTOR), after the agent's token and brain role are checked again, with approvePlay's own
// checks (the play's state, the segment's cap, two different people).
import type { Kysely } from "kysely";
import { describePrincipal, type Principal } from "../../auth/principal.ts";
import { tokenIdOf } from "../../auth/tokens.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { approvePlay, getPlay, pickUpPlay } from "../../plays/index.ts";
import {
  APPROVAL_REQUEST_TTL_MS,
  type ApprovalRequestView,
  type ApprovedAction,
  agentName,
  COLUMNS,
  recheckAgent,
  stillAnswers,
  view,
} from "./request-rows.ts";

/**
 * A brain agent asks for its play's approval. The agent's latest request for the play comes back
 * while it is pending or was decided within its time (a retried call, as URL elicitation retries,
 * finds its outcome and runs nothing again); else a new request.
 */
export async function requestPlayApproval(
  db: Kysely<DB>,
  agent: Principal,
  playId: string,
  now: Date,
  publicUrl: string,
): Promise<ApprovalRequestView> {
  if (agent.kind !== "agent" || !agent.agentId)
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(agent),
      action: "ask for a play's approval",
      required: "a brain agent token",
    });
  const tokenId = await tokenIdOf(db, agent);
  const play = await getPlay(db, agent, playId, now);
  // an agent asks for its own plays only; another's reads as not found
  if (play.writer_agent_id !== agent.agentId)
    throw new BatonError("NOT_FOUND", { entity: "Play", id: playId });
  const latest = await db
    .selectFrom("agent_approval_requests")
    .select(COLUMNS)
    .where("client_id", "=", agent.clientId)
    .where("agent_principal_id", "=", agent.principalId)
    .where("play_id", "=", playId)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (stillAnswers(latest, now)) return view(latest, agentName(agent), publicUrl, now);
  if (play.state !== "draft" && play.state !== "under_review")
    throw new BatonError("PLAY_ILLEGAL_TRANSITION", { play_id: playId, from: play.state, to: "active" });
  const row = await db
    .insertInto("agent_approval_requests")
    .values({
      client_id: agent.clientId,
      kind: "play_approval",
      agent_principal_id: agent.principalId,
      agent_token_id: tokenId,
      tool: "request_play_approval",
      play_id: playId,
      created_at: now,
      expires_at: new Date(now.getTime() + APPROVAL_REQUEST_TTL_MS),
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return view(row, agentName(agent), publicUrl, now);
}

/**
 * The approved play approval, inside the request's transaction `tx` (pickUpPlay and approvePlay
 * join it): the agent checked again, then the person's approval. Returns the outcome.
 */
export const runPlayApproval: ApprovedAction = async (tx, person, row, now) => {
  const agent = await recheckAgent(tx, person.clientId, row, now);
  await requireBrainAgent(tx, agent);
  const playId = row.play_id as string;
  const before = await getPlay(tx, agent, playId, now);
  if (before.writer_agent_id !== agent.agentId)
    throw new BatonError("NOT_FOUND", { entity: "Play", id: playId });
  if (before.state === "draft") await pickUpPlay(tx, person, playId, now);
  const play = await approvePlay(tx, person, playId, {}, now);
  // the person by id, not name: the row keeps no personal data (personal-columns.ts)
  return { play_id: play.play_id, state: play.state, approved_by: person.principalId };
};

/** The agent is a brain agent still (brain_agents): the role request_play_approval needs. */
async function requireBrainAgent(db: Kysely<DB>, agent: Principal): Promise<void> {
  const brain = await db
    .selectFrom("brain_agents")
    .select("agent_id")
    .where("client_id", "=", agent.clientId)
    .where("agent_id", "=", agent.agentId ?? "")
    .executeTakeFirst();
  if (!brain)
    throw new BatonError("PLAY_WRITE_FORBIDDEN", {
      actor: describePrincipal(agent),
      action: "ask for a play's approval",
      required: "a brain agent (AGT-901, AGT-902 or one added to brain_agents)",
    });
}
