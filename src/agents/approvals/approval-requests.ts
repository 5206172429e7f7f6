// A person's decision, asked by an agent through MCP (issue 71 item 2). An agent's call that needs
// a person answers with an approval request and a link to Baton's own page,
// /approvals/agent/{request_id}: a brain agent's play approval (request_play_approval,
// play-approval.ts), a triage agent's positive exit (decide_reply, positive-exit.ts) or change of a
// reply automation class (request_automation_change, automation-change.ts). A person who
// may decide opens it signed in and approves or declines. On approval the action runs once: the
// request is taken from pending by one conditional update (a replayed or concurrent approval finds
// it taken and changes nothing), then, in one transaction, it is marked done, the agent is checked
// again (token, role) and the action runs: the action and its `done` commit together or not at all
// (issue 71: nothing half-done). A process that stops mid-way leaves the request running with
// nothing done; the sweep (sweepApprovalRequests, every minute) settles it failed,
// APPROVAL_ACTION_INTERRUPTED. Nothing an agent sends approves: no tool decides a request, the
// request id alone is only a link, and the decision needs a person's session
// (agent-approval-routes.ts).
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasRole, type Principal, requireRole } from "../../auth/principal.ts";
import { AUTOMATION_KEEPER_ROLES } from "../../campaigns/index.ts";
import type { DB } from "../../db/database.ts";
import { isUuid } from "../../db/is-uuid.ts";
import { BatonError, isBatonError } from "../../errors/baton-error.ts";
import { runAutomationChange } from "./automation-change.ts";
import { runPlayApproval } from "./play-approval.ts";
import { mayDecidePositiveExit, runPositiveExit } from "./positive-exit.ts";
import {
  APPROVAL_RUNNING_BOUND_MS,
  type ApprovalRequestView,
  claimDone,
  notFound,
  type RequestRow,
  settle,
  view,
} from "./request-rows.ts";

export {
  describeAutomationChange,
  requestAutomationChange,
  requireAutomationAsker,
} from "./automation-change.ts";
export { requestPlayApproval } from "./play-approval.ts";
export { asksPositiveExit, describePositiveExit, requestPositiveExit } from "./positive-exit.ts";
export {
  APPROVAL_REQUEST_TTL_MS,
  APPROVAL_RUNNING_BOUND_MS,
  type ApprovalRequestView,
  type ApprovalStatus,
  type AutomationChange,
} from "./request-rows.ts";

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
      "r.reply_id",
      "r.exit_reason",
      "r.expected_enrollment",
      "r.automation_change",
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
const PLAY_DECIDERS = ["slm", "revops"] as const;

/** Whether this person may decide (and read) the request: by its kind. */
async function mayDecide(db: Kysely<DB>, p: Principal, row: RequestRow): Promise<boolean> {
  if (row.kind === "positive_exit") return mayDecidePositiveExit(db, p, row);
  // who closes and reopens a class by hand (RevOps, admin)
  if (row.kind === "automation_change") return hasRole(p, ...AUTOMATION_KEEPER_ROLES);
  return hasRole(p, ...PLAY_DECIDERS);
}

/**
 * One request: the agent that asked reads its own; a person who may decide reads any of the tenant
 * (a play's: SLM, RevOps; a positive exit's: who may triage the reply; an automation change's:
 * RevOps, admin).
 */
export async function getApprovalRequest(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  now: Date,
  publicUrl: string,
): Promise<ApprovalRequestView> {
  const row = await readRow(db, p.clientId, id);
  if (!row) throw notFound(id);
  if (p.kind === "agent" ? row.agent_principal_id !== p.principalId : !(await mayDecide(db, p, row)))
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
  const row = await readRow(db, person.clientId, id);
  if (row?.kind === "positive_exit") {
    if (!(await mayDecide(db, person, row))) throw notFound(id);
  } else if (row?.kind === "automation_change")
    requireRole(person, "decide an agent's automation change", ...AUTOMATION_KEEPER_ROLES);
  else requireRole(person, "decide an agent's approval request", ...PLAY_DECIDERS);
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

/**
 * The approved action, once, in one transaction with its `done`: marked done first (the row lock
 * holds the sweep off), the agent checked again, the action run. A refusal rolls it all back and
 * the request is settled failed with the refusal's code.
 */
async function runApproved(db: Kysely<DB>, person: Principal, row: RequestRow, now: Date): Promise<void> {
  try {
    await db.transaction().execute(async (tx) => {
      await claimDone(tx, person.clientId, row.request_id);
      const run =
        row.kind === "positive_exit"
          ? runPositiveExit
          : row.kind === "automation_change"
            ? runAutomationChange
            : runPlayApproval;
      const outcome = await run(tx, person, row, now);
      await settle(tx, person.clientId, row.request_id, "done", outcome);
    });
  } catch (e) {
    if (!isBatonError(e)) {
      await settle(db, person.clientId, row.request_id, "failed", {
        code: "INTERNAL",
        message: "the action failed",
      });
      throw e;
    }
    await settle(db, person.clientId, row.request_id, "failed", { code: e.code, message: e.message });
  }
}

/**
 * The sweep, across tenants (every minute, src/runtime/background.ts): pending requests past their
 * time become expired, and requests running longer than the bound (their process stopped mid-action:
 * the action's transaction rolled back with it, so nothing ran) become failed with
 * APPROVAL_ACTION_INTERRUPTED. Returns how many of each.
 */
export async function sweepApprovalRequests(
  db: Kysely<DB>,
  now: Date,
  runningBoundMs = APPROVAL_RUNNING_BOUND_MS,
): Promise<{ expired: number; interrupted: number }> {
  const expired = await db
    .updateTable("agent_approval_requests")
    .set({ status: "expired" })
    .where("status", "=", "pending")
    .where("expires_at", "<=", sql<Date>`${now}::timestamptz`)
    .executeTakeFirst();
  const interrupted = await db
    .updateTable("agent_approval_requests")
    .set({
      status: "failed",
      outcome: JSON.stringify({
        code: "APPROVAL_ACTION_INTERRUPTED",
        message: new BatonError("APPROVAL_ACTION_INTERRUPTED", {}).message,
      }),
    })
    .where("status", "=", "running")
    .where("decided_at", "<", sql<Date>`${new Date(now.getTime() - runningBoundMs)}::timestamptz`)
    .executeTakeFirst();
  return { expired: Number(expired.numUpdatedRows), interrupted: Number(interrupted.numUpdatedRows) };
}
