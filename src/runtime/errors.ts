// Every domain's error codes, registered once for the process (issue 59 item 3): the one place that
// knows the whole list, above the domains, so src/errors imports none of them. The server, the CLI,
// the tests (vitest's setupFiles) and the scripts import this module before any code can refuse;
// what needs the full list (npm run docs:errors, the registry's tests) reads allErrors from here.
// The order is docs/errors.md's (the foundation's codes first, registered by src/errors itself).

import { adminErrors } from "../admin/index.ts";
import { agentErrors } from "../agents/index.ts";
import { oauthErrors } from "../auth/mcp-oauth/oauth-errors.ts";
import { signInErrors } from "../auth/sessions/sign-in-errors.ts";
import { bookErrors } from "../books/index.ts";
import { campaignErrors } from "../campaigns/campaign-errors.ts";
import { adapterErrors } from "../channels/index.ts";
import { doctorErrors } from "../cli/doctor-errors.ts";
import { coordinatorErrors } from "../coordinator/coordinator-errors.ts";
import { crmErrors } from "../crm/crm-errors.ts";
import { backupErrors } from "../db/backup-errors.ts";
import { distributeErrors } from "../db/distribute-errors.ts";
import { guardErrors } from "../db/guard-errors.ts";
import { engineErrors } from "../engine/index.ts";
import type { ErrorEntry } from "../errors/define.ts";
import { registerErrors, registeredErrors } from "../errors/registry.ts";
import { inboxErrors, webhookErrors } from "../inbox/index.ts";
import { learningErrors } from "../learning/index.ts";
import { mailboxErrors } from "../mailboxes/index.ts";
import { meetingErrors } from "../meetings/index.ts";
import { coordinatorPeripheryErrors } from "../notifications/index.ts";
import { playErrors } from "../plays/index.ts";
import { prospectErrors } from "../prospects/prospect-errors.ts";
import { signalErrors } from "../signals/signal-errors.ts";
import { signalViewErrors } from "../signals/signal-view-errors.ts";
import { teamErrors, territoryErrors } from "../teams/index.ts";

for (const fragment of [
  backupErrors,
  distributeErrors,
  guardErrors,
  agentErrors,
  playErrors,
  coordinatorErrors,
  coordinatorPeripheryErrors,
  campaignErrors,
  adapterErrors,
  engineErrors,
  inboxErrors,
  webhookErrors,
  meetingErrors,
  crmErrors,
  prospectErrors,
  signalErrors,
  signalViewErrors,
  learningErrors,
  signInErrors,
  oauthErrors,
  adminErrors,
  teamErrors,
  territoryErrors,
  mailboxErrors,
  bookErrors,
  doctorErrors,
])
  registerErrors(fragment);

export const allErrors: Record<string, ErrorEntry> = registeredErrors();
