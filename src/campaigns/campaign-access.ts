// Who may change and who may enroll into a campaign (issue 61 item 3). A workspace campaign (no
// team) is changed by the definers (RevOps, admins, the exec; define-campaign.ts) as before. A team
// campaign is changed by RevOps, admins and that team's managers; only RevOps and admins move a
// campaign to another team. Into a team campaign enroll the team's people (managers and members),
// RevOps, admins and the exec (who routes hand-offs, spec 002); agents and Baton itself (on_exit
// chains) as before.
import type { Kysely } from "kysely";
import { describePrincipal, hasRole, type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { teamName, teamRolesOf } from "../teams/index.ts";

/** Who may define any campaign: RevOps owns the motion, the exec (spec 002 "Justin") gates it, admins. */
export const DEFINER_ROLES = ["revops", "admin", "exec"] as const;
/** Who may change any team campaign and give a campaign to a team. */
export const TEAM_CAMPAIGN_ROLES = ["revops", "admin"] as const;
/** Who enrolls into any team campaign besides the team's people. */
const TEAM_ENROLLER_ROLES = ["revops", "admin", "exec"] as const;

/** Throws FORBIDDEN_ROLE unless the actor may change this campaign's definition. */
export async function requireCampaignEditor(
  db: Kysely<DB>,
  actor: Principal,
  campaign: { slug: string; team_id: string | null },
): Promise<void> {
  if (campaign.team_id === null) return requireRole(actor, "define campaigns", ...DEFINER_ROLES);
  if (hasRole(actor, ...TEAM_CAMPAIGN_ROLES)) return;
  if (actor.kind === "person") {
    const roles = await teamRolesOf(db, actor.clientId, actor.principalId);
    if (roles.get(campaign.team_id) === "manager") return;
  }
  const team = (await teamName(db, actor.clientId, campaign.team_id)) ?? "its team";
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(actor),
    action: `change the campaign ${campaign.slug}`,
    required: `the ${TEAM_CAMPAIGN_ROLES.join(" or ")} role, or to manage the team ${team}`,
  });
}

/** Checks that a team given to a campaign is the tenant's and that the actor may give it. */
export async function requireTeamAssignment(
  db: Kysely<DB>,
  actor: Principal,
  teamId: string | null,
): Promise<void> {
  requireRole(actor, "give a campaign to a team", ...TEAM_CAMPAIGN_ROLES);
  if (teamId !== null && !(await teamName(db, actor.clientId, teamId)))
    throw new BatonError("NOT_FOUND", { entity: "Team", id: teamId });
}

/**
 * For each campaign of a list, the refusal of the actor enrolling into it, or null: a team campaign
 * takes its team's people, RevOps, admins, the exec, agents and Baton itself (null actor).
 */
export async function enrollRefusals(
  db: Kysely<DB>,
  actor: Principal | null,
  campaigns: { slug: string; team_id: string | null }[],
): Promise<(BatonError | null)[]> {
  const teamOnly = campaigns.some((c) => c.team_id !== null);
  if (!teamOnly || !actor || actor.kind === "agent" || hasRole(actor, ...TEAM_ENROLLER_ROLES))
    return campaigns.map(() => null);
  const mine = await teamRolesOf(db, actor.clientId, actor.principalId);
  const names = new Map<string, string>();
  const out: (BatonError | null)[] = [];
  for (const c of campaigns) {
    if (c.team_id === null || mine.has(c.team_id)) {
      out.push(null);
      continue;
    }
    if (!names.has(c.team_id))
      names.set(c.team_id, (await teamName(db, actor.clientId, c.team_id)) ?? "its team");
    out.push(
      new BatonError("FORBIDDEN_ROLE", {
        principal: describePrincipal(actor),
        action: `enroll contacts into ${c.slug}`,
        required: `to be in the team ${names.get(c.team_id)}, or the ${TEAM_ENROLLER_ROLES.join(" or ")} role`,
      }),
    );
  }
  return out;
}
