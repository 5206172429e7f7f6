// POST /api/v1/plays/:playId/approve: Approve as SLM or RevOps; the second approval (another person) activates the play.
// Registered by plays-routes.ts.
import { approvePlay } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { ApproveBody, PlayIdParams } from "../../schemas/plays.ts";
import { stdErrors } from "../../schemas.ts";
import { PlayRef, p, tags } from "./common.ts";

export const postPlayApproveRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/plays/:playId/approve",
    {
      // every field is optional, so the body itself may be left out
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags,
        summary: "Approve as SLM or RevOps; the second approval (another person) activates the play",
        params: PlayIdParams,
        body: ApproveBody,
        response: { 200: PlayRef, ...stdErrors },
      },
    },
    async (req) => approvePlay(deps.db, p(req), req.params.playId, (req.body ?? {}) as any, deps.now()),
  );
};
