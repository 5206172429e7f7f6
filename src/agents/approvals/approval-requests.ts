// A person's decision, asked by an agent through MCP (issue 71 item 2). A brain agent asks for its
// play's approval (request_play_approval): the answer is an approval request with a link to Baton's
// own page, /approvals/agent/{request_id}. A person (SLM or RevOps) opens it signed in and approves
// or declines. On approval the action runs once: the request is taken from pending by one
// conditional update (a replayed or concurrent approval finds it taken and changes nothing), the
// agent's token and role are checked again (revoked, expired, deactivated, no longer a brain agent:
// nothing runs), then the approval runs through approvePlay with its own checks (the play's state,
// the segment's cap, two different people). A play's approval is the person's own: spec 000 counts
// people's approvals, and the database takes only a person as a play's approver (PLAY_NO_ACTOR); the
// agent asked for it. Nothing an agent sends approves: no tool decides a request, the request id
// alone is only a link, and the decision needs a person's session (agent-approval-routes.ts).
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasRole, type Principal, requireRole } from "../../auth/principal.ts";
import { authenticateTokenId, tokenIdOf } from "../../auth/tokens.ts";
import type { DB } from "../../db/database.ts";
import { isUuid } from "../../db/is-uuid.ts";
import { BatonError, isBatonError } from "../../errors/baton-error.ts";
import { approvePlay } from "../../plays/approve-play.ts";
import { getPlay } from "../../plays/play-queries.ts";
import { pickUpPlay } from "../../plays/review-play.ts";

/** How long a request waits for a person. */
export const APPROVAL_REQUEST_TTL_MS = 60 * 60 * 1000;

export type ApprovalStatus = "pending" | "running" | "done" | "failed" | "declined" | "expired";

export interface ApprovalRequestView {
  request_id: string;
  kind: "play_approval";
  status: ApprovalStatus;
  play_id: string | null;
  agent: string;
  url: string;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  outcome: Record<string, unknown> | null;
}

type Row = {
  request_id: string;
  kind: string;
  status: string;
  play_id: string | null;
  agent_principal_id: string;
  agent_token_id: string;
  created_at: Date;
  expires_at: Date;
  decided_at: Date | null;
  outcome: unknown;
};

const COLUMNS = [
  "request_id",
  "kind",
  "status",
  "play_id",
  "agent_principal_id",
  "agent_token_id",
  "created_at",
  "expires_at",
  "decided_at",
  "outcome",
] as const;

/** The page a person opens to decide the request. */
export function approvalUrl(publicUrl: string, requestId: string): string {
  return `${publicUrl.replace(/\/$/, "")}/approvals/agent/${requestId}`;
}

function view(r: Row, agent: string, publicUrl: string, now: Date): ApprovalRequestView {
  // a pending request past its time reads as expired, before the sweep writes it
  const status = r.status === "pending" && r.expires_at.getTime() <= now.getTime() ? "expired" : r.status;
  return {
    request_id: r.request_id,
    kind: r.kind as "play_approval",
    status: status as ApprovalStatus,
    play_id: r.play_id,
    agent,
    url: approvalUrl(publicUrl, r.request_id),
    created_at: r.created_at.toISOString(),
    expires_at: r.expires_at.toISOString(),
    decided_at: r.decided_at?.toISOString() ?? null,
    outcome: (r.outcome as Record<string, unknown> | null) ?? null,
  };
}

function notFound(id: string): BatonError {
  return new BatonError("NOT_FOUND", { entity: "approval_request", id });
}

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
  if (latest && latest.expires_at.getTime() > now.getTime() && latest.status !== "declined")
    return view(latest, agentName(agent), publicUrl, now);
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

/** How a person reads who asked: the agent's name and id. */
function agentName(agent: Principal): string {
  return agent.agentId ? `${agent.displayName} (${agent.agentId})` : agent.displayName;
}

async function readRow(db: Kysely<DB>, clientId: string, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom("agent_approval_requests as r")
    .innerJoin("principals as a", (j) =>
      j.onRef("a.client_id", "=", "r.client_id").onRef("a.principal_id", "=", "r.agent_principal_id"),
    )
    .select([
      "r.request_id",
      "r.kind",
      "r.status",
      "r.play_id",
      "r.agent_principal_id",
      "r.agent_token_id",
      "r.created_at",
      "r.expires_at",
      "r.decided_at",
      "r.outcome",
    ])
    .select(sql<string>`a.display_name || coalesce(' (' || a.agent_id || ')', '')`.as("agent"))
    .where("r.client_id", "=", clientId)
    .where("r.request_id", "=", id)
    .executeTakeFirst();
}

/** The people who decide a play's approval request: the play's approvers. */
const DECIDERS = ["slm", "revops"] as const;

/** One request: the agent that asked reads its own; a person who may decide reads any of the tenant. */
export async function getApprovalRequest(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  now: Date,
  publicUrl: string,
): Promise<ApprovalRequestView> {
  const row = await readRow(db, p.clientId, id);
  if (!row) throw notFound(id);
  if (p.kind === "agent" ? row.agent_principal_id !== p.principalId : !hasRole(p, ...DECIDERS))
    throw notFound(id);
  return view(row, row.agent, publicUrl, now);
}

/**
 * A person's decision. `viaSession`: the request came with a person's signed-in session (the
 * workspace), never a token: an agent's or a script's credential decides nothing.
 */
export async function decideApprovalRequest(
  db: Kysely<DB>,
  person: Principal,
  id: string,
  decision: "approve" | "decline",
  now: Date,
  opts: { viaSession: boolean; publicUrl: string },
): Promise<ApprovalRequestView> {
  if (!opts.viaSession || person.kind !== "person" || person.oauth)
    throw new BatonError("APPROVAL_NEEDS_PERSON_SESSION", { principal: describePrincipal(person) });
  requireRole(person, "decide an agent's approval request", ...DECIDERS);
  const row = await readRow(db, person.clientId, id);
  if (!row) throw notFound(id);
  // taken from pending once, within its time: a replayed or concurrent decision finds it taken
  const taken = await db
    .updateTable("agent_approval_requests")
    .set({
      status: decision === "approve" ? "running" : "declined",
      decided_by: person.principalId,
      decided_at: now,
    })
    .where("client_id", "=", person.clientId)
    .where("request_id", "=", row.request_id)
    .where("status", "=", "pending")
    .where("expires_at", ">", now)
    .returning("request_id")
    .executeTakeFirst();
  if (!taken) {
    const status = view(row, row.agent, opts.publicUrl, now).status;
    throw new BatonError("APPROVAL_REQUEST_NOT_PENDING", { request_id: row.request_id, status });
  }
  if (decision === "approve") await runApproved(db, person, row, now);
  return getApprovalRequest(db, person, row.request_id, now, opts.publicUrl);
}

/** The approved action, once: the agent checked again, then the play's approval by the person. */
async function runApproved(db: Kysely<DB>, person: Principal, row: Row, now: Date): Promise<void> {
  let status: "done" | "failed";
  let outcome: Record<string, unknown>;
  try {
    const agent = await authenticateTokenId(db, person.clientId, row.agent_token_id, now);
    if (agent.principalId !== row.agent_principal_id)
      throw new BatonError("UNAUTHENTICATED", { reason: "invalid" });
    await requireBrainAgent(db, agent);
    const playId = row.play_id as string;
    const before = await getPlay(db, agent, playId, now);
    if (before.writer_agent_id !== agent.agentId)
      throw new BatonError("NOT_FOUND", { entity: "Play", id: playId });
    if (before.state === "draft") await pickUpPlay(db, person, playId, now);
    const play = await approvePlay(db, person, playId, {}, now);
    status = "done";
    // the person by id, not name: the row keeps no personal data (personal-columns.ts)
    outcome = { play_id: play.play_id, state: play.state, approved_by: person.principalId };
  } catch (e) {
    if (!isBatonError(e)) {
      await settle(db, person.clientId, row.request_id, "failed", {
        code: "INTERNAL",
        message: "the action failed",
      });
      throw e;
    }
    status = "failed";
    outcome = { code: e.code, message: e.message };
  }
  await settle(db, person.clientId, row.request_id, status, outcome);
}

async function settle(
  db: Kysely<DB>,
  clientId: string,
  id: string,
  status: "done" | "failed",
  outcome: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable("agent_approval_requests")
    .set({ status, outcome: JSON.stringify(outcome) })
    .where("client_id", "=", clientId)
    .where("request_id", "=", id)
    .where("status", "=", "running")
    .execute();
}

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

/** Pending requests past their time become expired (a sweep; reads already show them expired). */
export async function expireApprovalRequests(db: Kysely<DB>, clientId: string, now: Date): Promise<number> {
  const r = await db
    .updateTable("agent_approval_requests")
    .set({ status: "expired" })
    .where("client_id", "=", clientId)
    .where("status", "=", "pending")
    .where("expires_at", "<=", sql<Date>`${now}::timestamptz`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
