// The workspace module's door (issue 70 item 2): outside src/workspace, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { enrollmentCounts } from "./campaign-stats.ts";
export { countQueues, QUEUES } from "./count-queues.ts";
export { loadDashboard } from "./dashboard.ts";
export { listPrincipals } from "./list-principals.ts";
export { previewEnrollment } from "./preview-enrollment.ts";
export { getContactSummary, searchContacts } from "./search-contacts.ts";
