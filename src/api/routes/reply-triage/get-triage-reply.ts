// GET /api/v1/replies/triage/:id: one reply in triage with its reading, contact and account, and
// what each choice will do. Registered by reply-triage-routes.ts.
import { Type } from "typebox";
import { getTriageReply } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Params, tags, triager } from "./common.ts";

export const getTriageReplyRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/replies/triage/:id",
    {
      ...triager("read the reply triage queue"),
      schema: {
        tags,
        summary:
          "One reply in triage: its own words and the quoted original apart, the reading, the contact and account, and what each choice will do",
        params: Params,
        response: { 200: Type.Ref("TriageReplyDetail"), ...stdErrors },
      },
    },
    async (req) => getTriageReply(deps.db, req.principal, req.params.id),
  );
};
