// The flags module's door (issue 70 item 2): outside src/flags, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { FLAG_RESOLVER_ROLES, listFlags, resolveFlag } from "./manage-flags.ts";
export { ANALYSIS_AGENT_ID, scanFlags } from "./scan-flags.ts";
