// The one error registry (STYLE.md, after fastify's lib/errors.js). Each module keeps its codes in
// its own fragment; they are merged here. Codes are never reused once retired.
import { adminErrors } from "../admin/admin-errors.ts";
import { agentErrors } from "../agents/agent-errors.ts";
import { signInErrors } from "../auth/sessions/sign-in-errors.ts";
import { campaignErrors } from "../campaigns/campaign-errors.ts";
import { adapterErrors } from "../channels/adapter-errors.ts";
import { doctorErrors } from "../cli/doctor-errors.ts";
import { coordinatorErrors } from "../coordinator/coordinator-errors.ts";
import { crmErrors } from "../crm/crm-errors.ts";
import { backupErrors } from "../db/backup-errors.ts";
import { distributeErrors } from "../db/distribute-errors.ts";
import { guardErrors } from "../db/guard-errors.ts";
import { engineErrors } from "../engine/engine-errors.ts";
import { inboxErrors } from "../inbox/inbox-errors.ts";
import { webhookErrors } from "../inbox/webhook-errors.ts";
import { learningErrors } from "../learning/learning-errors.ts";
import { meetingErrors } from "../meetings/meeting-errors.ts";
import { coordinatorPeripheryErrors } from "../notifications/periphery-errors.ts";
import { playErrors } from "../plays/play-errors.ts";
import { prospectErrors } from "../prospects/prospect-errors.ts";
import type { ErrorEntry } from "./define.ts";
import { foundationErrors } from "./foundation-errors.ts";

export const registry = {
  ...foundationErrors,
  ...backupErrors,
  ...distributeErrors,
  ...guardErrors,
  ...agentErrors,
  ...playErrors,
  ...coordinatorErrors,
  ...coordinatorPeripheryErrors,
  ...campaignErrors,
  ...adapterErrors,
  ...engineErrors,
  ...inboxErrors,
  ...webhookErrors,
  ...meetingErrors,
  ...crmErrors,
  ...prospectErrors,
  ...learningErrors,
  ...signInErrors,
  ...adminErrors,
  ...doctorErrors,
};

export type ErrorCode = keyof typeof registry;

export const allErrors: Record<string, ErrorEntry> = registry;

export const codeBySqlstate = new Map<string, ErrorCode>();
export const codeByConstraint = new Map<string, ErrorCode>();
for (const [code, entry] of Object.entries(allErrors)) {
  if (entry.sqlstate) codeBySqlstate.set(entry.sqlstate, code as ErrorCode);
  for (const c of entry.constraints ?? []) codeByConstraint.set(c, code as ErrorCode);
}
