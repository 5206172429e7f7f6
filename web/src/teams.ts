// The workspace's teams (issue 61), and what they say about who may change a team campaign.
import type { ApiItem, ApiResponse } from "./api-types.ts";
import { useApi } from "./use-api.ts";

export type TeamMember = Team["members"][number];
export type Team = ApiItem<"listTeams">;

export function useTeams() {
  return useApi<ApiResponse<"listTeams">>("/api/v1/teams");
}

/** Who changes a campaign, as src/campaigns/campaign-access.ts decides: the sentence and whether I may. */
export function campaignAccess(
  teamId: string | null | undefined,
  teams: Team[] | undefined,
  me: { principal_id: string; roles: readonly string[] },
): { mayEdit: boolean; sentence: string; team?: Team } {
  const has = (...r: string[]) => r.some((x) => me.roles.includes(x));
  if (!teamId)
    return {
      mayEdit: has("revops", "admin", "exec"),
      sentence:
        "A workspace campaign: RevOps, admins and the exec change it; reps, the exec, RevOps and agents enroll into it.",
    };
  const team = teams?.find((t) => t.team_id === teamId);
  const name = team?.name ?? "its team";
  const mine = team?.members.find((m) => m.principal_id === me.principal_id);
  return {
    team,
    mayEdit: has("revops", "admin") || mine?.role === "manager",
    sentence: `Team ${name}: RevOps, admins and the team's managers change it; the team's people, RevOps, admins, the exec and agents enroll into it.`,
  };
}
