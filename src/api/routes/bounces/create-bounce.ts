// POST /api/v1/bounces: Report a bounce: the delivery and its send item fail with the error, never resent.
// Registered by bounces-routes.ts.
import { processBounce } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { BounceBody, BounceResult } from "./common.ts";

export const createBounceRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/bounces",
    {
      schema: {
        tags: ["engine"],
        summary: "Report a bounce: the delivery and its send item fail with the error, never resent",
        body: BounceBody,
        response: { 200: BounceResult, ...stdErrors },
      },
    },
    async (req) =>
      processBounce(
        deps.db,
        req.principal,
        { messageId: req.body.message_id, error: req.body.error, transient: req.body.transient },
        deps.now(),
      ),
  );
};
