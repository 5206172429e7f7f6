// Every module's HTTP routes, registered in this order. Add one line per module.
import type { RouteModule } from "./context.ts";
import { adminRoutes } from "./routes/admin-routes.ts";
import { agentApprovalRoutes } from "./routes/agent-approval-routes.ts";
import { authEmailRoutes } from "./routes/auth-email-routes.ts";
import { authOidcRoutes } from "./routes/auth-oidc-routes.ts";
import { authRoutes } from "./routes/auth-routes.ts";
import { booksRoutes } from "./routes/books-routes.ts";
import { bouncesRoutes } from "./routes/bounces-routes.ts";
import { campaignsRoutes } from "./routes/campaigns-routes.ts";
import { coordinatorEventsRoutes } from "./routes/coordinator-events-routes.ts";
import { coordinatorPreviewRoutes } from "./routes/coordinator-preview-routes.ts";
import { coordinatorRoutes } from "./routes/coordinator-routes.ts";
import { crmAttioWebhookRoutes } from "./routes/crm-attio-webhook-routes.ts";
import { crmOAuthRoutes } from "./routes/crm-oauth-routes.ts";
import { crmRoutes } from "./routes/crm-routes.ts";
import { crmWebhooksRoutes } from "./routes/crm-webhooks-routes.ts";
import { dataRequestRoutes } from "./routes/data-request-routes.ts";
import { engineDraftRoutes } from "./routes/engine-draft-routes.ts";
import { engineSettingsRoutes } from "./routes/engine-settings-routes.ts";
import { engineTaskRoutes } from "./routes/engine-task-routes.ts";
import { enrollmentPauseRoutes } from "./routes/enrollment-pause-routes.ts";
import { erasureRoutes } from "./routes/erasure-routes.ts";
import { flagsRoutes } from "./routes/flags-routes.ts";
import { handoffsRoutes } from "./routes/handoffs-routes.ts";
import { idpAdminRoutes } from "./routes/idp-admin-routes.ts";
import { importsRoutes } from "./routes/imports-routes.ts";
import { inboundReviewsRoutes } from "./routes/inbound-reviews-routes.ts";
import { inboundWebhooksRoutes } from "./routes/inbound-webhooks-routes.ts";
import { learningRoutes } from "./routes/learning-routes.ts";
import { mailboxConnectionsRoutes } from "./routes/mailbox-connections-routes.ts";
import { mailboxesRoutes } from "./routes/mailboxes-routes.ts";
import { mcpRoutes } from "./routes/mcp-routes.ts";
import { meetingsRoutes } from "./routes/meetings-routes.ts";
import { oauthConsentRoutes } from "./routes/oauth-consent-routes.ts";
import { oauthResourceRoutes } from "./routes/oauth-resource-routes.ts";
import { oauthServerRoutes } from "./routes/oauth-server-routes.ts";
import { playsRoutes } from "./routes/plays-routes.ts";
import { prospectActionsRoutes } from "./routes/prospect-actions-routes.ts";
import { repTaskQueueRoutes } from "./routes/rep-task-queue-routes.ts";
import { repliesRoutes } from "./routes/replies-routes.ts";
import { replyAutomationRoutes } from "./routes/reply-automation-routes.ts";
import { replyModelsRoutes } from "./routes/reply-models-routes.ts";
import { replyTriageRoutes } from "./routes/reply-triage-routes.ts";
import { senderIdentityRoutes } from "./routes/sender-identity-routes.ts";
import { sendingDomainsRoutes } from "./routes/sending-domains-routes.ts";
import { signalSourcesRoutes } from "./routes/signal-sources-routes.ts";
import { signalViewRoutes } from "./routes/signal-view-routes.ts";
import { signalsRoutes } from "./routes/signals-routes.ts";
import { staticRoutes } from "./routes/static-routes.ts";
import { suppressionsRoutes } from "./routes/suppressions-routes.ts";
import { teamsRoutes } from "./routes/teams-routes.ts";
import { territoriesRoutes } from "./routes/territories-routes.ts";
import { unsubscribeRoutes } from "./routes/unsubscribe-routes.ts";
import { whoamiRoutes } from "./routes/whoami-routes.ts";
import { workspaceRoutes } from "./routes/workspace-routes.ts";

export const routeModules: RouteModule[] = [
  whoamiRoutes,
  campaignsRoutes,
  handoffsRoutes,
  repliesRoutes,
  replyTriageRoutes,
  replyAutomationRoutes,
  replyModelsRoutes,
  bouncesRoutes,
  playsRoutes,
  crmRoutes,
  crmAttioWebhookRoutes,
  crmOAuthRoutes,
  unsubscribeRoutes,
  coordinatorRoutes,
  coordinatorPreviewRoutes,
  enrollmentPauseRoutes,
  prospectActionsRoutes,
  workspaceRoutes,
  coordinatorEventsRoutes,
  flagsRoutes,
  mcpRoutes,
  oauthResourceRoutes,
  oauthServerRoutes,
  oauthConsentRoutes,
  agentApprovalRoutes,
  engineDraftRoutes,
  engineTaskRoutes,
  repTaskQueueRoutes,
  engineSettingsRoutes,
  authRoutes,
  authEmailRoutes,
  authOidcRoutes,
  idpAdminRoutes,
  adminRoutes,
  teamsRoutes,
  booksRoutes,
  territoriesRoutes,
  learningRoutes,
  importsRoutes,
  suppressionsRoutes,
  signalsRoutes,
  signalViewRoutes,
  signalSourcesRoutes,
  erasureRoutes,
  dataRequestRoutes,
  mailboxConnectionsRoutes,
  mailboxesRoutes,
  sendingDomainsRoutes,
  senderIdentityRoutes,
  meetingsRoutes,
  inboundReviewsRoutes,
  inboundWebhooksRoutes,
  crmWebhooksRoutes,
  staticRoutes,
];
