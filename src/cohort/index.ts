// The cohort module's door (issue 70 item 2): outside src/cohort, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { cohortView } from "./cohort-view.ts";
