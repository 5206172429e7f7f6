// The coordinator's hot path and the lineage reads (spec 000 indexes 1, 2, 4, 5).
import type { RouteModule } from "../context.ts";
import { getPlaysActiveAccountRoute } from "./plays-read/get-plays-active-account.ts";
import { getPlaysActiveSegmentRoute } from "./plays-read/get-plays-active-segment.ts";
import { getPlaysByProposalRoute } from "./plays-read/get-plays-by-proposal.ts";
import { listPlaysAgentDraftsRoute } from "./plays-read/list-plays-agent-drafts.ts";

export const playsReadRoutes: RouteModule = (app, deps) => {
  getPlaysActiveSegmentRoute(app, deps); // GET /api/v1/plays/active/segments/:segment
  getPlaysActiveAccountRoute(app, deps); // GET /api/v1/plays/active/accounts/:accountId
  listPlaysAgentDraftsRoute(app, deps); // GET /api/v1/plays/agents/:agentId/drafts
  getPlaysByProposalRoute(app, deps); // GET /api/v1/plays/by-proposal/:proposalId
};
