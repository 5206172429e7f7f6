// The CRM module's public surface: enqueue in your transaction; the drainer applies it later.
export { AttioCrm } from "./attio-crm.ts";
export { BuiltinCrm, CrmWriteError } from "./builtin-crm.ts";
export { createCrmAdapter } from "./create-crm-adapter.ts";
export type { CrmAdapter, CrmWrite, DealStage } from "./crm-adapter.ts";
export { crmOutboxJob } from "./crm-outbox-job.ts";
export { listCrmOutbox, retryDeadCrmWrite } from "./crm-outbox-queries.ts";
export { drainCrmOutbox } from "./drain-crm-outbox.ts";
export { enqueueCrmWrite, enqueueCrmWrites } from "./enqueue-crm-write.ts";
export { HubSpotCrm } from "./hubspot-crm.ts";
