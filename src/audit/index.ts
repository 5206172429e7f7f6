// The audit module's door (issue 70 item 2): outside src/audit, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { listAudit } from "./list-audit.ts";
export { type AuditSource, auditActor, recordAudit } from "./record-audit.ts";
