// GET /api/v1/plays/by-proposal/:proposalId: Plays drafted from one brain proposal (cohort retrospective lineage), oldest first; 50 a page unless limit says.
// Registered by plays-read-routes.ts.
import { Type } from "typebox";
import { listByProposal } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { PlayPage } from "../../schemas/plays.ts";
import { PageQuery, stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const getPlaysByProposalRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/by-proposal/:proposalId",
    {
      schema: {
        tags,
        summary:
          "Plays drafted from one brain proposal (cohort retrospective lineage), oldest first; 50 a page unless limit says",
        params: Type.Object({
          proposalId: Type.String({
            format: "uuid",
            description: "The brain proposal's id (originating_proposal_id)",
          }),
        }),
        querystring: PageQuery,
        response: { 200: PlayPage, ...stdErrors },
      },
    },
    async (req) => listByProposal(deps.db, req.principal, req.params.proposalId, deps.now(), req.query),
  );
};
