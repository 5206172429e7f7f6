// Who sees and decides which replies in the triage queue (issue 56 item 2: "the role that owns the
// enrollment: rep, exec; RevOps sees all"). The owner of an enrollment is its campaign's owner_role
// (spec 002: roles.bdr, roles.sales, roles.cs are the agents and reps that work the campaign):
//   roles.bdr, roles.cs → rep;   roles.sales → rep and exec (spec 002: the exec gates the sales
//   motion's hand-offs and approves its touches);   anything else → RevOps only.
// RevOps, the sales leader (slm) and admins see every reply, and decide any of them. Agents holding
// the reply_triage role (the roles.bdr / roles.sales / roles.cs agents of spec 002; issue 73 item 3:
// a role, not every agent) see what a rep sees, and may decide only what keeps a person in charge
// (agentRefusal).
import { describePrincipal, hasAgentRole, hasRole, type Principal, type Role } from "../../auth/principal.ts";
import { BatonError } from "../../errors/baton-error.ts";

export const TRIAGE_ALL_ROLES = ["revops", "slm", "admin"] as const satisfies readonly Role[];

/** campaign owner_role → the person roles that triage its replies. */
export const TRIAGE_OWNERS: Readonly<Record<string, readonly Role[]>> = {
  "roles.bdr": ["rep"],
  "roles.cs": ["rep"],
  "roles.sales": ["rep", "exec"],
};

/** The owner roles an agent triages (the agents spec 002 names roles.bdr and roles.sales). */
export const AGENT_OWNER_ROLES = ["roles.bdr", "roles.sales", "roles.cs"] as const;

/** What the principal sees: every reply (null), or the replies of campaigns with these owner roles. */
export function visibleOwnerRoles(actor: Principal): string[] | null {
  if (actor.kind === "agent") return hasAgentRole(actor, "reply_triage") ? [...AGENT_OWNER_ROLES] : [];
  if (hasRole(actor, ...TRIAGE_ALL_ROLES)) return null;
  return Object.entries(TRIAGE_OWNERS)
    .filter(([, roles]) => roles.some((r) => actor.roles.includes(r)))
    .map(([owner]) => owner);
}

/** Refuses a principal that triages nothing (before any argument is read). */
export function requireTriager(actor: Principal, action: string): void {
  if (hasAgentRole(actor, "reply_triage")) return;
  if (hasRole(actor, ...TRIAGE_ALL_ROLES, "rep", "exec")) return;
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(actor),
    action,
    required: "the revops, slm, admin, rep or exec role, or an agent token with the reply_triage role",
  });
}

/** Whether the principal may see a reply of a campaign with this owner role (null: no campaign). */
export function seesOwner(actor: Principal, ownerRole: string | null): boolean {
  const owners = visibleOwnerRoles(actor);
  if (owners === null) return true;
  return ownerRole !== null && owners.includes(ownerRole);
}
