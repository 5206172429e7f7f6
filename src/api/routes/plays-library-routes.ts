// The play library and its lineage for people (issue 37): every play by state with filters, the
// figures of a segment's active plays (to choose one to retire at the cap), and a brain proposal's
// page. Thin: parse, call one domain function, map the result.
import { Type } from "typebox";
import { requireRole } from "../../auth/principal.ts";
import { playFigures } from "../../learning/index.ts";
import { activePlaysForSegment, listPlays, readProposal } from "../../plays/index.ts";
import type { RouteModule } from "../context.ts";
import { SegmentParams } from "../schemas/plays.ts";
import { IdParam, IsoTime, PAGE_FIELDS, stdErrors } from "../schemas.ts";

const tags = ["plays"];
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const State = Type.Union(["draft", "under_review", "active", "retired"].map((s) => Type.Literal(s)));
const Figures = Type.Object({ touches: Type.Integer(), replies: Type.Integer(), meetings: Type.Integer() });
// the funnel's readers (src/api/routes/learning-routes.ts)
const FIGURE_READERS = ["revops", "slm", "exec", "admin"] as const;

export const playsLibraryRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays",
    {
      schema: {
        tags,
        summary: "The play library: plays in one state or all, newest first, by segment, agent and text",
        querystring: Type.Object({
          state: Type.Optional({
            ...State,
            description: "Only plays in this state; every state when omitted",
          }),
          segment: Type.Optional(
            Type.String({ maxLength: 64, description: "Only plays of this segment (its key)" }),
          ),
          agent: Type.Optional(
            Type.String({ maxLength: 16, description: "Only plays this brain agent drafted (AGT-901)" }),
          ),
          q: Type.Optional(Type.String({ maxLength: 200, description: "words in the name or hypothesis" })),
          ...PAGE_FIELDS,
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref("Play")),
            next_cursor: N(Type.String()),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => listPlays(deps.db, req.principal, req.query as any, deps.now()),
  );

  app.get(
    "/api/v1/plays/active/segments/:segment/figures",
    {
      schema: {
        tags,
        summary:
          "A segment's active plays with their touches, replies and meetings (which to retire at the cap)",
        params: SegmentParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                play_id: Type.String(),
                name: Type.String(),
                activated_at: N(IsoTime),
                ...Figures.properties,
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      requireRole(req.principal, "read play figures", ...FIGURE_READERS);
      const plays = await activePlaysForSegment(deps.db, req.principal, req.params.segment, deps.now());
      const figures = await playFigures(
        deps.db,
        req.principal.clientId,
        plays.map((p) => p.play_id),
      );
      return {
        items: plays.map((p) => ({
          play_id: p.play_id,
          name: p.name,
          activated_at: p.activated_at,
          ...figures.get(p.play_id)!,
        })),
      };
    },
  );

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
