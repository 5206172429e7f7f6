// The admin module's door (issue 70 item 2): outside src/admin, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { adminErrors } from "./admin-errors.ts";
export { changeAgentRoles } from "./change-agent-roles.ts";
export { changeRoles } from "./change-roles.ts";
export { bookBindingOf, createApiToken, tokenExpiry } from "./create-api-token.ts";
export { invitePerson } from "./invite-person.ts";
export { listPeople } from "./list-people.ts";
export { listTokens } from "./list-tokens.ts";
export { revokeApiToken } from "./revoke-api-token.ts";
export { revokePersonSessions } from "./revoke-person-sessions.ts";
export { deactivatePerson, reactivatePerson } from "./set-person-active.ts";
