// Who may call each MCP tool (issue 58, Deliver 7): tools/list shows a principal the tools its role
// may call, and tools/call checks the role before it reads the arguments, so an agent is never told
// to fix a call it may never make. Each guard throws the refusal the tool's domain function throws
// for that principal (FORBIDDEN_ROLE, or PLAY_WRITE_FORBIDDEN for plays), with the role lists the
// domain modules export; the domain functions still check (and check rows: a brain agent revises
// only its own draft, a rep resolves only its own flags). test/mcp/tool-access.test.ts holds each
// tool's guard against its domain function for every role.
import type { Kysely } from "kysely";
import { describePrincipal, hasRole, type Principal, type Role, requireRole } from "../../auth/principal.ts";
import {
  ENROLLER_ROLES,
  EXITER_ROLES,
  requireEnroller,
  requireReplySubmitter,
  requireTriager,
} from "../../campaigns/index.ts";
import type { DB } from "../../db/database.ts";
import { DRAFT_READER_ROLES } from "../../engine/index.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { ANALYSIS_AGENT_ID, FLAG_RESOLVER_ROLES } from "../../flags/index.ts";
import { LEARNING_READER_ROLES } from "../../learning/index.ts";
import { SIGNAL_RECORDER_ROLES } from "../../signals/index.ts";
import { requireAutomationAsker } from "../approvals/approval-requests.ts";

/** What a guard knows of the caller; isBrainAgent is asked at most once per tools/list or call. */
export interface Caller {
  principal: Principal;
  isBrainAgent(): Promise<boolean>;
}

/** Throws the refusal when the caller's role may not call the tool. */
export type Access = (c: Caller) => void | Promise<void>;

export function callerOf(db: Kysely<DB>, principal: Principal): Caller {
  let brain: Promise<boolean> | undefined;
  return {
    principal,
    isBrainAgent: () => {
      brain ??=
        principal.kind === "agent" && principal.agentId
          ? db
              .selectFrom("brain_agents")
              .select("agent_id")
              .where("client_id", "=", principal.clientId)
              .where("agent_id", "=", principal.agentId)
              .executeTakeFirst()
              .then((r) => r !== undefined)
          : Promise.resolve(false);
      return brain;
    },
  };
}

function forbidden(p: Principal, action: string, required: string): BatonError {
  return new BatonError("FORBIDDEN_ROLE", { principal: describePrincipal(p), action, required });
}

const anyone: Access = () => {};

/** An agent token, or a person holding one of the roles (none: agents only). */
function agentsOr(action: string, roles: readonly Role[] = []): Access {
  return ({ principal: p }) => {
    if (p.kind === "agent" || hasRole(p, ...roles)) return;
    const who = roles.length ? `an agent token or the ${roles.join(" or ")} role` : "an agent token";
    throw forbidden(p, action, who);
  };
}

function people(action: string, ...roles: Role[]): Access {
  return ({ principal }) => requireRole(principal, action, ...roles);
}

/** spec 000: brain agents (AGT-901, AGT-902 or one added to brain_agents) write plays. */
const brainAgents: Access = async (c) => {
  if (c.principal.kind !== "agent") throw forbidden(c.principal, "draft a play", "an agent token");
  if (await c.isBrainAgent()) return;
  throw new BatonError("PLAY_WRITE_FORBIDDEN", {
    actor: describePrincipal(c.principal),
    action: "draft a play",
    required: "a brain agent (AGT-901, AGT-902 or one added to brain_agents)",
  });
};

/** A brain agent revises its own draft; the reviewers (revops, slm) edit plays in review. */
const playEditors: Access = async (c) => {
  if (hasRole(c.principal, "revops", "slm") || (await c.isBrainAgent())) return;
  throw forbidden(
    c.principal,
    "edit a play",
    "a brain agent token (its own draft) or the revops or slm role",
  );
};

/** The learning figures (read-learning-as.ts): the reader roles and the brain agents. */
const learningReaders: Access = async (c) => {
  if (hasRole(c.principal, ...LEARNING_READER_ROLES) || (await c.isBrainAgent())) return;
  throw forbidden(
    c.principal,
    "read the learning figures",
    `the ${LEARNING_READER_ROLES.join(", ")} role or a brain agent token (AGT-901, AGT-902)`,
  );
};

/** spec 001: flags go to the reps, their managers and AGT-303 (manage-flags.ts). */
function flagRoles(action: string, roles: readonly Role[]): Access {
  return ({ principal: p }) => {
    if (hasRole(p, ...roles) || (p.kind === "agent" && p.agentId === ANALYSIS_AGENT_ID)) return;
    throw forbidden(p, action, `the ${roles.join(" or ")} role, or the ${ANALYSIS_AGENT_ID} agent token`);
  };
}

const exiters = agentsOr("end, pause or resume enrollments", EXITER_ROLES);
const drafters = agentsOr("draft touches");
const draftReaders = agentsOr("read staged drafts", DRAFT_READER_ROLES);
const replies: Access = ({ principal }) => requireReplySubmitter(principal, "submit inbound replies");
const triage: Access = ({ principal }) => requireTriager(principal, "work the reply triage queue");

/** Each tool's guard, by name; a tool missing here is refused to everyone (tools.ts checks none is). */
export const TOOL_ACCESS: Record<string, Access> = {
  whoami: anyone,
  draft_play: brainAgents,
  revise_draft: playEditors,
  list_my_drafts: agentsOr("list its own drafts"),
  get_play: anyone,
  plays_by_proposal: anyone,
  approve_play: people("approve a play", "slm", "revops"),
  // the Plays page's queue, which any principal of the workspace reads (GET /api/v1/plays/queue)
  list_plays_for_review: anyone,
  request_play_approval: brainAgents,
  // automation-change.ts: the triage agents ask; RevOps and admins close and reopen classes themselves
  request_automation_change: ({ principal }) => requireAutomationAsker(principal),
  get_approval_request: agentsOr("read approval requests", ["slm", "revops", "admin"]),
  pick_up_play: people("pick up a draft", "revops", "slm"),
  segment_caps_and_active_plays: anyone,
  cohort_view: learningReaders,
  play_funnel: learningReaders,
  campaign_funnel: learningReaders,
  list_retrospectives: learningReaders,
  agent_calibration: learningReaders,
  list_campaigns: anyone,
  get_campaign: anyone,
  request_enrollment: ({ principal }) => requireEnroller(principal),
  get_enrollment: anyone,
  list_enrollments: anyone,
  exit_enrollment: exiters,
  pause_enrollment: exiters,
  resume_enrollment: exiters,
  opt_out_contact: anyone,
  list_drafting_tasks: drafters,
  lease_drafting_task: drafters,
  submit_draft: drafters,
  revise_staged_draft: drafters,
  list_staged_drafts: draftReaders,
  get_staged_draft: draftReaders,
  approve_staged_draft: people("approve drafts", "exec"),
  reject_staged_draft: people("reject drafts", "exec"),
  decide_staged_drafts: people("decide drafts", "exec"),
  classify_reply: replies,
  report_reply: replies,
  list_reply_triage: triage,
  count_reply_triage: triage,
  get_reply_triage: triage,
  decide_reply: triage,
  decide_replies: triage,
  prospect_timeline: anyone,
  find_contacts: anyone,
  find_accounts: anyone,
  list_signal_types: anyone,
  // ingest-signals.ts: every agent (research agents), and the roles that record signals by hand
  record_signal: agentsOr("record signals", SIGNAL_RECORDER_ROLES),
  // signal-stats.ts: agents (the brains draft plays from them) and revops, slm, admin, exec
  list_signals: agentsOr("read signals", ["revops", "slm", "admin", "exec"]),
  signal_trends: agentsOr("read signal trends", ["revops", "slm", "admin", "exec"]),
  list_handoffs: anyone,
  get_handoff: anyone,
  route_handoff: people("route hand-offs", "exec"),
  preview_decision: anyone,
  // request-activation-as.ts: agents, and the roles that enroll
  request_activation: agentsOr("request activations", ENROLLER_ROLES),
  query_events: anyone,
  list_notifications: anyone,
  list_flags: flagRoles("list flags", ["rep", "revops", "slm", "exec", "admin"]),
  resolve_flag: flagRoles("resolve flags", FLAG_RESOLVER_ROLES),
};

const nobody: Access = ({ principal }) => {
  throw forbidden(principal, "call this tool", "a role this tool lists");
};

/** Throws the refusal unless the caller may call the tool. */
export async function checkAccess(name: string, caller: Caller): Promise<void> {
  await (TOOL_ACCESS[name] ?? nobody)(caller);
}

/** Whether the caller may call the tool: tools/list shows only these. */
export async function mayCall(name: string, caller: Caller): Promise<boolean> {
  try {
    await checkAccess(name, caller);
    return true;
  } catch (e) {
    if (e instanceof BatonError) return false;
    throw e;
  }
}
