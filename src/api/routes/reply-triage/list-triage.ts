// GET /api/v1/replies/triage: the reply triage queue, replies that wait for a person, oldest first.
// Registered by reply-triage-routes.ts.
import { Type } from "typebox";
import { listTriage } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { TriageListQuery } from "../../schemas/reply-triage.ts";
import { stdErrors } from "../../schemas.ts";
import { tags, triager } from "./common.ts";

export const listTriageRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/replies/triage",
    {
      ...triager("read the reply triage queue"),
      schema: {
        tags,
        summary:
          "The reply triage queue: replies that wait for a person, oldest first (status=decided|auto for the others); each principal sees the campaigns its role owns (RevOps, slm, admin: all)",
        querystring: TriageListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref("TriageReply")),
            next_cursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      listTriage(deps.db, req.principal, {
        status: req.query.status,
        campaign: req.query.campaign,
        owner: req.query.owner,
        contactId: req.query.contact_id,
        limit: req.query.limit,
        cursor: req.query.cursor,
      }),
  );
};
