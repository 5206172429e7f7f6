// The notifications module's door (issue 70 item 2): outside src/notifications, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { notifyCoordinatorNotice } from "./coordinator-notifier.ts";
export { drainNotificationsPass } from "./drain-job.ts";
export { drainNotifications } from "./drain-notifications.ts";
export { listNotifications } from "./list-notifications.ts";
export { notify, type Recipient } from "./notify.ts";
export { coordinatorPeripheryErrors } from "./periphery-errors.ts";
export type { CoordinatorFlagsTable, FlagStatus, FlagType } from "./periphery-tables.ts";
export { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from "./webhooks.ts";
