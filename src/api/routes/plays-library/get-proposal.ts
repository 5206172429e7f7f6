// GET /api/v1/proposals/:proposalId: A brain proposal: its payload and rationale, its agent, the plays drafted from it.
// Registered by plays-library-routes.ts.
import { Type } from "typebox";
import { readProposal } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, IsoTime, stdErrors } from "../../schemas.ts";
import { N, State, tags } from "./common.ts";

export const getProposalRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/proposals/:proposalId",
    {
      schema: {
        tags,
        summary: "A brain proposal: its payload and rationale, its agent, the plays drafted from it",
        params: Type.Object({ proposalId: IdParam("brain proposal") }),
        response: {
          200: Type.Object({
            proposal_id: Type.String(),
            agent_id: Type.String(),
            agent_name: Type.String(),
            created_at: IsoTime,
            payload: Type.Record(Type.String(), Type.Unknown()),
            rationale: N(Type.String()),
            plays: Type.Array(
              Type.Object({
                play_id: Type.String(),
                name: Type.String(),
                state: State,
                segment: N(Type.String()),
                hypothesis: Type.String(),
              }),
            ),
            events: Type.Integer({ description: "events of the log that carry this proposal" }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => readProposal(deps.db, req.principal, req.params.proposalId),
  );
};
