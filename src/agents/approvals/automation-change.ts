// An automation change asked through MCP (issue 71 item 2, issue 72 item 1). Where Baton acts alone
// on replies is a person's call: RevOps or an admin closes a class (intent, language) by hand or
// reopens it to earning (automation-classes.ts). A triage agent that sees a class go wrong asks for
// the change (request_automation_change) and gets an approval request of kind automation_change;
// it never changes the class itself. A person who keeps the classes approves it on the page; the
// change then runs once, as that person's close or reopen (the same events as the hand routes),
// after the agent's token and triage role are checked again, on the class as it stands then: a
// reopen finds the class still closed by hand or fails AUTOMATION_CLASS_NOT_CLOSED_BY_HAND.
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasAgentRole, type Principal } from "../../auth/principal.ts";
import { tokenIdOf } from "../../auth/tokens.ts";
import {
  type AutomationClass,
  closeAutomationClass,
  readAutomationClass,
  reopenAutomationClass,
} from "../../campaigns/index.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import {
  APPROVAL_REQUEST_TTL_MS,
  type ApprovalRequestView,
  type ApprovedAction,
  type AutomationChange,
  agentName,
  COLUMNS,
  recheckAgent,
  stillAnswers,
  view,
} from "./request-rows.ts";

/** The agents that ask: those that triage replies (the classes are their readings' automation). */
export function requireAutomationAsker(agent: Principal): void {
  if (hasAgentRole(agent, "reply_triage")) return;
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(agent),
    action: "ask for a reply automation change",
    required: "an agent token with the reply_triage role (people close and reopen classes themselves)",
  });
}

/**
 * A triage agent asks to close a class by hand or reopen it. The agent's latest request for the same
 * change comes back while pending or decided within its time (a retried call runs nothing again).
 */
export async function requestAutomationChange(
  db: Kysely<DB>,
  agent: Principal,
  input: AutomationChange,
  now: Date,
  publicUrl: string,
): Promise<ApprovalRequestView> {
  requireAutomationAsker(agent);
  const tokenId = await tokenIdOf(db, agent);
  // the class as it stands (refuses an unknown intent or language)
  const current = await readAutomationClass(db, agent.clientId, input);
  const latest = await db
    .selectFrom("agent_approval_requests")
    .select(COLUMNS)
    .where("client_id", "=", agent.clientId)
    .where("agent_principal_id", "=", agent.principalId)
    .where("kind", "=", "automation_change")
    .where(sql<string>`automation_change->>'intent'`, "=", input.intent)
    .where(sql<string>`automation_change->>'language'`, "=", input.language)
    .where(sql<string>`automation_change->>'action'`, "=", input.action)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (stillAnswers(latest, now)) return view(latest, agentName(agent), publicUrl, now);
  if (input.action === "reopen" && current.state !== "closed_by_hand")
    throw new BatonError("AUTOMATION_CLASS_NOT_CLOSED_BY_HAND", {
      intent: current.intent,
      language: current.language,
      state: current.state,
    });
  const change: AutomationChange = {
    intent: input.intent,
    language: input.language,
    action: input.action,
    reason: input.reason,
  };
  const row = await db
    .insertInto("agent_approval_requests")
    .values({
      client_id: agent.clientId,
      kind: "automation_change",
      agent_principal_id: agent.principalId,
      agent_token_id: tokenId,
      tool: "request_automation_change",
      automation_change: JSON.stringify(change),
      created_at: now,
      expires_at: new Date(now.getTime() + APPROVAL_REQUEST_TTL_MS),
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return view(row, agentName(agent), publicUrl, now);
}

/**
 * The approved change, inside the request's transaction `tx` (the close or reopen joins it): the
 * agent checked again (token, triage role), then the person's own close or reopen, which locks the
 * class and checks its state then. Returns the outcome.
 */
export const runAutomationChange: ApprovedAction = async (tx, person, row, now) => {
  const agent = await recheckAgent(tx, person.clientId, row, now);
  requireAutomationAsker(agent);
  const change = row.automation_change as AutomationChange;
  const key = { intent: change.intent, language: change.language };
  const after =
    change.action === "close"
      ? await closeAutomationClass(tx, person, key, now)
      : await reopenAutomationClass(tx, person, key, now);
  return {
    intent: after.intent,
    language: after.language,
    action: change.action,
    state: after.state,
    decided_by: person.principalId,
  };
};

/** What the page shows a person: the class as it stands, and what the change would do. */
export async function describeAutomationChange(
  db: Kysely<DB>,
  clientId: string,
  change: AutomationChange,
): Promise<{ automation_class: AutomationClass; reason: string; effect: string }> {
  const c = await readAutomationClass(db, clientId, change);
  const name = `${c.intent} / ${c.language}`;
  const effect =
    change.action === "close"
      ? c.state === "closed_by_hand"
        ? `The class ${name} is already closed by hand: approving changes nothing.`
        : `Closes ${name} by hand: Baton stops acting alone on its replies (they wait for a person) until RevOps reopens it.`
      : `Reopens ${name} to earning: its tally starts again at 0, and it opens only when the team's decisions earn it.`;
  return { automation_class: c, reason: change.reason ?? "", effect };
}
