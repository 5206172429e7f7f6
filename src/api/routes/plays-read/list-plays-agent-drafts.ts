// GET /api/v1/plays/agents/:agentId/drafts: A brain agent's drafts, newest first, every state (brain calibration).
// Registered by plays-read-routes.ts.
import { Type } from "typebox";
import { listAgentDrafts } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { PageOnly, PlayPage } from "../../schemas/plays.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const listPlaysAgentDraftsRoute: RouteModule = (app, deps) => {
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
};
