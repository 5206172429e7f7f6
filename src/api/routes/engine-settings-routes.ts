// Engine settings over HTTP: per-mailbox daily send limits (spec 002 "Per-mailbox daily send limits
// are configurable") and which drafter writes a campaign's touches. Thin over the domain functions.
import type { RouteModule } from "../context.ts";
import { getCampaignDrafterRoute } from "./engine-settings/get-campaign-drafter.ts";
import { listMailboxLimitsRoute } from "./engine-settings/list-mailbox-limits.ts";
import { putCampaignDrafterRoute } from "./engine-settings/put-campaign-drafter.ts";
import { putMailboxLimitRoute } from "./engine-settings/put-mailbox-limit.ts";

export { CampaignDrafterBody, MailboxLimitBody } from "./engine-settings/common.ts";

export const engineSettingsRoutes: RouteModule = (app, deps) => {
  listMailboxLimitsRoute(app, deps); // GET /api/v1/mailbox-limits
  putMailboxLimitRoute(app, deps); // PUT /api/v1/mailbox-limits/:mailbox
  getCampaignDrafterRoute(app, deps); // GET /api/v1/campaigns/:slug/drafter
  putCampaignDrafterRoute(app, deps); // PUT /api/v1/campaigns/:slug/drafter
};
