// Refusals of the teams (issue 61 item 1): one team of a name per workspace, and only people join.
import { defineErrors } from "../errors/define.ts";

export const teamErrors = defineErrors({
  TEAM_NAME_TAKEN: {
    status: 409,
    constraints: ["teams_name_key"],
    rule: "one team of a name in a workspace (case and surrounding spaces do not make another)",
    message: (f) =>
      `${f.name ? `A team named “${f.name}”` : "A team of that name"} already exists in this workspace.`,
    next: () => "Choose another name, or add the people to the existing team.",
  },
  TEAM_MEMBER_NOT_A_PERSON: {
    status: 422,
    rule: "teams are of people; an agent is bound to a team by its token's scope, not by membership",
    message: (f) => `${f.principal ?? "This principal"} is not an active person of this workspace.`,
    next: () => "Add a person (Admin → People lists them); reactivate a deactivated person first.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof teamErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
