// The coordinator's hot path and the lineage reads (spec 000 indexes 1, 2, 4, 5).
import { Type } from "typebox";
import {
  activePlaysForAccount,
  activePlaysForSegment,
  listAgentDrafts,
  listByProposal,
} from "../../plays/index.ts";
import type { RouteModule } from "../context.ts";
import { PageOnly, PlayList, PlayPage, SegmentParams } from "../schemas/plays.ts";
import { IdParam, PageQuery, stdErrors } from "../schemas.ts";

const tags = ["plays"];

export const playsReadRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/active/segments/:segment",
    {
      schema: {
        tags,
        summary:
          "Active, unexpired plays of a segment (AGT-302 hot path); unpaged: the segment's active-play cap bounds it",
        params: SegmentParams,
        response: { 200: PlayList, ...stdErrors },
      },
    },
    async (req) => ({
      items: await activePlaysForSegment(deps.db, req.principal, req.params.segment, deps.now()),
    }),
  );

  app.get(
    "/api/v1/plays/active/accounts/:accountId",
    {
      schema: {
        tags,
        summary: "Active plays for an account: its account-specific play and its segment's plays",
        params: Type.Object({ accountId: IdParam("account", "text") }),
        response: {
          200: Type.Object({
            account_id: Type.String(),
            segment: Type.Union([Type.String(), Type.Null()]),
            account_plays: Type.Array(Type.Ref("Play")),
            segment_plays: Type.Array(Type.Ref("Play")),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => activePlaysForAccount(deps.db, req.principal, req.params.accountId, deps.now()),
  );

  app.get(
    "/api/v1/plays/agents/:agentId/drafts",
    {
      schema: {
        tags,
        summary: "A brain agent's drafts, newest first, every state (brain calibration)",
        params: Type.Object({
          agentId: Type.String({
            pattern: "^AGT-[0-9]{3,6}$",
            description: "The brain agent's id (AGT-901)",
          }),
        }),
        querystring: PageOnly,
        response: { 200: PlayPage, ...stdErrors },
      },
    },
    async (req) => listAgentDrafts(deps.db, req.principal, req.params.agentId, req.query as any, deps.now()),
  );

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
