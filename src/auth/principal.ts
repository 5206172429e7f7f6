// A principal is a person with roles or an agent with an agent id. Every domain function takes
// the acting principal and scopes reads and writes to its tenant (client_id).
import { ACTOR_PROOF } from "../db/actor-context.ts";
import { BatonError } from "../errors/baton-error.ts";

export const ROLES = ["revops", "slm", "exec", "rep", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * An agent's roles (issue 73 item 3; principals.roles, migration 0560): what an agent may do beyond
 * what every agent may. reply_triage: it works the reply triage queue (spec 002's roles.bdr,
 * roles.sales and roles.cs agents), where any agent did before.
 */
export const AGENT_ROLES = ["reply_triage"] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

// the key of a principal's proof, defined where the database is told it (src/db/actor-context.ts)
export { ACTOR_PROOF };

export interface Principal {
  principalId: string;
  clientId: string;
  kind: "person" | "agent";
  displayName: string;
  roles: Role[];
  agentId: string | null;
  /** An agent's roles (empty or absent: none); a person has none. */
  agentRoles?: readonly AgentRole[];
  /** Set when the request came with an OAuth access token (src/auth/mcp-oauth): the client acting
   * for this person, and the scopes the person granted it. Absent for sessions and API tokens. */
  oauth?: { appId: string; grantId: string; scopes: readonly string[] };
  /** An agent's token bound to a team's or a territory's prospects (issue 61, src/books); absent or
   * both null: the workspace. */
  bookBinding?: { teamId: string | null; territoryId: string | null };
  /** Set by authentication (tokens.ts, lookup-session.ts), and by the demo seed, which holds its people's tokens. Never log it. */
  [ACTOR_PROOF]?: string;
}

/** The principal carrying the credential its request was authenticated with. */
export function withProof<P extends Principal>(p: P, proof: string): P {
  return { ...p, [ACTOR_PROOF]: proof };
}

export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return p.kind === "person" && roles.some((r) => p.roles.includes(r));
}

/** Whether the principal is an agent holding the agent role. */
export function hasAgentRole(p: Principal, role: AgentRole): boolean {
  return p.kind === "agent" && (p.agentRoles ?? []).includes(role);
}

export function describePrincipal(p: Principal): string {
  return p.kind === "agent" ? `agent ${p.agentId}` : `${p.displayName} (${p.roles.join(", ") || "no roles"})`;
}

/** Throws FORBIDDEN_ROLE unless the principal is a person holding one of the roles. */
export function requireRole(p: Principal, action: string, ...roles: Role[]): void {
  if (!hasRole(p, ...roles)) {
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(p),
      action,
      required: `the ${roles.join(" or ")} role`,
    });
  }
}

/** Throws FORBIDDEN_ROLE unless the principal is an agent (optionally one of the given ids). */
export function requireAgent(p: Principal, action: string, agentIds?: readonly string[]): void {
  if (p.kind !== "agent" || (agentIds && !agentIds.includes(p.agentId!))) {
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(p),
      action,
      required: agentIds ? `an agent token for ${agentIds.join(" or ")}` : "an agent token",
    });
  }
}
