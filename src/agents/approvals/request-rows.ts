// The approval request as stored and as read (issue 71 item 2): the row, the view an agent and a
// person read, the link to the page, and the checks shared by every kind (play_approval,
// positive_exit, automation_change): the agent checked again before an approved action runs, and the settlement of a
// request's outcome.
import type { Kysely } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import { authenticateTokenId } from "../../auth/tokens.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";

/** How long a request waits for a person. */
export const APPROVAL_REQUEST_TTL_MS = 60 * 60 * 1000;

/**
 * How long a request may stay running (approved, its action under way) before the sweep settles it
 * failed (APPROVAL_ACTION_INTERRUPTED). An action takes well under a second; a request running this
 * long lost its process. The action commits with its `done` in one transaction, so a request the
 * sweep fails ran nothing.
 */
export const APPROVAL_RUNNING_BOUND_MS = 5 * 60 * 1000;

export const APPROVAL_KINDS = ["play_approval", "positive_exit", "automation_change"] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];
export type ApprovalStatus = "pending" | "running" | "done" | "failed" | "declined" | "expired";

/** The enrollment a positive exit ends, as it was when the agent asked. */
export interface ExpectedEnrollment {
  enrollment_id: string;
  status: string;
  current_step: number;
  hold_reason: string | null;
}

/** A reply automation class's change an agent asks for (0760's automation_change column). */
export interface AutomationChange {
  intent: string;
  language: string;
  action: "close" | "reopen";
  /** the agent's words: why it asks (shown to the person) */
  reason?: string;
}

export interface ApprovalRequestView {
  request_id: string;
  kind: ApprovalKind;
  status: ApprovalStatus;
  play_id: string | null;
  reply_id: string | null;
  exit_reason: string | null;
  automation_change: AutomationChange | null;
  agent: string;
  url: string;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  outcome: Record<string, unknown> | null;
}

export type RequestRow = {
  request_id: string;
  kind: string;
  status: string;
  play_id: string | null;
  reply_id: string | null;
  exit_reason: string | null;
  expected_enrollment: unknown;
  automation_change: unknown;
  agent_principal_id: string;
  agent_token_id: string;
  created_at: Date;
  expires_at: Date;
  decided_at: Date | null;
  outcome: unknown;
};

export const COLUMNS = [
  "request_id",
  "kind",
  "status",
  "play_id",
  "reply_id",
  "exit_reason",
  "expected_enrollment",
  "automation_change",
  "agent_principal_id",
  "agent_token_id",
  "created_at",
  "expires_at",
  "decided_at",
  "outcome",
] as const;

/** An approved action, run inside the request's transaction `tx` as `person`; returns the outcome. */
export type ApprovedAction = (
  tx: Kysely<DB>,
  person: Principal,
  row: RequestRow,
  now: Date,
) => Promise<Record<string, unknown>>;

/** The page a person opens to decide the request. */
export function approvalUrl(publicUrl: string, requestId: string): string {
  return `${publicUrl.replace(/\/$/, "")}/approvals/agent/${requestId}`;
}

export function view(r: RequestRow, agent: string, publicUrl: string, now: Date): ApprovalRequestView {
  // a pending request past its time reads as expired, before the sweep writes it
  const status = r.status === "pending" && r.expires_at.getTime() <= now.getTime() ? "expired" : r.status;
  return {
    request_id: r.request_id,
    kind: r.kind as ApprovalKind,
    status: status as ApprovalStatus,
    play_id: r.play_id,
    reply_id: r.reply_id,
    exit_reason: r.exit_reason,
    automation_change: (r.automation_change as AutomationChange | null) ?? null,
    agent,
    url: approvalUrl(publicUrl, r.request_id),
    created_at: r.created_at.toISOString(),
    expires_at: r.expires_at.toISOString(),
    decided_at: r.decided_at?.toISOString() ?? null,
    outcome: (r.outcome as Record<string, unknown> | null) ?? null,
  };
}

export function notFound(id: string): BatonError {
  return new BatonError("NOT_FOUND", { entity: "approval_request", id });
}

/** How a person reads who asked: the agent's name and id. */
export function agentName(agent: Principal): string {
  return agent.agentId ? `${agent.displayName} (${agent.agentId})` : agent.displayName;
}

/** Whether an earlier request of the agent still answers a retried call: pending or decided in its time. */
export function stillAnswers(r: RequestRow | undefined, now: Date): r is RequestRow {
  return !!r && r.expires_at.getTime() > now.getTime() && r.status !== "declined";
}

/**
 * The agent that asked, checked again before the approved action runs: its token still live (not
 * revoked, not expired, its principal active) and still this agent's. The role is each kind's check.
 */
export async function recheckAgent(
  db: Kysely<DB>,
  clientId: string,
  row: RequestRow,
  now: Date,
): Promise<Principal> {
  const agent = await authenticateTokenId(db, clientId, row.agent_token_id, now);
  if (agent.principalId !== row.agent_principal_id)
    throw new BatonError("UNAUTHENTICATED", { reason: "invalid" });
  return agent;
}

/**
 * Marks a running request done inside the action's own transaction, first (the row lock holds off
 * the sweep until the commit). A request the sweep settled meanwhile is no longer running: the
 * action is refused and its transaction rolls back, so nothing runs twice or unrecorded.
 */
export async function claimDone(db: Kysely<DB>, clientId: string, id: string): Promise<void> {
  const r = await db
    .updateTable("agent_approval_requests")
    .set({ status: "done" })
    .where("client_id", "=", clientId)
    .where("request_id", "=", id)
    .where("status", "=", "running")
    .returning("status")
    .executeTakeFirst();
  if (!r) throw new BatonError("APPROVAL_REQUEST_NOT_PENDING", { request_id: id, status: "failed" });
}

/** Writes the outcome of a request: done (in the action's transaction) or failed (after its rollback). */
export async function settle(
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
    .where("status", "=", status === "done" ? "done" : "running")
    .execute();
}
