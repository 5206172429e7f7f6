// Refusals of the territories (issue 61 item 1).
import { defineErrors } from "../errors/define.ts";

export const territoryErrors = defineErrors({
  TERRITORY_NAME_TAKEN: {
    status: 409,
    constraints: ["territories_name_key"],
    rule: "one territory of a name in a workspace (case and surrounding spaces do not make another)",
    message: (f) =>
      `${f.name ? `A territory named “${f.name}”` : "A territory of that name"} already exists in this workspace.`,
    next: () => "Choose another name, or change the existing territory.",
  },
  TERRITORY_DEFINITION_INVALID: {
    status: 400,
    rule: "a territory is a segment, a list of accounts, or a rule: every condition of `all` on vertical, icp_tier, segment, country, lifecycle_stage (in), domain (ends_with) or abm_active (is)",
    message: (f) => `The territory's definition is not valid: ${f.problem ?? "see the rule"}.`,
    next: () =>
      'Send e.g. {"kind":"rule","all":[{"field":"vertical","op":"in","values":["saas"]}]}, {"kind":"segment","segment":"commercial_mm"} or {"kind":"accounts","account_ids":[…]}.',
  },
  TERRITORY_TEAM_IN_USE: {
    status: 409,
    constraints: ["territories_client_id_team_id_fkey"],
    rule: "a team that owns a territory is not deleted under it",
    message: () => "This team owns territories.",
    next: () => "Give its territories to another team (or delete them) first, then delete the team.",
  },
  CRM_USER_TAKEN: {
    status: 409,
    constraints: ["principals_crm_user_id_key"],
    rule: "one person of a workspace per CRM user id",
    message: (f) =>
      `${f.principal ?? "Another person"} already carries the CRM user id ${f.crm_user_id ?? "given"}.`,
    next: () => "Clear it on that person first, or check the id in the CRM's user list.",
  },
});

type Codes = typeof territoryErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
