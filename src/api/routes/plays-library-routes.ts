// The play library and its lineage for people (issue 37): every play by state with filters, the
// figures of a segment's active plays (to choose one to retire at the cap), and a brain proposal's
// page. Thin: parse, call one domain function, map the result.
import type { RouteModule } from "../context.ts";
import { getProposalRoute } from "./plays-library/get-proposal.ts";
import { listPlaysRoute } from "./plays-library/list-plays.ts";
import { listPlaysActiveSegmentFiguresRoute } from "./plays-library/list-plays-active-segment-figures.ts";

export const playsLibraryRoutes: RouteModule = (app, deps) => {
  listPlaysRoute(app, deps); // GET /api/v1/plays
  listPlaysActiveSegmentFiguresRoute(app, deps); // GET /api/v1/plays/active/segments/:segment/figures
  getProposalRoute(app, deps); // GET /api/v1/proposals/:proposalId
};
